import type { AppLine } from './app-line.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromWord } from './severity-words.js';
import { parseIsoTime } from '../decode/timestamp.js';

/** gunicorn's `%(asctime)s` is `%Y-%m-%d %H:%M:%S %z`: always 25 chars after the `[`. */
const TIME_END = 26;
const LEVELS = ['INFO', 'WARNING', 'ERROR', 'CRITICAL', 'DEBUG'] as const;

let lastStamp = '';
let lastMs = 0;

function stampMs(text: string): number {
  if (lastStamp.length === 25 && text.startsWith(lastStamp, 1)) return lastMs;
  const ms = parseIsoTime(text, 1, TIME_END);
  if (ms === ms) {
    lastStamp = text.slice(1, TIME_END);
    lastMs = ms;
  }
  return ms;
}

/** The level between `[` at `at` and the next `]`, interned when it is one of gunicorn's own. */
function levelAt(text: string, at: number, end: number): string {
  for (const l of LEVELS) if (end - at === l.length && sameChars(text, at, l)) return l;
  return text.slice(at, end);
}

/** `text.startsWith(word, at)` by char code: cheaper for these short words. */
function sameChars(text: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (text.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return true;
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
  const ms = stampMs(text);
  if (ms !== ms) return undefined;
  const level = levelAt(text, levelStart, levelEnd);
  const msgStart = text.charCodeAt(levelEnd + 1) === 32 ? levelEnd + 2 : levelEnd + 1;
  return makeAppLine(ms, severityFromWord(level), level, text.slice(msgStart), 'gunicorn');
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
