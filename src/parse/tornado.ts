import type { AppFormat, AppLine } from './app-format.js';
import { isDigit } from './char-codes.js';
import { nameEnd } from './header-fields.js';
import { readClock, timeEnd, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromLevelLetter } from './severity-words.js';
import { timeWithoutDate, twoDigits } from '../decode/timestamp.js';

/**
 * tornado.log.LogFormatter's bracketed header, `[<L> <time> <name>] message`, where `<L>` is the
 * level's first letter (D I W E C) and the rest depends on the application's format string:
 * - Jupyter Server 1.x-2.x (jupyter_server/serverapp.py `_default_log_format`) and JupyterHub
 *   (`%(name)s %(module)s:%(lineno)d`): `[I 2023-07-05 07:30:38.660 ServerApp]`,
 *   `[I 2024-03-26 14:27:45.836 JupyterHub app:3245]`;
 * - the classic Notebook (notebook/notebookapp.py, datefmt `%H:%M:%S`): `[I 15:38:04.197 NotebookApp]`
 *   — no date, so the reference time's day is used;
 * - tornado's own default (`%(module)s:%(lineno)d`, datefmt `%y%m%d %H:%M:%S`):
 *   `[I 230705 07:30:38 web:2239]`.
 * The name (ServerApp, NotebookApp, LabApp, JupyterHub, a module) becomes the logger.
 */

export function parseTornado(s: string, refMs: number): AppLine | undefined {
  const severity = severityFromLevelLetter(s.charCodeAt(1));
  if (severity === 0 || s.charCodeAt(1) === 78 || s.charCodeAt(1) === 84 || s.charCodeAt(2) !== 32) return undefined;
  let clockAt = 3;
  let dayMs = NaN;
  if (s.charCodeAt(7) === 45 && s.charCodeAt(10) === 45 && s.charCodeAt(13) === 32) {
    // 2023-07-05
    const y = twoDigits(s, 3) * 100 + twoDigits(s, 5);
    const mo = twoDigits(s, 8);
    const d = twoDigits(s, 11);
    if (!(y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31)) return undefined;
    dayMs = utcDayMs(y, mo, d);
    clockAt = 14;
  } else if (s.charCodeAt(9) === 32 && isDigit(s.charCodeAt(3)) && isDigit(s.charCodeAt(8))) {
    // 230705
    const y = twoDigits(s, 3);
    const mo = twoDigits(s, 5);
    const d = twoDigits(s, 7);
    if (!(y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31)) return undefined;
    dayMs = utcDayMs(2000 + y, mo, d);
    clockAt = 10;
  }
  const clock = readClock(s, clockAt);
  if (clock !== clock || s.charCodeAt(timeEnd) !== 32) return undefined;
  const timeMs = dayMs === dayMs ? dayMs + clock : timeWithoutDate(refMs, clock);
  const nameAt = timeEnd + 1;
  const end = nameEnd(s, nameAt, 80);
  if (end < 0) return undefined;
  let close = end;
  if (s.charCodeAt(end) === 58) {
    // tornado's own default: `module:lineno` alone
    let i = end + 1;
    while (isDigit(s.charCodeAt(i))) i++;
    if (i === end + 1) return undefined;
    close = i;
  } else if (s.charCodeAt(end) === 32) {
    // JupyterHub and tornado: ` module:lineno`
    const mod = nameEnd(s, end + 1, 80);
    const colon = s.indexOf(':', end + 1);
    if (mod < 0 || colon < 0 || colon > mod) return undefined;
    let i = colon + 1;
    while (isDigit(s.charCodeAt(i))) i++;
    if (i === colon + 1) return undefined;
    close = i;
  }
  if (s.charCodeAt(close) !== 93) return undefined;
  const msgAt = s.charCodeAt(close + 1) === 32 ? close + 2 : close + 1;
  return makeAppLine(timeMs, severity, s.charAt(1), s.slice(msgAt), 'tornado', s.slice(nameAt, end));
}

export const tornadoFormat: AppFormat = { name: 'tornado', firstChars: '[', parse: parseTornado };
