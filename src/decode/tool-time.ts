import { isDigit } from '../parse/char-codes.js';
import { dmesgTimeAt } from './dmesg-time.js';
import { parseIsoTime } from './timestamp.js';

/*
 * Timestamps that a viewing tool puts before every line it shows, as framing: the text after
 * them is the line the application wrote, continuation lines of its reports included (an
 * indented stack frame, a lone `^` or `}`), so the grouper and the parsers must see that text.
 *
 * - `docker logs -t` / `docker compose logs -t` and `kubectl logs --timestamps`: Go's
 *   `RFC3339NanoFixed` layout, always nine fraction digits (moby `api/server/httputils/
 *   write_log_stream.go` formats with `jsonmessage.RFC3339NanoFixed`; kubelet `pkg/kubelet/
 *   kuberuntime/logs/logs.go` `timeFormatOut`): `2024-04-09T17:33:12.238986028Z `. Applications that print RFC 3339 trim the fraction (Go's `RFC3339Nano`)
 *   or keep milliseconds or microseconds.
 * - GitHub Actions' raw job logs (the Azure Pipelines agent's .NET round-trip time, seven fraction
 *   digits: `2024-07-12T08:09:49.8675916Z `), which bug reports paste as often as a pod's log.
 * - Docker Desktop's container log view with "show timestamps" (4.14 and later), copied out of
 *   the dashboard: `2024-03-27 23:54:24 ` in local time, no fraction and no zone. An
 *   application's own header of that shape (`%Y-%m-%d %H:%M:%S`) loses nothing when it is taken
 *   as framing — its time dates the line either way and its level and message stay — except a
 *   zone written after it (`2024-01-05 10:00:00 UTC [28] LOG:`, PostgreSQL's `%t`), which Docker
 *   Desktop never writes: then the time is the application's and is left in place.
 *
 * - dmesg's time before the kernel's lines, `-T`'s wall time or the seconds since boot: taken
 *   off, not read (dmesg-time.ts).
 *
 * Only lines without container framing are looked at (a CRI or Fluent Bit record's text is the
 * application's own), and only after a digit, a `-` at 4 and the separator at 10 (three compares),
 * or after a `[` that dmesg's layout follows.
 */

/** Zone names and offsets an application may write after a `%Y-%m-%d %H:%M:%S` time. */
const ZONE_WORDS = new Set(
  'UTC GMT Z CET CEST EET EEST WET WEST BST IST MSK EST EDT CST CDT MST MDT PST PDT AKST AKDT HST JST KST HKT SGT AEST AEDT ACST AWST NZST NZDT'.split(' '),
);

/** Whether the word at `i` is a zone (`UTC`, `+0900`, `-07:00`). */
function zoneAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if ((c === 43 || c === 45) && isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2))) return true;
  let j = i;
  while (j < text.length && j - i < 5 && text.charCodeAt(j) >= 65 && text.charCodeAt(j) <= 90) j++;
  const next = text.charCodeAt(j);
  return j > i && (j === text.length || next === 32 || next === 93) && ZONE_WORDS.has(text.slice(i, j));
}

export interface ToolTime {
  /** Where the application's text starts. */
  end: number;
  /** The time the tool wrote (ms since the epoch; Docker Desktop's local time read as UTC); absent when it dates nothing (dmesg's, dmesg-time.ts). */
  ms?: number;
}

/** A viewing tool's timestamp at the start of `text`, or undefined. */
export function toolTimeAt(text: string): ToolTime | undefined {
  const c0 = text.charCodeAt(0);
  if (c0 === 91) return dmesgTimeAt(text);
  if (!isDigit(c0) || text.charCodeAt(4) !== 45) return undefined;
  const sep = text.charCodeAt(10);
  let stop: number;
  if (sep === 32) {
    // Docker Desktop: exactly `YYYY-MM-DD HH:MM:SS`, then a space or the end of the line.
    stop = 19;
    if (text.length > 19 && text.charCodeAt(19) !== 32) return undefined;
    if (text.length > 20 && zoneAt(text, 20)) return undefined;
  } else if (sep === 84) {
    // Nine (or seven) fraction digits, then `Z` or `±hh:mm`, then a space or the end.
    if (text.charCodeAt(19) !== 46) return undefined;
    let z = 20;
    while (z < 30 && isDigit(text.charCodeAt(z))) z++;
    if (z !== 29 && z !== 27) return undefined;
    const c = text.charCodeAt(z);
    stop = c === 90 ? z + 1 : (c === 43 || c === 45) && text.charCodeAt(z + 3) === 58 ? z + 6 : -1;
    if (stop < 0 || (text.length > stop && text.charCodeAt(stop) !== 32)) return undefined;
  } else {
    return undefined;
  }
  const ms = parseIsoTime(text, 0, stop);
  if (ms !== ms) return undefined;
  return { end: Math.min(text.length, stop + 1), ms };
}

/**
 * Whether the time ending at `end` has the zone the tools write (`Z`, or `+09:00` from Go's
 * RFC 3339 layouts), not an application's own `+0000`: only then is it the tool's timestamp.
 */
function toolZone(text: string, end: number): boolean {
  if (text.charCodeAt(end - 1) === 90) return true;
  const sign = text.charCodeAt(end - 6);
  return text.charCodeAt(end - 3) === 58 && (sign === 43 || sign === 45);
}

/**
 * The RFC 3339 time a tool writes after its own prefix (`kubectl logs --prefix --timestamps`,
 * stern `--timestamps`: any fraction, a tool's zone) at `from`, or undefined.
 */
export function prefixTimeAt(text: string, from: number): ToolTime | undefined {
  if (text.charCodeAt(from + 10) !== 84) return undefined;
  let sp = text.indexOf(' ', from + 19);
  if (sp < 0 || sp - from > 40) sp = text.length;
  const ms = toolZone(text, sp) ? parseIsoTime(text, from, sp) : NaN;
  return ms === ms ? { end: Math.min(text.length, sp + 1), ms } : undefined;
}
