import type { AppFormat, AppLine } from './app-format.js';
import { digitsEnd, intIn } from './header-fields.js';
import { readClock, readYear, timeEnd, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { Severity } from '../model/severity.js';
import { twoDigits } from '../decode/timestamp.js';

/** spdlog's short level letters (%L): trace, debug, info, warn, error, critical. */
function letterSeverity(c: number): number {
  switch (c) {
    case 84: return Severity.TRACE;
    case 68: return Severity.DEBUG;
    case 73: return Severity.INFO;
    case 87: return Severity.WARN;
    case 69: return Severity.ERROR;
    case 67: return Severity.FATAL;
    default: return 0;
  }
}

/**
 * Ray's C++ log (src/ray/util/logging.cc, 1.x to 2.x), an spdlog pattern
 * `[%Y-%m-%d %H:%M:%S,%e %L %P %t] ` (time, level letter, pid, thread id), then RAY_LOG's
 * `file.cc:line: msg`; the raylet's and GCS's lines streamed to a driver keep the component
 * in front (`(raylet) `):
 *   `[2022-04-12 09:34:39,077 I 74 74] (raylet) io_service_pool.cc:35: IOServicePool is running with 1 io_service.`
 *   `[2024-01-02 03:04:05,678 E 123 456] core_worker.cc:201: Failed to register worker to Raylet`
 * The message starts after the header; local times read as UTC.
 */
export function parseRaySpdlog(s: string): AppLine | undefined {
  if (s.charCodeAt(5) !== 45 || s.charCodeAt(8) !== 45 || s.charCodeAt(11) !== 32 || s.charCodeAt(20) !== 44) return undefined;
  const month = twoDigits(s, 6);
  const day = twoDigits(s, 9);
  const clock = readClock(s, 12);
  if (clock !== clock || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const i = timeEnd;
  const severity = letterSeverity(s.charCodeAt(i + 1));
  if (s.charCodeAt(i) !== 32 || severity === 0 || s.charCodeAt(i + 2) !== 32) return undefined;
  const pidEnd = digitsEnd(s, i + 3);
  if (pidEnd < 0 || s.charCodeAt(pidEnd) !== 32) return undefined;
  const tidEnd = digitsEnd(s, pidEnd + 1);
  if (tidEnd < 0 || s.charCodeAt(tidEnd) !== 93) return undefined;
  const at = s.charCodeAt(tidEnd + 1) === 32 ? tidEnd + 2 : tidEnd + 1;
  return makeAppLine(utcDayMs(readYear(s, 1), month, day) + clock, severity, s[i + 1], s.slice(at), 'ray', undefined, undefined, intIn(s, i + 3, pidEnd));
}

export const raySpdlogFormat: AppFormat = { name: 'ray', firstChars: '[', parse: parseRaySpdlog };
