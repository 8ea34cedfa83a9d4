import type { AppFormat, AppLine } from './app-format.js';
import { isDigit, isUpper, sameChars } from './char-codes.js';
import { intIn } from './header-fields.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromWord } from './severity-words.js';
import { parseIsoTime } from '../decode/timestamp.js';

/** gunicorn's `%(asctime)s` is `%Y-%m-%d %H:%M:%S %z`: always 25 chars after the `[`. */
const TIME_END = 26;
const LEVELS = ['INFO', 'WARNING', 'ERROR', 'CRITICAL', 'DEBUG'] as const;
/** LEVELS' severities, read once: a line of gunicorn's own levels needs no word lookup. */
const LEVEL_SEVERITY = LEVELS.map(severityFromWord);

/** Index in LEVELS of the level between `[` at `at` and the next `]` at `end`, or -1. */
function levelIndex(text: string, at: number, end: number): number {
  for (let k = 0; k < LEVELS.length; k++) if (end - at === LEVELS[k].length && sameChars(text, at, LEVELS[k])) return k;
  return -1;
}

/**
 * gunicorn's error log: `[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9`.
 * Checked by position rather than a regex; undefined when the line is not in this shape.
 */
export function parseGunicorn(text: string): AppLine | undefined {
  if (text.charCodeAt(TIME_END) !== 93 || text.charCodeAt(TIME_END + 1) !== 32) return undefined;
  if (text.charCodeAt(TIME_END + 2) !== 91) return undefined;
  let i = TIME_END + 3;
  while (i < TIME_END + 13 && isDigit(text.charCodeAt(i))) i++;
  if (i === TIME_END + 3 || text.charCodeAt(i) !== 93 || text.charCodeAt(i + 1) !== 32 || text.charCodeAt(i + 2) !== 91) {
    return undefined;
  }
  const levelStart = i + 3;
  let levelEnd = levelStart;
  while (levelEnd < levelStart + 10 && isUpper(text.charCodeAt(levelEnd))) levelEnd++;
  if (levelEnd === levelStart || text.charCodeAt(levelEnd) !== 93) return undefined;
  const ms = parseIsoTime(text, 1, TIME_END);
  if (ms !== ms) return undefined;
  const k = levelIndex(text, levelStart, levelEnd);
  const level = k >= 0 ? LEVELS[k] : text.slice(levelStart, levelEnd);
  const msgStart = text.charCodeAt(levelEnd + 1) === 32 ? levelEnd + 2 : levelEnd + 1;
  return makeAppLine(ms, k >= 0 ? LEVEL_SEVERITY[k] : severityFromWord(level), level, text.slice(msgStart), 'gunicorn', undefined, undefined, intIn(text, TIME_END + 3, i));
}

export const gunicornFormat: AppFormat = { name: 'gunicorn', firstChars: '[', parse: parseGunicorn };
