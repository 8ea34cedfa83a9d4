import { DIGITS, UPPER, type AppFormat, type AppLine } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromWord } from './severity-words.js';
import { parseIsoTime } from '../decode/timestamp.js';

const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;

/**
 * `%(asctime)s - %(name)s - %(levelname)s - %(message)s` (the logging cookbook's format) and
 * `%(asctime)s %(levelname)s %(name)s: %(message)s`. The regex matches only the header; the
 * message is the rest of the line.
 */
const TIMESTAMPED =
  /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[,.]\d{3} (?:- ([^ ]+) - (DEBUG|INFO|WARNING|ERROR|CRITICAL) - |(DEBUG|INFO|WARNING|ERROR|CRITICAL) ([^\s:]+): )/;

/** asctime is `YYYY-MM-DD HH:MM:SS,mmm`: 23 chars. */
const STAMP_LEN = 23;

/** Python logging with a timestamp first; asctime has no zone, read as UTC. */
export function parsePythonTimestamped(text: string): AppLine | undefined {
  // Fixed positions of the asctime first: most digit-led lines (access logs, ISO times) fail here.
  const frac = text.charCodeAt(19);
  if (text.charCodeAt(10) !== 32 || (frac !== 44 && frac !== 46) || text.charCodeAt(STAMP_LEN) !== 32) return undefined;
  const m = TIMESTAMPED.exec(text);
  if (m === null) return undefined;
  const level = m[2] ?? m[3];
  return makeAppLine(parseIsoTime(text, 0, STAMP_LEN), severityFromWord(level), level, text.slice(m[0].length), 'python', m[1] ?? m[4]);
}

/** `logging.basicConfig()`'s default: `WARNING:root:message`. */
export function parsePythonBasic(text: string): AppLine | undefined {
  for (const level of LEVELS) {
    if (!text.startsWith(level) || text.charCodeAt(level.length) !== 58) continue;
    const nameEnd = text.indexOf(':', level.length + 1);
    if (nameEnd < 0) return undefined;
    const space = text.indexOf(' ', level.length + 1);
    if (space >= 0 && space < nameEnd) return undefined;
    return makeAppLine(undefined, severityFromWord(level), level, text.slice(nameEnd + 1), 'python', text.slice(level.length + 1, nameEnd));
  }
  return undefined;
}

export const pythonTimestampedFormat: AppFormat = { name: 'python', firstChars: DIGITS, afterDigits: '-', parse: parsePythonTimestamped };
export const pythonBasicFormat: AppFormat = { name: 'python', firstChars: UPPER, parse: parsePythonBasic };
