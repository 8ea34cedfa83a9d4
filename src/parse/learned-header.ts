import type { AppLine } from './app-format.js';
import { isDigit, isLetter } from './char-codes.js';
import { bracketEnd, intIn, isQualified, nameEnd, skipSpaces } from './header-fields.js';
import { monthAt, weekdayAt, zoneIn } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { isNameNotLevel, severityInRange } from './severity-words.js';
import { parseIsoTime } from '../decode/timestamp.js';
import { Severity } from '../model/severity.js';

/** How far into a line header fields are looked for, and how many. */
const MAX_HEADER = 128;
const MAX_FIELDS = 10;

const NONE = 0;
const TIME = 1;
const NUMBER = 2;
const LEVEL = 3;
const ZONE = 4;

/**
 * A date or clock field: digits with `-` `/` `:` `.` `,` `T` `Z` `+` between them (and spaces
 * inside brackets: `[2023-03-15 09:42:07]`), with a date's
 * or a clock's separator in place (`2023-03-15`, `17/06/09`, `09:42:07.123`, `...T...Z`). A
 * dotted quad (an address) is not one.
 */
export function isTimeField(s: string, from: number, to: number, bracketed: boolean): boolean {
  if (to - from < 5 || !isDigit(s.charCodeAt(from))) return false;
  let colons = 0;
  let dateSeps = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) colons++;
    else if (c === 45 || c === 47) dateSeps++;
    else if (!(isDigit(c) || c === 46 || c === 44 || c === 84 || c === 90 || c === 43 || (c === 32 && bracketed))) return false;
  }
  return colons >= 2 || (dateSeps === 2 && isDigit(s.charCodeAt(to - 1)));
}

function isNumberField(s: string, from: number, to: number): boolean {
  if (to - from > 12) return false;
  for (let i = from; i < to; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/**
 * MySQL's error-log labels that are no level word elsewhere, as it writes them in brackets
 * (mysql-server sql/server_component/log_builtins.cc log_label_from_prio, 8.0: System, Error,
 * Warning, Note; 5.x sql/log.cc: ERROR, Warning, Note). `[System]` marks the few lines MySQL
 * always logs (start, ready, shutdown): INFO2, as NOTICE.
 */
function bracketLabel(s: string, from: number, to: number): number {
  if (to - from === 4 && s.startsWith('Note', from)) return Severity.INFO;
  if (to - from === 6 && s.startsWith('System', from)) return Severity.INFO + 1;
  return 0;
}

/** A level word as a field: upper case (`WARN`), or any case inside brackets (`[warn]`, `<info>`). */
export function levelIn(s: string, from: number, to: number, bracketed: boolean): number {
  const n = to - from;
  if (n < 3 || n > 13) return 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!isLetter(c) || (!bracketed && c >= 97)) return 0;
  }
  const severity = severityInRange(s, from, to);
  return severity > 0 || !bracketed ? severity : bracketLabel(s, from, to);
}

/** What the field `s[from, to)` is, for a header. */
function kindOf(s: string, from: number, to: number, bracketed: boolean): number {
  if (isTimeField(s, from, to, bracketed)) return TIME;
  if (!bracketed && isNumberField(s, from, to)) return NUMBER;
  if (levelIn(s, from, to, bracketed) > 0) return LEVEL;
  return NONE;
}

/**
 * The header of a line in no known format: the leading fields that look like a time, a level, a
 * pid or a bracketed context (`2023-03-15 09:42:07.123 [worker-3] WARN  com.example.Job - msg`,
 * `[09:42:07] <warn> 1234 msg`), then a qualified logger name followed by `:`, ` - ` or ` : `.
 * Kept only when it has a time or a level and the message after it is not empty; the rest of the
 * line stays the message. Undefined when no such header leads the line.
 */
