import { DIGITS, type AppFormat, type AppLine } from './app-format.js';
import { isDigit } from './char-codes.js';
import { digitsEnd, intIn } from './header-fields.js';
import { monthAt, readClock, readYear, timeEnd, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { timeWithoutYear, twoDigits } from '../decode/timestamp.js';

/**
 * Redis' own log line, as serverLogRaw writes it (src/server.c, 3.0 to 7.4; Valkey keeps it):
 * `fprintf(fp, "%d:%c %s %c %s\n", pid, role_char, buf, c[level], msg)`, the time being
 * `%d %b %Y %H:%M:%S.` and the milliseconds, the role X (sentinel), C (a forked child), S
 * (replica) or M (master), the mark one of `.-*#` (debug, verbose, notice, warning; see isMark):
 *   `1:M 29 Jun 2024 14:49:54.787 * Ready to accept connections tcp`
 * Redis 3.0 to 4.0 wrote the same without the year (`1:C 21 Jun 05:17:16.960 # ...`). KeyDB adds
 * its thread id (`1194427:1194501:M 19 Oct 2022 ...`); Redis 2.x wrote
 * `[%d] %d %b %H:%M:%S.%03d %c %s` (redisLogRaw, no year, no role):
 *   `[1249] 05 May 14:40:16.963 # Server started, Redis version 2.8.4`
 * Local times read as UTC, as the other formats without a zone.
 */
/**
 * The mark is checked but gives no level: Redis logs at `#` (warning) both the notices the redis
 * pack calls benign and the failures it calls fatal (`# Out Of Memory allocating ...`, then abort),
 * and the pack's severities apply to lines without a level of their own.
 */
function isMark(c: number): boolean {
  return c === 46 || c === 45 || c === 42 || c === 35;
}

function isRole(c: number): boolean {
  return c === 77 || c === 83 || c === 67 || c === 88;
}

/** `dd Mon[ yyyy] HH:MM:SS.mmm L msg` at `at` (the year only after a role): the line, or undefined. */
function readRest(s: string, at: number, role: boolean, pid: number, refMs: number): AppLine | undefined {
  const day = twoDigits(s, at);
  const month = monthAt(s, at + 3);
  if (day < 1 || day > 31 || month === 0 || s.charCodeAt(at + 2) !== 32 || s.charCodeAt(at + 6) !== 32) return undefined;
  let i = at + 7;
  let year = NaN;
  // Redis 3.x and 4.x printed no year (`%d %b %H:%M:%S.`) after the role either.
  const withYear = role && s.charCodeAt(i + 2) !== 58;
  if (withYear) {
    year = readYear(s, i);
    if (year !== year || s.charCodeAt(i + 4) !== 32) return undefined;
    i += 5;
  }
  const clock = readClock(s, i);
  if (clock !== clock) return undefined;
  i = timeEnd;
  if (s.charCodeAt(i) !== 32 || !isMark(s.charCodeAt(i + 1)) || s.charCodeAt(i + 2) !== 32) return undefined;
  // A header with nothing after its mark (the Windows port's first line of a bug report) is not
  // a blank line: read as one it would be dropped as noise, so the plain reading keeps it whole.
  if (i + 3 >= s.length) return undefined;
  const timeMs = withYear
    ? utcDayMs(year, month, day) + clock
    : timeWithoutYear(refMs, month, day, 0, 0, 0, clock);
  return makeAppLine(timeMs, 0, undefined, s.slice(i + 3), 'redis', undefined, undefined, pid);
}

export function parseRedis(s: string, refMs: number): AppLine | undefined {
  if (s.charCodeAt(0) === 91) {
    const e = digitsEnd(s, 1);
    if (e < 0 || e > 11 || s.charCodeAt(e) !== 93 || s.charCodeAt(e + 1) !== 32) return undefined;
    return readRest(s, e + 2, false, intIn(s, 1, e), refMs);
  }
  const e = digitsEnd(s, 0);
  if (e > 10 || s.charCodeAt(e) !== 58) return undefined;
  let i = e + 1;
  // KeyDB's `pid:tid:role`.
  if (isDigit(s.charCodeAt(i))) {
    const t = digitsEnd(s, i);
    if (t > i + 10 || s.charCodeAt(t) !== 58) return undefined;
    i = t + 1;
  }
  if (!isRole(s.charCodeAt(i)) || s.charCodeAt(i + 1) !== 32) return undefined;
  return readRest(s, i + 2, true, intIn(s, 0, e), refMs);
}

export const redisFormat: AppFormat = { name: 'redis', firstChars: DIGITS + '[', afterDigits: ':', parse: parseRedis };
