import { DIGITS, type AppFormat, type AppLine } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { parsePlain } from './plain.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * A log viewer's row that holds only the event's date and time, with the event's text on the
 * row below: Kubernetes events as TrueNAS SCALE's app view prints them (`2022-07-14 0:55:52`, the
 * hour unpadded), and any table view copied one cell per line with the time first. The grouper
 * joins the row with the line under it (group/time-row-shapes.ts) and the pipeline hands this
 * the pair: the time is the row's, level and message the second line's (its level words).
 */
const ROW = /^(\d{4}-\d\d-\d\d)[ T](\d{1,2})(:\d\d(?::\d\d(?:[.,]\d{1,9})?)?)(?: ?(Z|UTC|[+-]\d\d:?\d\d))?$/;

export const TIME_ROW_FORMAT = 'time-row';

/** The row's time (ms since epoch), or NaN when `text` is not a date-and-time alone. */
export function timeRowMs(text: string): number {
  if (text.length > 40 || text.length < 15) return NaN;
  const m = ROW.exec(text);
  if (m === null) return NaN;
  const minutes = m[3].length === 3 ? `${m[3]}:00` : m[3];
  const zone = m[4] === undefined || m[4] === 'UTC' ? 'Z' : m[4];
  const iso = `${m[1]}T${m[2].padStart(2, '0')}${minutes}${zone}`;
  return parseIsoTime(iso);
}

export function parseTimeRow(s: string): AppLine | undefined {
  // Tried first on every line led by a date: a row is at most 40 chars, so a longer line with no
  // break in its first 41 is not one, and is not scanned to its end for a break.
  if (s.length > 40 && s.lastIndexOf('\n', 40) < 0) return undefined;
  const nl = s.indexOf('\n');
  const timeMs = timeRowMs(nl < 0 ? s : s.slice(0, nl));
  if (timeMs !== timeMs) return undefined;
  if (nl < 0) return makeAppLine(timeMs, 0, undefined, s, TIME_ROW_FORMAT);
  const end = s.indexOf('\n', nl + 1);
  const line = parsePlain(end < 0 ? s.slice(nl + 1) : s.slice(nl + 1, end));
  return makeAppLine(timeMs, line.severityNumber, line.levelText, line.message, TIME_ROW_FORMAT, line.logger, line.thread, line.pid);
}

export const timeRowFormat: AppFormat = { name: TIME_ROW_FORMAT, firstChars: DIGITS, afterDigits: '-', parse: parseTimeRow };
