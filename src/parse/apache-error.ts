import type { AppFormat, AppLine } from './app-format.js';
import { isLetter } from './char-codes.js';
import { bracketEnd, digitsEnd, intIn } from './header-fields.js';
import { monthAt, readClock, readDay, readYear, timeEnd, utcDayMs, weekdayAt } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';

/**
 * Apache httpd's error log: 2.2's `[Sun Dec 04 04:47:44 2005] [notice] msg` and 2.4's
 * `[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client ...] AH00124: msg`
 * (ErrorLogFormat's default). Time, level and pid/tid are the header; `[client ...]` stays in the
 * message, as httpd prints it only for some lines. Times are read as UTC (httpd writes local time).
 */
export function parseApacheError(s: string): AppLine | undefined {
  if (s.charCodeAt(4) !== 32 || s.charCodeAt(8) !== 32 || !weekdayAt(s, 1)) return undefined;
  const month = monthAt(s, 5);
  const day = readDay(s, 9);
  if (month === 0 || day !== day || s.charCodeAt(timeEnd) !== 32) return undefined;
  const clock = readClock(s, timeEnd + 1);
  if (clock !== clock || s.charCodeAt(timeEnd) !== 32) return undefined;
  const yearAt = timeEnd + 1;
  const year = readYear(s, yearAt);
  if (year !== year || s.charCodeAt(yearAt + 4) !== 93 || s.charCodeAt(yearAt + 5) !== 32) return undefined;
  const levelOpen = yearAt + 6;
  const levelClose = bracketEnd(s, levelOpen, 91, 93, 40);
  if (levelClose < 0) return undefined;
  // `[core:error]`: the level follows the module; `trace3` is TRACE.
  const colon = s.lastIndexOf(':', levelClose);
  let from = colon > levelOpen ? colon + 1 : levelOpen + 1;
  let to = from;
  while (to < levelClose - 1 && isLetter(s.charCodeAt(to))) to++;
  const severity = severityInRange(s, from, to);
  if (severity === 0) return undefined;
  const level = s.slice(from, levelClose - 1);
  let i = levelClose;
  let pid: number | undefined;
  let thread: string | undefined;
  if (s.charCodeAt(i) === 32 && s.startsWith('[pid ', i + 1)) {
    const e = bracketEnd(s, i + 1, 91, 93, 64);
    if (e > 0) {
      from = i + 6;
      to = digitsEnd(s, from);
      if (to > 0) pid = intIn(s, from, to);
      if (to > 0 && s.startsWith(':tid ', to)) thread = s.slice(to + 5, e - 1);
      i = e;
    }
  }
  if (s.charCodeAt(i) === 32) i++;
  return makeAppLine(utcDayMs(year, month, day) + clock, severity, level, s.slice(i), 'apache-error', undefined, thread, pid);
}

export const apacheErrorFormat: AppFormat = { name: 'apache-error', firstChars: '[', parse: parseApacheError };
