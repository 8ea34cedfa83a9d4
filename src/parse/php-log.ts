import type { AppFormat, AppLine } from './app-format.js';
import { monthAt, readClock, timeEnd, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';
import { Severity } from '../model/severity.js';
import { twoDigits } from '../decode/timestamp.js';

/**
 * PHP's own error log and PHP-FPM's log, which share the `[dd-Mon-yyyy HH:MM:SS]` stamp:
 * - php_log_err_with_severity (main/main.c, PHP 5.3 to 8.4) writes `[%s] %s` with the time as
 *   `d-M-Y H:i:s e` (the zone's identifier: `UTC`, `Europe/Berlin`), the message being
 *   php_error_cb's `PHP %s:  %s in %s on line %d`:
 *   `[15-Mar-2023 09:42:07 UTC] PHP Fatal error:  Uncaught Error: Call to undefined function foo() in /var/www/index.php:3`
 * - FPM's zlog (sapi/fpm/fpm/zlog.c, 5.3 to 8.4): `%d-%b-%Y %H:%M:%S` (with `.%06d` at debug level),
 *   then the level name (DEBUG NOTICE WARNING ERROR ALERT) and `: `:
 *   `[15-Mar-2023 09:42:07] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it`
 * PHP's error type gives the level (fatal, recoverable and parse errors ERROR; warnings WARN;
 * notices, deprecations and strict standards INFO). The PHP message is kept whole (`PHP Fatal
 * error:  ...`, which the php-fpm pack reads); FPM's message starts after its level. A stamp with
 * a named zone other than UTC keeps the transport's time. FPM's slow log (`[date]  [pool www] pid N`)
 * has no level and stays with the plain reading.
 */
export const PHP_TYPES: ReadonlyMap<string, number> = new Map([
  // php_error_cb's error_type_str: every error kind but the recoverable one prints `Fatal error`.
  ['Fatal error', Severity.ERROR], ['Recoverable fatal error', Severity.ERROR], ['Parse error', Severity.ERROR], ['Unknown error', Severity.ERROR],
  ['Warning', Severity.WARN], ['Notice', Severity.INFO], ['Deprecated', Severity.INFO], ['Strict Standards', Severity.INFO],
]);

export function parsePhpLog(s: string): AppLine | undefined {
  if (s.charCodeAt(3) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(12) !== 32) return undefined;
  const day = twoDigits(s, 1);
  const month = monthAt(s, 4);
  const year = twoDigits(s, 8) * 100 + twoDigits(s, 10);
  const clock = readClock(s, 13);
  if (month === 0 || day < 1 || day > 31 || year < 0 || clock !== clock) return undefined;
  let i = timeEnd;
  let dated = true;
  if (s.charCodeAt(i) === 32) {
    const close = s.indexOf(']', i);
    if (close < 0 || close - i > 40) return undefined;
    const zone = s.slice(i + 1, close);
    if (zone.includes(' ')) return undefined;
    dated = zone === 'UTC' || zone === 'GMT' || zone === 'Z';
    i = close;
  }
  if (s.charCodeAt(i) !== 93 || s.charCodeAt(i + 1) !== 32) return undefined;
  const timeMs = dated ? utcDayMs(year, month, day) + clock : undefined;
  const at = i + 2;
  if (s.startsWith('PHP ', at)) {
    const colon = s.indexOf(':', at + 4);
    if (colon < 0 || colon - at > 30) return undefined;
    const severity = PHP_TYPES.get(s.slice(at + 4, colon));
    if (severity === undefined) return undefined;
    return makeAppLine(timeMs, severity, s.slice(at + 4, colon), s.slice(at), 'php');
  }
  const colon = s.indexOf(': ', at);
  if (colon < at + 4 || colon > at + 7) return undefined;
  const severity = severityInRange(s, at, colon);
  if (severity === 0) return undefined;
  return makeAppLine(timeMs, severity, s.slice(at, colon), s.slice(colon + 2), 'php');
}

export const phpLogFormat: AppFormat = { name: 'php', firstChars: '[', parse: parsePhpLog };
