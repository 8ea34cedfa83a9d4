import type { AppFormat, AppLine } from './app-format.js';
import { readYear } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { isDigit } from './char-codes.js';
import { severityFromKlogLetter } from './severity-words.js';
import { timeWithoutYear, twoDigits } from '../decode/timestamp.js';

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9] as const;

/**
 * Length of the header `Lmmdd hh:mm:ss[.f{1,9}] +\d+ [^ \]]+\] ?` (letter and digits checked
 * by the caller's reads), or -1. By char code: the regex it replaces cost more than the rest of
 * the line's parsing.
 */
function headerEnd(text: string, fracEnd: number): number {
  let i = fracEnd;
  if (text.charCodeAt(i) !== 32) return -1;
  while (text.charCodeAt(i) === 32) i++;
  const thread = i;
  while (isDigit(text.charCodeAt(i))) i++;
  if (i === thread || text.charCodeAt(i) !== 32) return -1;
  i++;
  const file = i;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 93) break;
    if (c === 32 || c !== c) return -1;
    i++;
  }
  if (i === file) return -1;
  i++;
  return text.charCodeAt(i) === 32 ? i + 1 : i;
}

/**
 * Where the `file:line]` of the header starts (after the thread id). glog's C++ servers keep it
 * in the message: the packs read CHECK failures with their source position
 * (`engine_shard.cc:318] Check failed: ...`, glog logging.h), as these lines were read before
 * their header was.
 */
function fileStart(text: string, fracEnd: number): number {
  let i = fracEnd;
  while (text.charCodeAt(i) === 32) i++;
  while (isDigit(text.charCodeAt(i))) i++;
  return i + 1;
}

/**
 * klog's `Lmmdd ` header: one of I/W/E/F, four digits, a space (a cheap look before parsing), or
 * glog's `Lyyyymmdd ` (see parseKlog).
 */
export function looksLikeKlogHeader(text: string): boolean {
  const c0 = text.charCodeAt(0);
  return (c0 === 73 || c0 === 87 || c0 === 69 || c0 === 70)
    && isDigit(text.charCodeAt(1)) && isDigit(text.charCodeAt(4))
    && (text.charCodeAt(5) === 32 || (isDigit(text.charCodeAt(8)) && text.charCodeAt(9) === 32));
}

/**
 * klog / glog: `E0315 09:42:07.123456   12345 file.go:123] msg`; times read as UTC. glog 0.6 and
 * later put the year first by default (logging.cc, LogMessage's prefix, `FLAGS_log_year_in_prefix`
 * true): `I20250514 18:49:28.505877     1 dfly_main.cc:752] msg` (Dragonfly, Apache Kudu); their
 * message keeps its `file:line]` (fileStart).
 */
export function parseKlog(text: string, refMs: number): AppLine | undefined {
  if (!looksLikeKlogHeader(text)) return undefined;
  const severity = severityFromKlogLetter(text.charCodeAt(0));
  if (severity === 0) return undefined;
  // With a year the fields sit four chars further on.
  const y = text.charCodeAt(5) === 32 ? 0 : 4;
  const year = y === 0 ? 0 : readYear(text, 1);
  const month = twoDigits(text, 1 + y);
  const day = twoDigits(text, 3 + y);
  const h = twoDigits(text, 6 + y);
  const m = twoDigits(text, 9 + y);
  const s = twoDigits(text, 12 + y);
  if (!(year >= 0) || month < 0 || day < 0 || h < 0 || m < 0 || s < 0) return undefined;
  if (text.charCodeAt(5 + y) !== 32 || text.charCodeAt(8 + y) !== 58 || text.charCodeAt(11 + y) !== 58) return undefined;
  let i = 14 + y;
  let frac = 0;
  let digits = 0;
  if (text.charCodeAt(i) === 46) {
    i++;
    for (let d = text.charCodeAt(i) - 48; d >= 0 && d <= 9; d = text.charCodeAt(i) - 48) {
      frac = frac * 10 + d;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 9) return undefined;
  }
  const end = headerEnd(text, i);
  if (end < 0) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const fracMs = digits === 0 ? 0 : (frac * 1000) / POW10[digits];
  const t = y === 0 ? timeWithoutYear(refMs, month, day, h, m, s, fracMs) : Date.UTC(year, month - 1, day, h, m, s) + fracMs;
  return makeAppLine(t, severity, text[0], text.slice(y === 0 ? end : fileStart(text, i)), 'klog');
}

export const klogFormat: AppFormat = { name: 'klog', firstChars: 'IWEF', parse: parseKlog };
