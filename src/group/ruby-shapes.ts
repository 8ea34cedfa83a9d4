import { isDigit, isLetter, isUpper } from '../parse/char-codes.js';

/*
 * Line shapes of the report Ruby prints for an uncaught exception (ruby/ruby eval_error.c,
 * 2.5-3.4: print_errinfo then print_backtrace): the first backtrace entry, `: `, the first line of
 * the message, ` (ClassName)`, then one `\tfrom <entry>` line per further frame; a thread that dies
 * with report_on_exception (thread.c, 2.5+) writes `#<Thread:0x... run> terminated with exception
 * (report_on_exception is true):` before the same report. A backtrace entry is
 * `path:line:in `method'` (Ruby 3.4: `path:line:in 'Class#method'`). Loggers (Rails, puma,
 * sidekiq) print the entries of `exception.backtrace` one per line without `from`, often unindented.
 * All by char code: the first test of each runs on every line that no group is waiting for.
 */

const IN = ':in ';
/** Paths longer than this are not a backtrace entry a person could read; bounds the scan. */
const MAX_LOCATION = 512;

/** Index just after `path:line:in <quote>method<quote>` starting at `i`, or -1. */
function entryEnd(text: string, i: number): number {
  const at = text.indexOf(IN, i);
  if (at <= i || at - i > MAX_LOCATION) return -1;
  // `path:123` before `:in`: digits, then a colon, and a path without spaces.
  let d = at - 1;
  while (d > i && isDigit(text.charCodeAt(d))) d--;
  if (d === at - 1 || text.charCodeAt(d) !== 58 || d === i) return -1;
  for (let k = i; k < d; k++) {
    const c = text.charCodeAt(k);
    if (c === 32 || c === 9) return -1;
  }
  const open = text.charCodeAt(at + IN.length);
  if (open !== 96 && open !== 39) return -1; // ` or '
  const close = text.indexOf("'", at + IN.length + 1);
  return close < 0 ? -1 : close + 1;
}

/** A class path: `NameError`, `ActiveRecord::RecordNotFound`. */
function isClassPath(text: string, start: number, end: number): boolean {
  if (end <= start || !isUpper(text.charCodeAt(start))) return false;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (isLetter(c) || isDigit(c) || c === 95) continue;
    if (c === 58 && text.charCodeAt(k + 1) === 58 && isUpper(text.charCodeAt(k + 2))) {
      k++;
      continue;
    }
    return false;
  }
  return true;
}

/**
 * `config.ru:4:in `block in <main>': undefined local variable ... (NameError)`, or with an empty
 * message `app.rb:3:in `<main>': Interrupt`: the first line of Ruby's uncaught-exception report.
 */
export function isRubyErrorLine(text: string): boolean {
  const n = text.length;
  const last = text.charCodeAt(n - 1);
  if (n < 12 || (last !== 41 && !isLetter(last))) return false;
  const end = entryEnd(text, 0);
  if (end < 0 || text.charCodeAt(end) !== 58 || text.charCodeAt(end + 1) !== 32) return false;
  if (last !== 41) return isClassPath(text, end + 2, n);
  const open = text.lastIndexOf(' (', n - 2);
  return open > end && isClassPath(text, open + 2, n - 1);
}

/** `#<Thread:0x00007f... run> terminated with exception (report_on_exception is true):`. */
export function isRubyThreadReport(text: string): boolean {
  return text.startsWith('#<Thread:') && text.endsWith('terminated with exception (report_on_exception is true):');
}

/**
 * One backtrace entry alone on its line: `/app/models/user.rb:12:in `save'`, `from ...` as a paste
 * without its tab keeps it, or Ruby 2.5-2.7's reversed tty order `  3: from ...`.
 */
export function isRubyFrameLine(text: string): boolean {
  const n = text.length;
  const last = text.charCodeAt(n - 1);
  if (n < 10 || (last !== 39 && last !== 96)) return false;
  let i = 0;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  if (isDigit(text.charCodeAt(i))) {
    while (isDigit(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) return false;
    i += 2;
  }
  if (text.startsWith('from ', i)) i += 5;
  return entryEnd(text, i) === n;
}
