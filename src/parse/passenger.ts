import type { AppFormat, AppLine } from './app-format.js';
import { isDigit } from './char-codes.js';
import { digitsEnd, intIn } from './header-fields.js';
import { makeAppLine } from './make-app-line.js';
import { Severity } from '../model/severity.js';
import { severityFromLevelLetter } from './severity-words.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * Phusion Passenger's own log lines (src/cxx_supportlib/LoggingKit/Implementation.cpp
 * _prepareLogEntry, Passenger 5.1 to 6.0.24): `[ <L> <YYYY-MM-DD HH:MM:SS.ffff> <pid>/T<thread>
 * <file>:<line> ]: message`, L one of the level markers C E W N I D D2 D3 (crit, error, warn,
 * notice, info, debug, debug2, debug3; notice is the default level). Passenger 5.0 wrote the same
 * header without the marker and with the thread as a hex pointer (`32287/7f2cf92717c0`); those
 * lines have no level. Local time, read as UTC. The file is kept as the logger.
 */

function severityOf(s: string, at: number, end: number): number {
  const c = s.charCodeAt(at);
  if (end - at === 2) return c === 68 && (s.charCodeAt(at + 1) === 50 || s.charCodeAt(at + 1) === 51) ? Severity.DEBUG : -1; // D2 D3
  if (end - at !== 1) return -1;
  return severityFromLevelLetter(c) || -1;
}

/** Thread names: `T1`, `Tg` (5.1+: base-36 numbers) or a hex pointer (5.0). */
function nameEnd(s: string, at: number): number {
  let i = at;
  while (i < at + 20) {
    const c = s.charCodeAt(i);
    if (!(isDigit(c) || (c >= 97 && c <= 122) || c === 84)) break;
    i++;
  }
  return i > at ? i : -1;
}

export function parsePassenger(s: string): AppLine | undefined {
  if (s.charCodeAt(1) !== 32) return undefined;
  let i = 2;
  let severity = 0;
  let level: string | undefined;
  if (!isDigit(s.charCodeAt(2))) {
    const sp = s.indexOf(' ', 2);
    if (sp < 0) return undefined;
    severity = severityOf(s, 2, sp);
    if (severity < 0) return undefined;
    level = s.slice(2, sp);
    i = sp + 1;
  }
  // YYYY-MM-DD HH:MM:SS.ffff
  if (s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 10) !== 32 || s.charCodeAt(i + 13) !== 58 || s.charCodeAt(i + 19) !== 46) return undefined;
  const timeEnd = digitsEnd(s, i + 20, 4);
  if (timeEnd < 0 || s.charCodeAt(timeEnd) !== 32) return undefined;
  const timeMs = parseIsoTime(s, i, timeEnd);
  if (timeMs !== timeMs) return undefined;
  const pidEnd = digitsEnd(s, timeEnd + 1);
  if (pidEnd < 0 || s.charCodeAt(pidEnd) !== 47) return undefined;
  const threadEnd = nameEnd(s, pidEnd + 1);
  if (threadEnd < 0 || s.charCodeAt(threadEnd) !== 32) return undefined;
  const close = s.indexOf(' ]: ', threadEnd + 1);
  if (close < 0 || close > threadEnd + 200) return undefined;
  const colon = s.lastIndexOf(':', close);
  const file = colon > threadEnd ? s.slice(threadEnd + 1, colon) : s.slice(threadEnd + 1, close);
  return makeAppLine(timeMs, severity, level, s.slice(close + 4), 'passenger', file, s.slice(pidEnd + 1, threadEnd), intIn(s, timeEnd + 1, pidEnd));
}

export const passengerFormat: AppFormat = { name: 'passenger', firstChars: '[', parse: parsePassenger };
