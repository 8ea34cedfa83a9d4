import { isDigit } from './char-codes.js';
import { monthAt, utcDayMs } from './header-time.js';
import { twoDigits } from '../decode/timestamp.js';
import { Severity } from '../model/severity.js';

/*
 * The two lines of java.util.logging's SimpleFormatter record, read once for the format that
 * parses them (jul-simple.ts) and the group shape that joins them (group/jul-shapes.ts). The
 * default `jdk.internal.logging.SimpleFormatter` format (java.base, JDK 7 to 23: `%1$tb %1$td,
 * %1$tY %1$tl:%1$tM:%1$tS %1$Tp %2$s%n%4$s: %5$s%6$s%n`) writes the time and the source (`class
 * method`, or the logger's name) on the first line, then `LEVEL: message`. Level names are
 * Level's English ones (a localized JDK prints others, which stay unjoined).
 */
const LEVELS: ReadonlyMap<string, number> = new Map([
  ['SEVERE', Severity.ERROR], ['WARNING', Severity.WARN], ['INFO', Severity.INFO], ['CONFIG', Severity.INFO],
  ['FINE', Severity.DEBUG], ['FINER', Severity.TRACE], ['FINEST', Severity.TRACE],
  // JBoss LogManager's levels (org.jboss.logmanager.Level), which Quarkus and WildFly hand to the
  // same formatter: `WARN: The profile 'prod' used to build the native image is different ...`.
  ['FATAL', Severity.FATAL], ['ERROR', Severity.ERROR], ['WARN', Severity.WARN], ['DEBUG', Severity.DEBUG], ['TRACE', Severity.TRACE],
]);

let headerMs = NaN;

/** `MMM dd, yyyy h:mm:ss AM|PM ` at the line's start; the index of the source after it, or -1. */
function headerEnd(s: string): number {
  headerMs = NaN;
  const month = monthAt(s, 0);
  if (month === 0 || s.charCodeAt(3) !== 32 || !isDigit(s.charCodeAt(4))) return -1;
  let i = isDigit(s.charCodeAt(5)) ? 6 : 5;
  const day = i === 6 ? (s.charCodeAt(4) - 48) * 10 + s.charCodeAt(5) - 48 : s.charCodeAt(4) - 48;
  if (s.charCodeAt(i) !== 44 || s.charCodeAt(i + 1) !== 32 || day < 1 || day > 31) return -1;
  i += 2;
  let year = 0;
  for (let k = 0; k < 4; k++) {
    const c = s.charCodeAt(i + k);
    if (!isDigit(c)) return -1;
    year = year * 10 + c - 48;
  }
  i += 4;
  if (s.charCodeAt(i) !== 32) return -1;
  // `%tl`: the hour on a 12-hour clock, not padded; then `:mm:ss` and `AM`/`PM` (`%Tp`).
  const h0 = s.charCodeAt(i + 1);
  const twoDigitHour = isDigit(s.charCodeAt(i + 2));
  const hour12 = twoDigitHour ? (h0 - 48) * 10 + s.charCodeAt(i + 2) - 48 : h0 - 48;
  const at = twoDigitHour ? i + 3 : i + 2;
  if (!isDigit(h0) || hour12 < 1 || hour12 > 12 || s.charCodeAt(at) !== 58 || s.charCodeAt(at + 3) !== 58) return -1;
  const minute = twoDigits(s, at + 1);
  const second = twoDigits(s, at + 4);
  const end = at + 6;
  if (minute < 0 || minute > 59 || second < 0 || second > 60 || s.charCodeAt(end) !== 32) return -1;
  const ap = s.charCodeAt(end + 1);
  if ((ap !== 65 && ap !== 80) || s.charCodeAt(end + 2) !== 77 || s.charCodeAt(end + 3) !== 32) return -1;
  const hour = (hour12 % 12) + (ap === 80 ? 12 : 0);
  headerMs = utcDayMs(year, month, day) + hour * 3_600_000 + minute * 60_000 + second * 1000;
  return end + 4;
}

/** The source from `at` to the end: `class method` or a logger name, one space at most, inside. */
function isSource(s: string, at: number): boolean {
  const end = s.length;
  if (at >= end || s.charCodeAt(end - 1) === 32) return false;
  let spaces = 0;
  for (let k = at; k < end; k++) {
    if (s.charCodeAt(k) === 32 && (k === at || ++spaces > 1)) return false;
  }
  return true;
}

/** The time of the header the last julHeaderSource call accepted (ms since epoch), NaN after a refusal. */
export function julHeaderMs(): number {
  return headerMs;
}

/** When `text` is SimpleFormatter's first line, the index of its source (its time: julHeaderMs); else -1. */
export function julHeaderSource(text: string): number {
  if (text.length > 400) return -1;
  const i = headerEnd(text);
  return i > 0 && isSource(text, i) ? i : -1;
}

/** The level that opens SimpleFormatter's second line (`SEVERE: `), or 0. */
export function julLevelLineSeverity(text: string): number {
  const colon = text.indexOf(': ');
  if (colon < 4 || colon > 7) return 0;
  return LEVELS.get(text.slice(0, colon)) ?? 0;
}
