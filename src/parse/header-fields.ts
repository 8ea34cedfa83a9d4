/**
 * Field readers shared by the header parsers: a level word, a bracketed field with nested
 * brackets, a run of digits, a logger name. Each returns the index after what it read, or -1;
 * values are left in module slots rather than objects so a failed look allocates nothing.
 */
import { isDigit } from './char-codes.js';
import { severityInRange } from './severity-words.js';

/** SeverityNumber of the last level word `readLevel` accepted. */
export let levelSeverity = 0;

/** An upper-case level word (`INFO`, `WARN`, `SEVERE`) at `at`, ended by a space or the line's end. */
export function readLevel(s: string, at: number): number {
  let i = at;
  while (i < at + 9) {
    const c = s.charCodeAt(i);
    if (c < 65 || c > 90) break;
    i++;
  }
  if (i - at < 3 || (i < s.length && s.charCodeAt(i) !== 32)) return -1;
  levelSeverity = severityInRange(s, at, i);
  return levelSeverity > 0 ? i : -1;
}

/** The end of the bracketed field that opens at `at` (`[a[b]c]`), nesting counted, or -1. */
export function bracketEnd(s: string, at: number, open = 91, close = 93, limit = 256): number {
  if (s.charCodeAt(at) !== open) return -1;
  let depth = 0;
  const end = Math.min(s.length, at + limit);
  for (let i = at; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === open) depth++;
    else if (c === close && --depth === 0) return i + 1;
  }
  return -1;
}

/** The end of a run of at least `min` digits at `at`, or -1. */
export function digitsEnd(s: string, at: number, min = 1): number {
  let i = at;
  while (isDigit(s.charCodeAt(i))) i++;
  return i - at >= min ? i : -1;
}

/** The decimal number in `s[from, to)` (digits only, checked by the caller). */
export function intIn(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

export function skipSpaces(s: string, at: number): number {
  let i = at;
  while (s.charCodeAt(i) === 32) i++;
  return i;
}

/** Letters, digits and `_ $ . - / #` plus `[]` `()`: what logger, tag and class names are made of. */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)
    || c === 95 || c === 36 || c === 46 || c === 45 || c === 47 || c === 35;
}

/** The end of a logger-like name at `at` (no spaces, name characters only), or -1. */
export function nameEnd(s: string, at: number, limit = 160): number {
  let i = at;
  const end = Math.min(s.length, at + limit);
  while (i < end && isNameChar(s.charCodeAt(i))) i++;
  return i > at ? i : -1;
}

/** Whether `s[from, to)` has a `.` or `$` (a qualified Java/Python name, not a word of prose). */
export function isQualified(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c === 36) return i > from && i < to - 1;
  }
  return false;
}
