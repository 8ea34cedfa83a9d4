import type { AppFormat, AppLine } from './app-format.js';
import { isDigit } from './char-codes.js';
import { makeAppLine } from './make-app-line.js';
import { Severity } from '../model/severity.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * HotSpot's unified logging (JDK 9 and later, `-Xlog`, `-Xlog:gc*`): each decoration the output
 * was given is written as `[%-*s]` with no space between them, in the decorators' fixed order
 * (src/hotspot/share/logging/logDecorators.hpp: time, utctime, uptime, timemillis, uptimemillis,
 * timenanos, uptimenanos, hostname, pid, tid, level, tags; LogFileStreamOutput::write_decorations
 * pads each to the widest value seen so far, so `[info   ]` and `[gc,heap     ]` occur), then a
 * space and the message:
 *   `[0.011s][info][gc] Using G1`, `[11894.117s][warning][gc,alloc] GC locker is held`,
 *   `[2020-01-01T00:00:00.000+0000][0.011s][error][gc,heap] Failed to commit memory`.
 * The level decoration is required (trace debug info warning error: LogLevel::_name); the tag set
 * after it becomes the logger, an ISO `time`/`utctime` decoration the line's time.
 */
const LEVELS: ReadonlyMap<string, number> = new Map([
  ['trace', Severity.TRACE], ['debug', Severity.DEBUG], ['info', Severity.INFO], ['warning', Severity.WARN], ['error', Severity.ERROR],
]);

/** The end of a decoration opening at `at` (no nesting, no line break, at most 64 chars), or -1. */
function decorationEnd(s: string, at: number): number {
  const end = Math.min(s.length, at + 66);
  for (let i = at + 1; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 93) return i + 1;
    if (c === 91) return -1;
  }
  return -1;
}

/** Decorations before the level are times, ids or a host name: no space inside their value. */
function isPlainValue(s: string, from: number, to: number): boolean {
  let i = to;
  while (i > from && s.charCodeAt(i - 1) === 32) i--;
  if (i === from) return false;
  for (let k = from; k < i; k++) if (s.charCodeAt(k) === 32) return false;
  return true;
}

export function parseJvmUnified(s: string): AppLine | undefined {
  let i = 0;
  let timeMs: number | undefined;
  let severity = 0;
  let level: string | undefined;
  let n = 0;
  while (s.charCodeAt(i) === 91 && n < 12) {
    const e = decorationEnd(s, i);
    if (e < 0) return undefined;
    let v = e - 1;
    while (v > i + 1 && s.charCodeAt(v - 1) === 32) v--;
    const value = s.slice(i + 1, v);
    n++;
    if (severity === 0) {
      const sev = LEVELS.get(value);
      if (sev !== undefined) {
        severity = sev;
        level = value;
      } else {
        if (!isPlainValue(s, i + 1, e - 1)) return undefined;
        if (timeMs === undefined && isDigit(value.charCodeAt(0)) && value.charCodeAt(4) === 45 && value.charCodeAt(10) === 84) {
          const t = parseIsoTime(value);
          if (t === t) timeMs = t;
        }
      }
      i = e;
      continue;
    }
    // After the level only the tag set: lower-case names joined by commas (`gc,heap`).
    if (!isTagSet(value)) return undefined;
    i = e;
    if (s.charCodeAt(i) !== 32 && i < s.length) return undefined;
    return makeAppLine(timeMs, severity, level, s.slice(Math.min(i + 1, s.length)), 'jvm-unified', value);
  }
  // The level with no tags after it is not a decoration set this output writes: the level and
  // tags are always printed together by -Xlog's default decorators, but a custom set may end at
  // the level. Then a space and the message must follow, and a decoration must precede the level.
  if (severity === 0 || n < 2 || s.charCodeAt(i) !== 32) return undefined;
  return makeAppLine(timeMs, severity, level, s.slice(i + 1), 'jvm-unified');
}

function isTagSet(v: string): boolean {
  if (v.length === 0) return false;
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 44 || c === 95)) return false;
  }
  return true;
}

export const jvmUnifiedFormat: AppFormat = { name: 'jvm-unified', firstChars: '[', parse: parseJvmUnified };
