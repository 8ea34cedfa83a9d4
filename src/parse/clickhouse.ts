import type { AppFormat, AppLine } from './app-format.js';
import { DIGITS } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { readClock, readYear, utcDayMs } from './header-time.js';
import { severityInRange } from './severity-words.js';
import { twoDigits } from '../decode/timestamp.js';
import { Severity } from '../model/severity.js';

/**
 * ClickHouse's server log (src/Loggers/OwnPatternFormatter.cpp formatExtended, 20.x-24.x):
 * `2021.11.17 19:34:25.995446 [ 9338 ] {query_id} <Information> Application: text`: the date
 * with dots (kept "for compatibility with old logs"), microseconds, the thread id between `[ ` and
 * ` ]`, the query id in braces (written even when empty; releases before 20.x have none), the
 * priority name of Poco::Message in angle brackets (Fatal, Critical, Error, Warning, Notice,
 * Information, Debug, Trace; Test in test builds), then the logger (`executeQuery`,
 * `ContextAccess (default)`) and `: `. The time is the server's local time, read as UTC. The
 * message keeps the `<Level>` as capnslog's keeps its letter: the ClickHouse pack keys on
 * `<Fatal> BaseDaemon: `.
 */

export function parseClickHouse(s: string): AppLine | undefined {
  // `2021.11.17 19:34:25.995446 [ `
  if (s.charCodeAt(4) !== 46 || s.charCodeAt(7) !== 46 || s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46) return undefined;
  if (s.charCodeAt(26) !== 32 || s.charCodeAt(27) !== 91 || s.charCodeAt(28) !== 32) return undefined;
  const close = s.indexOf(' ] ', 29);
  if (close < 0 || close > 40) return undefined;
  let i = close + 3;
  if (s.charCodeAt(i) === 123) {
    const brace = s.indexOf('} ', i);
    if (brace < 0 || brace > i + 100) return undefined;
    i = brace + 2;
  }
  const level = i;
  const end = s.indexOf('> ', i);
  if (s.charCodeAt(i) !== 60 || end < 0 || end > i + 13) return undefined;
  const severity = priority(s, i + 1, end);
  if (severity === 0) return undefined;
  const colon = s.indexOf(': ', end + 2);
  const logger = colon > end + 2 && colon < end + 120 ? s.slice(end + 2, colon) : undefined;
  return makeAppLine(timeOf(s), severity, s.slice(i + 1, end), s.slice(level), 'clickhouse', logger);
}

/** Poco's priority names; Test (a test build's) reads as trace. */
function priority(s: string, start: number, end: number): number {
  if (end - start === 4 && s.startsWith('Test', start)) return Severity.TRACE;
  return severityInRange(s, start, end);
}

/** ms of `YYYY.MM.DD HH:MM:SS.ffffff`, NaN when a field is not a number in range. */
function timeOf(s: string): number {
  const year = readYear(s, 0);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (year !== year || month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  return utcDayMs(year, month, day) + readClock(s, 11);
}

export const clickHouseFormat: AppFormat = { name: 'clickhouse', firstChars: DIGITS, afterDigits: '.', parse: parseClickHouse };
