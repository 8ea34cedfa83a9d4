import { isDigit } from '../parse/char-codes.js';
import { monthAt, readClock, readDay, readYear, timeEnd, weekdayAt } from '../parse/header-time.js';

/*
 * The time the kernel ring buffer's reader puts before each line (dmesg, util-linux sys-utils/
 * dmesg.c), as bug reports paste it: with `-T` (`--ctime`) a wall time in ctime's layout,
 * `[Tue Jan  4 20:38:58 2022] ` (the day padded to two); without it printk's own seconds since
 * boot, `[%5lu.%06lu]` (kernel/printk/printk.c print_time), `[ 1234.567890] `. The text after
 * either is the kernel's message, its report's continuation lines (an OOM report's `Call Trace:`
 * frames, indented) included, so the grouper and the rules must see it without the time.
 *
 * Neither dates the line: `-T` adds the uptime to a boot time that drifts (dmesg(1): "the
 * timestamp could be inaccurate", more so after a suspend), seconds off the clock of the lines
 * pasted beside it (heldout2's nginx worker "exited on signal 11" at 04:27:49 and the kernel's
 * segfault line for it at "04:27:42"), which would tell one death as two.
 */

export interface DmesgTime {
  /** Where the kernel's text starts. */
  end: number;
}

/** A dmesg time at the start of `text` (which starts with `[`), or undefined. */
export function dmesgTimeAt(text: string): DmesgTime | undefined {
  const c1 = text.charCodeAt(1);
  if (c1 === 32 || isDigit(c1)) return uptimeAt(text);
  // `[Tue Jan  4 20:38:58 2022]`: 26 characters, fixed columns (the day padded with a space).
  if (text.charCodeAt(25) !== 93 || text.charCodeAt(4) !== 32 || text.charCodeAt(8) !== 32 || !weekdayAt(text, 1) || monthAt(text, 5) === 0) return undefined;
  const day = readDay(text, 9);
  const dayEnd = timeEnd;
  const clock = readClock(text, 12);
  const clockEnd = timeEnd;
  if (!(day > 0) || dayEnd !== 11 || text.charCodeAt(11) !== 32 || !(clock >= 0) || clockEnd !== 20 || text.charCodeAt(20) !== 32) return undefined;
  const year = readYear(text, 21);
  if (!(year >= 1970)) return undefined;
  const end = text.charCodeAt(26) === 32 ? 27 : 26;
  // Apache httpd 2.2's error log opens with the same ctime in brackets, then its level in brackets
  // (`[Sun Dec 04 04:47:44 2005] [notice] ...`, server/log.c): that time is the format's own header.
  if (APACHE_LEVEL.test(text.slice(end, end + 24))) return undefined;
  return { end };
}

/** An Apache error-log level column (`[error]`, 2.4's `[core:notice]`) right after the time. */
const APACHE_LEVEL = /^\[(?:[\w-]+:)?(?:emerg|alert|crit|error|warn|notice|info|debug|trace[1-8])\]/;

/** `[ 1234.567890]`: spaces, digits, a dot and six digits. */
function uptimeAt(text: string): DmesgTime | undefined {
  let i = 1;
  while (i < 14 && text.charCodeAt(i) === 32) i++;
  const digits = i;
  while (i < 16 && isDigit(text.charCodeAt(i))) i++;
  if (i === digits || text.charCodeAt(i) !== 46) return undefined;
  for (let k = i + 1; k <= i + 6; k++) if (!isDigit(text.charCodeAt(k))) return undefined;
  if (text.charCodeAt(i + 7) !== 93) return undefined;
  const end = i + 8;
  return { end: text.charCodeAt(end) === 32 ? end + 1 : end };
}
