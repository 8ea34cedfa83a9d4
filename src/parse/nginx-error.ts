import type { AppFormat, AppLine } from './app-format.js';
import { DIGITS } from './app-format.js';
import { digitsEnd, intIn } from './header-fields.js';
import { readClock, readYear, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';
import { twoDigits } from '../decode/timestamp.js';

/**
 * nginx's error log (ngx_log_error_core): `2023/03/15 09:42:07 [error] 123#456: *789 msg`. The
 * time, level, `pid#tid` and the `*connection` number are the header. Local time, read as UTC.
 */
export function parseNginxError(s: string): AppLine | undefined {
  if (s.charCodeAt(4) !== 47 || s.charCodeAt(7) !== 47 || s.charCodeAt(10) !== 32 || s.charCodeAt(19) !== 32 || s.charCodeAt(20) !== 91) {
    return undefined;
  }
  const close = s.indexOf(']', 21);
  if (close < 0 || close > 30 || s.charCodeAt(close + 1) !== 32) return undefined;
  const severity = severityInRange(s, 21, close);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const clock = readClock(s, 11);
  if (severity === 0 || clock !== clock || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const pidEnd = digitsEnd(s, close + 2);
  if (pidEnd < 0 || s.charCodeAt(pidEnd) !== 35) return undefined;
  const tidEnd = digitsEnd(s, pidEnd + 1);
  if (tidEnd < 0 || s.charCodeAt(tidEnd) !== 58) return undefined;
  let i = tidEnd + 1;
  if (s.charCodeAt(i) === 32) i++;
  if (s.charCodeAt(i) === 42) {
    const c = digitsEnd(s, i + 1);
    if (c > 0 && s.charCodeAt(c) === 32) i = c + 1;
  }
  const t = utcDayMs(readYear(s, 0), month, day) + clock;
  return makeAppLine(t, severity, s.slice(21, close), s.slice(i), 'nginx-error', undefined, s.slice(pidEnd + 1, tidEnd), intIn(s, close + 2, pidEnd));
}

export const nginxErrorFormat: AppFormat = { name: 'nginx-error', firstChars: DIGITS, afterDigits: '/', parse: parseNginxError };
