import type { AppFormat, AppLine } from './app-format.js';
import { bracketEnd } from './header-fields.js';
import { readClock, readYear, timeEnd, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { Severity } from '../model/severity.js';
import { twoDigits } from '../decode/timestamp.js';

const LEVELS: ReadonlyMap<string, number> = new Map([
  ['error', Severity.ERROR], [' warn', Severity.WARN], [' info', Severity.INFO], ['debug', Severity.DEBUG], ['trace', Severity.TRACE], [' help', Severity.INFO],
]);

/**
 * Fluent Bit's own log (src/flb_log.c, flb_log_construct, 1.x to 4.x): `[%i/%02i/%02i
 * %02i:%02i:%02i] [%5s] ` then the message, the level name right-aligned in five (`[ info]`,
 * `[ warn]`, `[error]`, `[debug]`, `[trace]`, `[ help]`), the message usually opening with the
 * plugin instance or subsystem in brackets, which is the logger here (and stays in the message):
 *   `[2023/07/25 05:26:44] [error] [output:s3:s3.1] PutObject request failed`
 *   `[2021/05/25 15:49:24] [ info] [engine] started (pid=1)`
 * Local times read as UTC; the colours of a terminal are removed before parsing (decode).
 */
export function parseFluentBitLog(s: string): AppLine | undefined {
  if (s.charCodeAt(5) !== 47 || s.charCodeAt(8) !== 47 || s.charCodeAt(11) !== 32) return undefined;
  const month = twoDigits(s, 6);
  const day = twoDigits(s, 9);
  const clock = readClock(s, 12);
  if (clock !== clock || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const i = timeEnd;
  if (s.charCodeAt(i) !== 93 || s.charCodeAt(i + 1) !== 32 || s.charCodeAt(i + 2) !== 91 || s.charCodeAt(i + 8) !== 93) return undefined;
  const level = s.slice(i + 3, i + 8);
  const severity = LEVELS.get(level);
  if (severity === undefined) return undefined;
  const timeMs = utcDayMs(readYear(s, 1), month, day) + clock;
  let at = i + 9;
  if (s.charCodeAt(at) === 32) at++;
  // The bracket stays in the message too: the fluent-bit pack reads `[storage] ...`, `[engine] ...`.
  const end = bracketEnd(s, at, 91, 93, 80);
  const logger = end > 0 && s.charCodeAt(end) === 32 ? s.slice(at + 1, end - 1) : undefined;
  return makeAppLine(timeMs, severity, level.trim(), s.slice(at), 'fluent-bit', logger);
}

export const fluentBitLogFormat: AppFormat = { name: 'fluent-bit', firstChars: '[', parse: parseFluentBitLog };
