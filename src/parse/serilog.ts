import { DIGITS, type AppFormat, type AppLine } from './app-format.js';
import { isDigit, isLetter, isUpper } from './char-codes.js';
import { readClock, timeEnd } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { Severity } from '../model/severity.js';
import { parseIsoTime, timeWithoutDate } from '../decode/timestamp.js';

/**
 * Serilog's text sinks (serilog/serilog-sinks-console and -file, 3.x to 6.x), whose templates
 * write the level as `{Level:u3}` (Serilog's LevelOutputFormat: VRB DBG INF WRN ERR FTL):
 * - the console sink's default `[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}`:
 *   `[09:42:07 INF] Now listening on: http://[::]:80` (the day is the reference time's);
 * - the same with a date, a common variant: `[2023-03-15 09:42:07.123 +00:00 ERR] ...`;
 * - the file sink's default `{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}`;
 * - Jellyfin's (jellyfin/jellyfin Jellyfin.Server/Resources/Configuration/logging.json, 10.x):
 *   `[{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz}] [{Level:u3}] [{ThreadId}] {SourceContext}: {Message}`,
 *   whose thread becomes the thread and the SourceContext (a class name) the logger.
 */
const LEVELS: ReadonlyMap<string, number> = new Map([
  ['VRB', Severity.TRACE], ['DBG', Severity.DEBUG], ['INF', Severity.INFO], ['WRN', Severity.WARN], ['ERR', Severity.ERROR], ['FTL', Severity.FATAL],
]);

/** The u3 level at `at` followed by `close` (`]`), or 0. */
function levelAt(s: string, at: number, close: number): number {
  if (s.charCodeAt(at + 3) !== close || !isUpper(s.charCodeAt(at))) return 0;
  return LEVELS.get(s.slice(at, at + 3)) ?? 0;
}

/** A date-and-time from `start` up to `end` (exclusive), or NaN. */
function dateTime(s: string, start: number, end: number): number {
  return end - start >= 19 && end - start <= 33 ? parseIsoTime(s, start, end) : NaN;
}

/**
 * Jellyfin's `[12] Category.Name: message` after the level: the thread and the category, when the
 * message starts so; else undefined.
 */
function threadAndCategory(s: string, at: number, time: number, severity: number): AppLine | undefined {
  if (s.charCodeAt(at) !== 91 || !isDigit(s.charCodeAt(at + 1))) return undefined;
  let i = at + 1;
  while (isDigit(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) !== 93 || s.charCodeAt(i + 1) !== 32) return undefined;
  const thread = s.slice(at + 1, i);
  const cat = i + 2;
  let k = cat;
  while (k < s.length && k - cat < 200) {
    const c = s.charCodeAt(k);
    if (!(isLetter(c) || isDigit(c) || c === 46 || c === 95 || c === 96)) break;
    k++;
  }
  if (k > cat && isLetter(s.charCodeAt(cat)) && s.charCodeAt(k) === 58 && s.charCodeAt(k + 1) === 32) {
    return makeAppLine(time, severity, s.slice(at - 5, at - 2), s.slice(k + 2), 'serilog', s.slice(cat, k), thread);
  }
  return makeAppLine(time, severity, s.slice(at - 5, at - 2), s.slice(cat), 'serilog', undefined, thread);
}

function parseBracketed(s: string, refMs: number): AppLine | undefined {
  const close = s.indexOf(']', 9);
  if (close < 0 || close > 40) return undefined;
  if (s.charCodeAt(3) === 58) {
    // `[HH:mm:ss(.fff) LVL]`
    const clock = readClock(s, 1);
    if (clock !== clock || timeEnd !== close - 4 || s.charCodeAt(timeEnd) !== 32) return undefined;
    const severity = levelAt(s, close - 3, 93);
    if (severity === 0 || s.charCodeAt(close + 1) !== 32) return undefined;
    return makeAppLine(timeWithoutDate(refMs, clock), severity, s.slice(close - 3, close), s.slice(close + 2), 'serilog');
  }
  if (s.charCodeAt(5) !== 45) return undefined;
  const inner = levelAt(s, close - 3, 93);
  if (inner > 0 && s.charCodeAt(close - 4) === 32 && s.charCodeAt(close + 1) === 32) {
    const time = dateTime(s, 1, close - 4);
    return time === time ? makeAppLine(time, inner, s.slice(close - 3, close), s.slice(close + 2), 'serilog') : undefined;
  }
  // `[time] [LVL] `
  if (s.charCodeAt(close + 1) !== 32 || s.charCodeAt(close + 2) !== 91 || s.charCodeAt(close + 7) !== 32) return undefined;
  const severity = levelAt(s, close + 3, 93);
  const time = severity === 0 ? NaN : dateTime(s, 1, close);
  if (time !== time) return undefined;
  return threadAndCategory(s, close + 8, time, severity) ?? makeAppLine(time, severity, s.slice(close + 3, close + 6), s.slice(close + 8), 'serilog');
}

/** `2023-03-15 09:42:07.123 +01:00 [INF] message`: the file sink's default. */
function parseFileDefault(s: string): AppLine | undefined {
  // The time takes 19 to 34 chars: ` [` is looked for there (backwards from 34), not along every date-led line.
  const open = s.lastIndexOf(' [', 34);
  if (open < 19 || s.charCodeAt(open + 6) !== 32) return undefined;
  const severity = levelAt(s, open + 2, 93);
  const time = severity === 0 ? NaN : dateTime(s, 0, open);
  if (time !== time) return undefined;
  return makeAppLine(time, severity, s.slice(open + 2, open + 5), s.slice(open + 7), 'serilog');
}

export function parseSerilog(s: string, refMs: number): AppLine | undefined {
  return s.charCodeAt(0) === 91 ? parseBracketed(s, refMs) : parseFileDefault(s);
}

export const serilogFormat: AppFormat = { name: 'serilog', firstChars: `[${DIGITS}`, afterDigits: '-', parse: parseSerilog };