export function parseLearnedHeader(s: string): AppLine | undefined {
  const c0 = s.charCodeAt(0);
  if (isDigit(c0)) {
    // A header starts with a time or a number field: `2023-`, `09:`, `17/`, `1234 `.
    let d = 1;
    while (d < 12 && isDigit(s.charCodeAt(d))) d++;
    const next = s.charCodeAt(d);
    if (next !== 45 && next !== 47 && next !== 58 && next !== 32 && next !== 84 && next !== 44) return undefined;
  } else if (c0 !== 91 && c0 !== 60 && !(c0 >= 65 && c0 <= 90)) return undefined;
  let i = 0;
  let timeFrom = -1;
  let timeTo = -1;
  let severity = 0;
  let level: string | undefined;
  let thread: string | undefined;
  let pid: number | undefined;
  let logger: string | undefined;
  let afterDateName = false;
  let zoneMinutes = 0;
  for (let f = 0; f < MAX_FIELDS && i < MAX_HEADER && i < s.length; f++) {
    const c = s.charCodeAt(i);
    const bracketed = c === 91 || c === 60;
    const end = bracketed ? bracketEnd(s, i, c, c === 91 ? 93 : 62, 96) : s.indexOf(' ', i);
    const to = end < 0 ? s.length : end;
    if (bracketed && to === s.length && end < 0) break;
    const from = bracketed ? i + 1 : i;
    const inner = bracketed ? to - 1 : to;
    let kind = kindOf(s, from, inner, bracketed);
    if (kind === LEVEL && isNameNotLevel(s, from, inner, bracketed)) kind = NONE;
    // `2024-05-06 10:00:00.123 UTC`, `09:42:07 +0900`: a zone right after the time.
    let zone: number | undefined;
    if (kind !== TIME && !bracketed && timeTo >= 0 && timeTo >= from - 2) zone = zoneIn(s, from, inner);
    if (zone !== undefined) kind = ZONE;
    // `[27]`: a bracketed number is the process id.
    if (kind === NONE && bracketed && pid === undefined && isNumberField(s, from, inner) && inner > from) kind = NUMBER;
    // `... [27] ERROR:  relation "x" does not exist`: after a time or pid, a level word ending the
    // header with a colon (at the start of a line, `ERROR: ...` keeps its plain reading).
    const colonLevel = kind === NONE && !bracketed && (timeFrom >= 0 || pid !== undefined) && s.charCodeAt(inner - 1) === 58 && levelIn(s, from, inner - 1, false) > 0;
    if (colonLevel) {
      if (level !== undefined) break;
      severity = levelIn(s, from, inner - 1, false);
      level = s.slice(from, inner - 1);
      i = skipSpaces(s, to);
      break;
    }
    // `Mar 15 2023 09:42:07`: a day or year right after a date name is part of the time.
    if (kind === NUMBER && afterDateName && inner - from <= 4) kind = TIME;
    // `Mon Mar 15 09:42:07 2023`: weekday and month names are part of a date.
    const dateName = kind === NONE && !bracketed && inner - from === 3 && (weekdayAt(s, from) || monthAt(s, from) > 0) && level === undefined;
    if (dateName) kind = TIME;
    afterDateName = dateName || (afterDateName && kind === TIME);
    if (kind === ZONE) {
      zoneMinutes = zone!;
    } else if (kind === TIME) {
      if (timeFrom < 0) timeFrom = from;
      if (timeTo < 0 || timeTo >= from - 2) timeTo = inner;
    } else if (kind === LEVEL) {
      if (level !== undefined) break;
      severity = levelIn(s, from, inner, bracketed);
      level = s.slice(from, inner);
    } else if (kind === NUMBER) {
      if (pid !== undefined || level !== undefined) break;
      pid = intIn(s, from, inner);
    } else if (bracketed && (timeFrom >= 0 || level !== undefined) && thread === undefined) {
      thread = s.slice(from, inner).trim();
    } else {
      break;
    }
    i = skipSpaces(s, to);
    if (s.charCodeAt(i) === 45 && s.charCodeAt(i + 1) === 32 && level !== undefined) i = skipSpaces(s, i + 2);
    if (s.charCodeAt(i) === 58 && s.charCodeAt(i + 1) === 32) i = skipSpaces(s, i + 2);
  }
  if ((timeFrom < 0 && level === undefined) || i >= s.length || i === 0) return undefined;
  if (level !== undefined) {
    const ne = nameEnd(s, i);
    if (ne > 0 && isQualified(s, i, ne)) {
      const after = skipSpaces(s, ne);
      const sep = s.charCodeAt(after);
      if (s.charCodeAt(ne) === 58 && s.charCodeAt(ne + 1) === 32) {
        logger = s.slice(i, ne);
        i = ne + 2;
      } else if ((sep === 58 || sep === 45) && after > ne && s.charCodeAt(after + 1) === 32) {
        logger = s.slice(i, ne);
        i = after + 2;
      }
    }
  }
  const timeMs = timeFrom >= 0 ? parseIsoTime(s, timeFrom, timeTo) - zoneMinutes * 60_000 : NaN;
  return makeAppLine(timeMs, severity, level, s.slice(i), 'learned', logger, thread, pid);
}
