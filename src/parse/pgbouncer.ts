import { DIGITS, type AppFormat, type AppLine } from './app-format.js';
import { sameChars } from './char-codes.js';
import { digitsEnd, intIn } from './header-fields.js';
import { readClock, readYear, timeEnd, utcDayMs, zoneIn } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { twoDigits } from '../decode/timestamp.js';
import { Severity } from '../model/severity.js';

/**
 * PgBouncer's own log line (lib/usual/logging.c log_generic, 1.8 to 1.25:
 * `fprintf(f, "%s [%u] %s %s\n", timebuf, pid, lev->tag, msg)`, the time from format_time_ms
 * `%04d-%02d-%02d %02d:%02d:%02d.%03d %s` with the local zone's abbreviation):
 *   `2023-01-19 14:26:52.969 UTC [7] LOG process up: PgBouncer 1.17.0, libevent 2.1.12-stable`
 *   `2024-06-12 13:02:23.005 +03 [2865569] WARNING C-0x56059d2f0410: db/user@10.0.0.5:64507 pooler error: ...`
 * 1.7 wrote the pid bare and no zone (`2018-06-05 15:46:04.992 83 NOISE ...`): that shape is also
 * OpenStack's oslo header (`time pid LEVEL logger`), so it is left to the formats that read it.
 * The tags are FATAL, ERROR, WARNING, LOG (info and stats) and DEBUG and NOISE (-v, -vv); LOG is
 * followed by a space, which keeps PostgreSQL's own `LOG:  ` lines out. A numeric zone is applied;
 * a named one (UTC, CEST; header-time.ts zoneIn) is read as UTC, as the other formats read local times.
 */
const LEVELS: readonly [string, number][] = [
  ['LOG', Severity.INFO],
  ['WARNING', Severity.WARN],
  ['ERROR', Severity.ERROR],
  ['FATAL', Severity.FATAL],
  ['DEBUG', Severity.DEBUG],
  ['NOISE', Severity.TRACE],
];

export function parsePgbouncer(s: string): AppLine | undefined {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 32 || s.charCodeAt(19) !== 46) return undefined;
  const year = readYear(s, 0);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const clock = readClock(s, 11);
  if (clock !== clock || year !== year || timeEnd !== 23 || s.charCodeAt(23) !== 32 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const zoneEnd = s.indexOf(' ', 24);
  const offset = zoneEnd < 0 ? undefined : zoneIn(s, 24, zoneEnd);
  if (offset === undefined || s.charCodeAt(zoneEnd + 1) !== 91) return undefined;
  // A zone's name gives no offset here: the time is read as UTC, as local times are elsewhere.
  const offsetMs = offset === offset ? offset * 60_000 : 0;
  const pidAt = zoneEnd + 2;
  const pidEnd = digitsEnd(s, pidAt);
  if (pidEnd < 0 || pidEnd - pidAt > 10 || s.charCodeAt(pidEnd) !== 93 || s.charCodeAt(pidEnd + 1) !== 32) return undefined;
  const i = pidEnd + 2;
  for (const [tag, severity] of LEVELS) {
    if (sameChars(s, i, tag) && s.charCodeAt(i + tag.length) === 32) {
      const timeMs = utcDayMs(year, month, day) + clock - offsetMs;
      return makeAppLine(timeMs, severity, tag, s.slice(i + tag.length + 1), 'pgbouncer', undefined, undefined, intIn(s, pidAt, pidEnd));
    }
  }
  return undefined;
}

export const pgbouncerFormat: AppFormat = { name: 'pgbouncer', firstChars: DIGITS, afterDigits: '-', parse: parsePgbouncer };
