/**
 * Readers for the clock and date shapes that application headers use (`04:47:44.675`,
 * `Sun Dec 04 ...`, `yy/MM/dd`, `yyMMdd HHmmss`), by char code like decode/timestamp.ts. Each
 * returns NaN when the text at the position is not in that shape; the end of what it read is left
 * in `timeEnd` (one shared slot rather than an object per call).
 */
import { twoDigits } from '../decode/timestamp.js';
import { isDigit } from './char-codes.js';

/** Index just after the last time read. */
export let timeEnd = 0;

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9] as const;

let cachedKey = -1;
let cachedDayMs = 0;

/** `Date.UTC(year, month - 1, day)`, cached for the next line of the same day. */
export function utcDayMs(year: number, month: number, day: number): number {
  const key = (year * 13 + month) * 32 + day;
  if (key !== cachedKey) {
    cachedKey = key;
    cachedDayMs = Date.UTC(year, month - 1, day);
  }
  return cachedDayMs;
}

/**
 * `HH:MM:SS` with an optional `.`/`,` fraction (up to 9 digits) at `at`, as ms into the day;
 * `sep` is the separator between the fields (`:` usually, `.` in BGL's `15.42.50`).
 */
export function readClock(s: string, at: number, sep = 58): number {
  const h = twoDigits(s, at);
  const m = twoDigits(s, at + 3);
  const sec = twoDigits(s, at + 6);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return NaN;
  if (s.charCodeAt(at + 2) !== sep || s.charCodeAt(at + 5) !== sep) return NaN;
  let i = at + 8;
  let ms = h * 3_600_000 + m * 60_000 + sec * 1000;
  const c = s.charCodeAt(i);
  if ((c === 46 || c === 44) && isDigit(s.charCodeAt(i + 1))) {
    i++;
    let frac = 0;
    let digits = 0;
    while (isDigit(s.charCodeAt(i))) {
      if (digits < 9) {
        frac = frac * 10 + s.charCodeAt(i) - 48;
        digits++;
      }
      i++;
    }
    ms += (frac * 1000) / POW10[digits];
  }
  timeEnd = i;
  return ms;
}

/** `HHMMSS` (no separators) at `at`, as ms into the day. */
export function readCompactClock(s: string, at: number): number {
  const h = twoDigits(s, at);
  const m = twoDigits(s, at + 2);
  const sec = twoDigits(s, at + 4);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return NaN;
  timeEnd = at + 6;
  return h * 3_600_000 + m * 60_000 + sec * 1000;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const WEEKDAYS = 'MonTueWedThuFriSatSun';

/** Month 1..12 of the English abbreviation at `at` (`Mar`), 0 when it is not one. */
export function monthAt(s: string, at: number): number {
  const c0 = s.charCodeAt(at);
  if (c0 < 65 || c0 > 90) return 0;
  for (let k = 0; k < 36; k += 3) {
    if (c0 === MONTHS.charCodeAt(k) && s.charCodeAt(at + 1) === MONTHS.charCodeAt(k + 1) && s.charCodeAt(at + 2) === MONTHS.charCodeAt(k + 2)) {
      return k / 3 + 1;
    }
  }
  return 0;
}

/** Whether the English weekday abbreviation (`Sun`) is at `at`. */
export function weekdayAt(s: string, at: number): boolean {
  const c0 = s.charCodeAt(at);
  for (let k = 0; k < 21; k += 3) {
    if (c0 === WEEKDAYS.charCodeAt(k) && s.charCodeAt(at + 1) === WEEKDAYS.charCodeAt(k + 1) && s.charCodeAt(at + 2) === WEEKDAYS.charCodeAt(k + 2)) {
      return true;
    }
  }
  return false;
}

/** A day of month written `04`, ` 4` or `4` at `at`; its value, the end in `timeEnd`. */
export function readDay(s: string, at: number): number {
  let i = at;
  if (s.charCodeAt(i) === 32) i++;
  let d = 0;
  const start = i;
  while (i < start + 2 && isDigit(s.charCodeAt(i))) d = d * 10 + s.charCodeAt(i++) - 48;
  if (i === start || d < 1 || d > 31) return NaN;
  timeEnd = i;
  return d;
}

/** Four digits at `at` as a year, or NaN. */
export function readYear(s: string, at: number): number {
  const a = twoDigits(s, at);
  const b = twoDigits(s, at + 2);
  return a < 0 || b < 0 ? NaN : a * 100 + b;
}

/**
 * A time zone right after a time field, `s[from, to)`: `UTC`/`GMT` (the time stands), a numeric
 * offset `+0900`, `-07:00` or `+03` (applied), or a common abbreviation (`CET`, `PDT`: its offset
 * is not known here). The offset in minutes, `NaN` for a name without one, undefined when not a zone.
 */
export function zoneIn(s: string, from: number, to: number): number | undefined {
  const n = to - from;
  const c = s.charCodeAt(from);
  if (c === 43 || c === 45) {
    if (n !== 3 && n !== 5 && !(n === 6 && s.charCodeAt(from + 3) === 58)) return undefined;
    const h = twoDigits(s, from + 1);
    const m = n === 3 ? 0 : twoDigits(s, n === 6 ? from + 4 : from + 3);
    if (!(h >= 0 && h <= 14 && m >= 0 && m < 60)) return undefined;
    return (c === 45 ? -1 : 1) * (h * 60 + m);
  }
  if (n < 3 || n > 4) return undefined;
  const name = s.slice(from, to);
  if (name === 'UTC' || name === 'GMT') return 0;
  return ZONE_NAMES.has(name) ? NaN : undefined;
}

/** Zone abbreviations servers print after a time (not `GET` or `OK`: only these). */
const ZONE_NAMES = new Set(
  'CET CEST EET EEST WET WEST BST IST MSK EST EDT CST CDT MST MDT PST PDT AKST AKDT HST JST KST HKT SGT AEST AEDT ACST AWST NZST NZDT'.split(' '),
);
