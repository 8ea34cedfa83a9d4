import { UPPER, type AppFormat, type AppLine } from './app-format.js';
import { isUpper } from './char-codes.js';
import { digitsEnd } from './header-fields.js';
import { readClock, readYear, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';
import { Severity } from '../model/severity.js';
import { twoDigits } from '../decode/timestamp.js';

/** `YYYY-MM-DD-HH.MM.SS.ffffff` at `at`, BlueGene's RAS event time; NaN when it is not one. */
function rasTime(s: string, at: number): number {
  if (s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45 || s.charCodeAt(at + 10) !== 45) return NaN;
  const month = twoDigits(s, at + 5);
  const day = twoDigits(s, at + 8);
  const clock = readClock(s, at + 11, 46);
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  return utcDayMs(readYear(s, at), month, day) + clock;
}

/**
 * BlueGene/L RAS logs as the Loghub/USENIX CFDR dumps print them:
 * `- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO msg`:
 * alert label (`-` or a category such as `KERNDTLB`), epoch seconds, date, location, event time,
 * location again, event type, facility, severity, then the message. The facility is the logger.
 */
export function parseBgl(s: string): AppLine | undefined {
  let i = 0;
  if (s.charCodeAt(0) === 45) i = 1;
  else while (i < 17 && isUpper(s.charCodeAt(i))) i++;
  if (i === 0 || i > 16 || s.charCodeAt(i) !== 32) return undefined;
  const epochEnd = digitsEnd(s, i + 1, 9);
  if (epochEnd < 0 || s.charCodeAt(epochEnd) !== 32 || s.charCodeAt(epochEnd + 5) !== 46 || s.charCodeAt(epochEnd + 8) !== 46) return undefined;
  if (s.charCodeAt(epochEnd + 11) !== 32) return undefined;
  const node = epochEnd + 12;
  const time = s.indexOf(' ', node) + 1;
  const t = time > 0 ? rasTime(s, time) : NaN;
  if (t !== t) return undefined;
  const node2 = s.indexOf(' ', time) + 1;
  const type = node2 > 0 ? s.indexOf(' ', node2) + 1 : 0;
  const facility = type > 0 ? s.indexOf(' ', type) + 1 : 0;
  const level = facility > 0 ? s.indexOf(' ', facility) + 1 : 0;
  if (level === 0) return undefined;
  let levelEnd = s.indexOf(' ', level);
  if (levelEnd < 0) levelEnd = s.length;
  let severity = severityInRange(s, level, levelEnd);
  if (severity === 0 && s.startsWith('FAILURE', level)) severity = Severity.FATAL;
  if (severity === 0) return undefined;
  return makeAppLine(t, severity, s.slice(level, levelEnd), s.slice(Math.min(levelEnd + 1, s.length)), 'bgl', s.slice(facility, level - 1));
}

export const bglFormat: AppFormat = { name: 'bgl', firstChars: '-' + UPPER, parse: parseBgl };
