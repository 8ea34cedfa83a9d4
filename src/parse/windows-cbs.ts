import { DIGITS, type AppFormat, type AppLine } from './app-format.js';
import { isLetter, isUpper } from './char-codes.js';
import { skipSpaces } from './header-fields.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * Windows servicing logs (CBS.log, DISM.log) and the Event-style text they share:
 * `2016-09-28 04:30:30, Info                  CBS    msg`: a local time, a comma, a level word
 * (`Info`, `Warning`, `Error`, `Perf`), then the component, each padded with spaces.
 */
export function parseWindowsCbs(s: string): AppLine | undefined {
  if (s.charCodeAt(19) !== 44 || s.charCodeAt(20) !== 32 || s.charCodeAt(10) !== 32 || !isUpper(s.charCodeAt(21))) return undefined;
  const t = parseIsoTime(s, 0, 19);
  if (t !== t) return undefined;
  let i = 22;
  while (isLetter(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) !== 32 || i - 21 > 12) return undefined;
  const level = s.slice(21, i);
  const comp = skipSpaces(s, i);
  const compEnd = s.indexOf(' ', comp);
  if (compEnd < 0 || compEnd === comp) return undefined;
  return makeAppLine(t, severityInRange(s, 21, i), level, s.slice(skipSpaces(s, compEnd)), 'windows-cbs', s.slice(comp, compEnd));
}

export const windowsCbsFormat: AppFormat = { name: 'windows-cbs', firstChars: DIGITS, afterDigits: '-', parse: parseWindowsCbs };
