import type { AppLine } from './app-line.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromKlogLetter } from './severity-words.js';

const DAY_MS = 86_400_000;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9] as const;

/** The UTC year of the last reference time and its bounds: one `Date` per year, not per line. */
let refYear = 0;
let refYearStart = 0;
let refYearEnd = -1;
/** `Date.UTC` of the last year/month/day asked for. */
let dayKey = -1;
let dayKeyMs = 0;

function utcYear(refMs: number): number {
  if (refMs >= refYearStart && refMs < refYearEnd) return refYear;
  const y = new Date(refMs).getUTCFullYear();
  // Date.UTC reads years 0..99 as 19xx: only cache the years it reads as they are.
  if (y >= 1000 && y <= 9999) {
    refYear = y;
    refYearStart = Date.UTC(y, 0, 1);
    refYearEnd = Date.UTC(y + 1, 0, 1);
  }
  return y;
}

/** Date.UTC(year, month - 1, day, h, m, s), with the day's part cached for the next line. */
function utcMs(year: number, month: number, day: number, h: number, m: number, s: number): number {
  if (!(year >= 1000 && year <= 9999)) return Date.UTC(year, month - 1, day, h, m, s);
  const key = (year * 100 + month) * 100 + day;
  if (key !== dayKey) {
    dayKey = key;
    dayKeyMs = Date.UTC(year, month - 1, day);
  }
  return dayKeyMs + h * 3_600_000 + m * 60_000 + s * 1000;
}

/**
 * A year-less month/day/time (klog, RFC 3164 syslog) in UTC, in the year of `refMs`; a time more
 * than a day after the reference is last year's (a December line read in January).
 */
export function timeWithoutYear(
  refMs: number, month: number, day: number, h: number, m: number, s: number, fracMs: number,
): number {
  const year = utcYear(refMs);
  let t = utcMs(year, month, day, h, m, s) + fracMs;
  if (t > refMs + DAY_MS) t = Date.UTC(year - 1, month - 1, day, h, m, s) + fracMs;
  return t;
}

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1000;
}

/** Two digits as a number; negative when either is not a digit. */
function two(s: string, i: number): number {
  return digit(s, i) * 10 + digit(s, i + 1);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

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

/** klog / glog: `E0315 09:42:07.123456   12345 file.go:123] msg`; times read as UTC. */
export function parseKlog(text: string, refMs: number): AppLine | undefined {
  const severity = severityFromKlogLetter(text.charCodeAt(0));
  if (severity === 0) return undefined;
  const month = two(text, 1);
  const day = two(text, 3);
  const h = two(text, 6);
  const m = two(text, 9);
  const s = two(text, 12);
  if (month < 0 || day < 0 || h < 0 || m < 0 || s < 0) return undefined;
  if (text.charCodeAt(5) !== 32 || text.charCodeAt(8) !== 58 || text.charCodeAt(11) !== 58) return undefined;
  let i = 14;
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
  const t = timeWithoutYear(refMs, month, day, h, m, s, fracMs);
  return makeAppLine(t, severity, text[0], text.slice(end), 'klog');
}
