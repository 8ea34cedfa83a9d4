import { DIGITS, type AppFormat, type AppLine } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromWord } from './severity-words.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * loguru's default format (loguru/_defaults.py, LOGURU_FORMAT, 0.5–0.7):
 * `{time:YYYY-MM-DD HH:mm:ss.SSS} | {level: <8} | {name}:{function}:{line} - {message}`, e.g.
 * `2021-08-18 15:34:37.893 | DEBUG    | app.routes:get_hello:93 - hello`. Its levels are the
 * usual words plus SUCCESS (an INFO, numerically 25). The time has no zone (local time).
 */
export function parseLoguru(s: string): AppLine | undefined {
  const bar = s.indexOf(' | ', 19);
  if (bar < 19 || bar > 40) return undefined;
  const timeMs = parseIsoTime(s, 0, bar);
  if (timeMs !== timeMs) return undefined;
  const levelStart = bar + 3;
  let levelEnd = levelStart;
  while (levelEnd < levelStart + 10) {
    const c = s.charCodeAt(levelEnd);
    if (c < 65 || c > 90) break;
    levelEnd++;
  }
  let next = levelEnd;
  while (s.charCodeAt(next) === 32 && next < levelStart + 12) next++;
  if (levelEnd === levelStart || s.charCodeAt(next) !== 124 || s.charCodeAt(next + 1) !== 32) return undefined;
  const levelText = s.slice(levelStart, levelEnd);
  const severityNumber = levelText === 'SUCCESS' ? severityFromWord('INFO') : severityFromWord(levelText);
  if (severityNumber === 0) return undefined;
  const where = next + 2;
  const dash = s.indexOf(' - ', where);
  const colon = s.indexOf(':', where);
  if (dash < 0 || colon < 0 || colon > dash || dash - where > 256) return undefined;
  return makeAppLine(timeMs, severityNumber, levelText, s.slice(dash + 3), 'loguru', s.slice(where, colon));
}

export const loguruFormat: AppFormat = { name: 'loguru', firstChars: DIGITS, afterDigits: '-', parse: parseLoguru };
