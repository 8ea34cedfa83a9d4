import type { AppFormat, AppLine } from './app-format.js';
import { isUpperRun } from './char-codes.js';
import { bracketEnd } from './header-fields.js';
import { monthAt, readClock, readYear, timeEnd, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';
import { timeWithoutDate, twoDigits } from '../decode/timestamp.js';

/** Time of the bracketed stamp read by `stampTime`, NaN when it is not one. */
function stampTime(s: string, end: number, refMs: number): number {
  const n = end - 1;
  // `[HH:mm:ss]`: the clock alone, on the transport's day.
  if (n === 9) {
    const clock = readClock(s, 1);
    return timeEnd === n ? timeWithoutDate(refMs, clock) : NaN;
  }
  const sep = s.charCodeAt(5);
  // `[yyyy/MM/dd HH:mm:ss]`, `[yyyy-MM-dd HH:mm:ss.SSS]`.
  if ((sep === 47 || sep === 45) && s.charCodeAt(8) === sep && s.charCodeAt(11) === 32) {
    const month = twoDigits(s, 6);
    const day = twoDigits(s, 9);
    const clock = readClock(s, 12);
    if (timeEnd !== n || month < 1 || month > 12 || day < 1 || day > 31) return NaN;
    return utcDayMs(readYear(s, 1), month, day) + clock;
  }
  // Forge's `[ddMMMyyyy HH:mm:ss.SSS]`.
  const month = monthAt(s, 3);
  const day = twoDigits(s, 1);
  if (month === 0 || day < 1 || day > 31 || s.charCodeAt(10) !== 32) return NaN;
  const clock = readClock(s, 11);
  return timeEnd === n ? utcDayMs(readYear(s, 6), month, day) + clock : NaN;
}

/**
 * log4j2's `[%d] [%t/%level]` layouts, which Minecraft's server ships in its log4j2.xml
 * (`[%d{HH:mm:ss}] [%t/%level]: %msg%n` on the console, `[%d{yyyy/MM/dd HH:mm:ss}]` in some
 * images' files) and Forge and NeoForge extend with the logger and marker
 * (`[%d{ddMMMyyyy HH:mm:ss.SSS}] [%t/%level] [%c{2.}/%markerSimpleName]: %msg%n`):
 *   `[23:28:06] [Server thread/WARN]: Can't keep up! Is the server overloaded? Running 2034ms behind`
 *   `[02Jan2024 03:04:05.678] [main/INFO] [cpw.mods.modlauncher.Launcher/MODLAUNCHER]: ModLauncher running`
 * The thread holds spaces (`Server thread`); the level is the word after its last `/`.
 * Fabric's `(logger) msg` after the level bracket gives the logger too.
 */
export function parseLog4jThreadLevel(s: string, refMs: number): AppLine | undefined {
  const close = s.indexOf('] [', 1);
  if (close < 9 || close > 25) return undefined;
  const timeMs = stampTime(s, close + 1, refMs);
  if (timeMs !== timeMs) return undefined;
  const open = close + 2;
  const end = bracketEnd(s, open);
  if (end < 0) return undefined;
  const slash = s.lastIndexOf('/', end);
  if (slash <= open) return undefined;
  if (!isUpperRun(s, slash + 1, end - 1)) return undefined;
  const severity = severityInRange(s, slash + 1, end - 1);
  if (severity === 0) return undefined;
  const thread = s.slice(open + 1, slash);
  let i = end;
  let logger: string | undefined;
  if (s.charCodeAt(i) === 32 && (s.charCodeAt(i + 1) === 91 || s.charCodeAt(i + 1) === 40)) {
    const le = bracketEnd(s, i + 1, s.charCodeAt(i + 1), s.charCodeAt(i + 1) === 91 ? 93 : 41);
    if (le > 0) {
      const inner = s.slice(i + 2, le - 1);
      const mark = inner.lastIndexOf('/');
      logger = mark > 0 ? inner.slice(0, mark) : inner;
      i = le;
    }
  }
  if (s.charCodeAt(i) === 58) i++;
  if (s.charCodeAt(i) === 32) i++;
  return makeAppLine(timeMs, severity, s.slice(slash + 1, end - 1), s.slice(i), 'log4j-thread-level', logger, thread);
}

export const log4jThreadLevelFormat: AppFormat = { name: 'log4j-thread-level', firstChars: '[', parse: parseLog4jThreadLevel };
