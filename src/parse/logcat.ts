import { DIGITS, UPPER, type AppFormat, type AppLine } from './app-format.js';
import { isDigit } from './char-codes.js';
import { digitsEnd, intIn, skipSpaces } from './header-fields.js';
import { readClock, readYear, timeEnd, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { Severity } from '../model/severity.js';
import { timeWithoutYear, twoDigits } from '../decode/timestamp.js';

/** logcat's priority letters (android/log.h): Verbose, Debug, Info, Warn, Error, Fatal, Assert. */
function logcatSeverity(c: number): number {
  switch (c) {
    case 86: return Severity.TRACE; // V
    case 68: return Severity.DEBUG; // D
    case 73: return Severity.INFO; // I
    case 87: return Severity.WARN; // W
    case 69: return Severity.ERROR; // E
    case 70: return Severity.FATAL; // F
    case 65: return Severity.FATAL; // A
    default: return 0;
  }
}

/** `D/Tag( 1234): msg` or `D/Tag: msg` at `at` (brief, tag, time formats). */
function briefAt(s: string, at: number, timeMs: number | undefined): AppLine | undefined {
  const severity = logcatSeverity(s.charCodeAt(at));
  if (severity === 0 || s.charCodeAt(at + 1) !== 47) return undefined;
  const colon = s.indexOf(': ', at + 2);
  if (colon < 0 || colon - at > 100) return undefined;
  let tagEnd = colon;
  let pid: number | undefined;
  if (s.charCodeAt(colon - 1) === 41) {
    const open = s.lastIndexOf('(', colon);
    const p = skipSpaces(s, open + 1);
    if (open > at + 2 && digitsEnd(s, p) === colon - 1) {
      pid = intIn(s, p, colon - 1);
      tagEnd = open;
    }
  }
  const tag = s.slice(at + 2, tagEnd).trimEnd();
  return makeAppLine(timeMs, severity, s[at], s.slice(colon + 2), 'logcat', tag, undefined, pid);
}

/**
 * Android logcat: `threadtime` (`03-17 16:13:38.811  1702  2395 D WindowManager: msg`, the
 * default), `time` (`03-17 16:13:38.811 D/WindowManager( 1702): msg`), `brief`
 * (`D/WindowManager( 1702): msg`) and `tag`, with or without the year (`-v year`). The tag is the
 * logger; times without a year take the reference time's; all read as UTC.
 */
export function parseLogcat(s: string, refMs: number): AppLine | undefined {
  const c0 = s.charCodeAt(0);
  if (!isDigit(c0)) return briefAt(s, 0, undefined);
  const at = s.charCodeAt(4) === 45 ? 5 : 0; // `2023-03-17 ...`
  if (s.charCodeAt(at + 2) !== 45 || s.charCodeAt(at + 5) !== 32) return undefined;
  const month = twoDigits(s, at);
  const day = twoDigits(s, at + 3);
  const clock = readClock(s, at + 6);
  if (clock !== clock || month < 1 || month > 12 || day < 1 || day > 31 || s.charCodeAt(timeEnd) !== 32) return undefined;
  const t = at === 5 ? utcDayMs(readYear(s, 0), month, day) + clock : timeWithoutYear(refMs, month, day, 0, 0, 0, clock);
  const pidAt = skipSpaces(s, timeEnd);
  if (!isDigit(s.charCodeAt(pidAt))) return briefAt(s, pidAt, t);
  const pidEnd = digitsEnd(s, pidAt);
  const tidAt = skipSpaces(s, pidEnd);
  const tidEnd = digitsEnd(s, tidAt);
  if (tidAt === pidEnd || tidEnd < 0 || s.charCodeAt(tidEnd) !== 32 || s.charCodeAt(tidEnd + 2) !== 32) return undefined;
  const severity = logcatSeverity(s.charCodeAt(tidEnd + 1));
  if (severity === 0) return undefined;
  const i = tidEnd + 3;
  const colon = s.indexOf(': ', i);
  const bare = colon < 0 && s.charCodeAt(s.length - 1) === 58;
  if ((colon < 0 && !bare) || colon - i > 100) return undefined;
  const end = bare ? s.length - 1 : colon;
  const message = bare ? '' : s.slice(colon + 2);
  return makeAppLine(t, severity, s[tidEnd + 1], message, 'logcat', s.slice(i, end).trimEnd(), s.slice(tidAt, tidEnd), intIn(s, pidAt, pidEnd));
}

export const logcatFormat: AppFormat = { name: 'logcat', firstChars: DIGITS + UPPER, afterDigits: '-', parse: parseLogcat };
