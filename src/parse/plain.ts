import type { AppLine } from './app-format.js';
import { exceptionClassLength, JVM_THREAD_HEADER, TRACEBACK_HEADER } from './exception-line.js';
import { isDigit, isLetter, isUpperRun } from './char-codes.js';
import { makeAppLine } from './make-app-line.js';
import { parseLearnedHeader } from './learned-header.js';
import { pythonWarningCategoryAt } from './python-warning.js';
import { isNameNotLevel, SEVERITY_BY_WORD, severityInRange } from './severity-words.js';
import { Severity } from '../model/severity.js';
import { parseIsoTime } from '../decode/timestamp.js';

/** How far into the line a level word still counts as the line's level. */
const LEVEL_SCAN_LIMIT = 64;

export interface LevelWord {
  severity: number;
  word: string;
  /** Index just after the word. */
  end: number;
  start: number;
}

/**
 * Bit `len` set at [first letter - 65] when some level word starts with that (upper-case)
 * letter and has that length: most words near a line's start (`GET`, `HTTP`, `Mar`) fail this
 * before any hashing. Exact for the ASCII-letter runs scanLevelWord reads.
 */
const LEVEL_WORD_SHAPES = new Uint32Array(26);
for (const w of SEVERITY_BY_WORD.keys()) LEVEL_WORD_SHAPES[w.charCodeAt(0) - 65] |= 1 << w.length;

/** 1 for an ASCII letter, per UTF-16 code unit: one table read per char of the scan (scanLevelWord). */
const LETTER = new Uint8Array(65536);
for (let c = 65; c <= 90; c++) LETTER[c] = LETTER[c + 32] = 1;

function mayBeLevelWord(first: number, len: number): boolean {
  return (LEVEL_WORD_SHAPES[(first | 0x20) - 97] & (1 << len)) !== 0;
}

/**
 * Finds a level word near the start: upper-case anywhere in the first 64 chars (`ERROR`,
 * `[WARN]`), any case when bracketed (`[error]`, `<warn>`) or leading the line before a colon
 * (`error: ...`, `Warning: ...`), so ordinary words in a message do not count.
 */
export function scanLevelWord(text: string): LevelWord | undefined {
  const limit = text.length < LEVEL_SCAN_LIMIT ? text.length : LEVEL_SCAN_LIMIT;
  const last = text.length - 2;
  let i = 0;
  while (i < limit) {
    // A level word has three letters or more, so a run that can hold one and starts at i, i + 1
    // or i + 2 covers i + 2: past a non-letter there, three chars at a time. i never lands inside
    // a run (one covering i + 3 would cover i + 2), so the runs read are the same.
    if (i < last && LETTER[text.charCodeAt(i + 2)] === 0) {
      i += 3;
      continue;
    }
    if (LETTER[text.charCodeAt(i)] === 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && LETTER[text.charCodeAt(j)] !== 0) j++;
    // The word's first letter and length first: most runs (`GET`, `Mar`, `api`) end here.
    if (j - i >= 3 && j - i <= 13 && mayBeLevelWord(text.charCodeAt(i), j - i)) {
      const next = text.charCodeAt(j);
      const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
      const boundary = !(next >= 48 && next <= 57) && next !== 95 && !(prev >= 48 && prev <= 57) && prev !== 95;
      const upper = boundary && isUpperRun(text, i, j);
      const bracketed = (prev === 91 || prev === 60 || prev === 40) && (next === 93 || next === 62 || next === 41);
      if (boundary && (upper || bracketed || (i === 0 && next === 58)) && !isNameNotLevel(text, i, j, bracketed)) {
        const severity = severityInRange(text, i, j);
        if (severity > 0) return { severity, word: text.slice(i, j), end: j, start: i };
      }
    }
    i = j;
  }
  return undefined;
}

function hasLower(text: string, to: number): boolean {
  for (let i = 0; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

/** Index of the message after a level word and its punctuation (`] `, `: `, ` - `). */
function messageStart(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const dash = c === 45 && text.charCodeAt(i + 1) === 32;
    if (!dash && c !== 32 && c !== 93 && c !== 62 && c !== 41 && c !== 58 && c !== 124 && c !== 9) break;
    i++;
  }
  return i;
}

/**
 * A level word that ends a heading rather than opening a message: a word before it and nothing
 * but rule characters after it (Redis' crash report `------ STACK TRACE ------`). Read as a level,
 * the line would lose its words and pass for a separator.
 */
function isHeadingWord(text: string, lvl: LevelWord): boolean {
  let letterBefore = false;
  for (let i = 0; i < lvl.start && !letterBefore; i++) letterBefore = isLetter(text.charCodeAt(i));
  if (!letterBefore) return false;
  for (let i = lvl.end; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLetter(c) || isDigit(c)) return false;
  }
  return true;
}

/** A leading ISO-8601 time (`2023-03-15T09:42:07.123Z`, optionally in `[...]`). */
function leadingTime(text: string): number | undefined {
  const at = text.charCodeAt(0) === 91 ? 1 : 0;
  if (text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45) return undefined;
  let end = at + 19;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (!((c >= 48 && c <= 57) || c === 46 || c === 44 || c === 58 || c === 43 || c === 45 || c === 90)) break;
    end++;
  }
  const ms = parseIsoTime(text, at, end);
  return ms === ms ? ms : undefined;
}

function exceptionLine(text: string, timeMs: number | undefined): AppLine | undefined {
  const c0 = text.charCodeAt(0);
  if (c0 === 84 && text.startsWith(TRACEBACK_HEADER)) {
    return makeAppLine(timeMs, Severity.ERROR, 'Traceback', text, 'plain');
  }
  if (c0 === 69 && text.startsWith(JVM_THREAD_HEADER)) {
    return makeAppLine(timeMs, Severity.ERROR, 'Exception', text, 'plain');
  }
  const n = exceptionClassLength(text);
  return n > 0 ? makeAppLine(timeMs, Severity.ERROR, text.slice(0, n), text, 'plain') : undefined;
}

/**
 * Lines without a known format: Python warnings (`x.py:12: UserWarning: msg` → WARN, message
 * from the category on), exception lines and tracebacks (ERROR), else a level word near the
 * start. The prefix before the level word is dropped only when it has no lower-case letters
 * (a timestamp, brackets, a pid), so a message is never cut.
 */
export function parsePlain(text: string): AppLine {
  const c0 = text.charCodeAt(0);
  const timeMs = c0 >= 48 && c0 <= 57 || c0 === 91 ? leadingTime(text) : undefined;
  if (c0 !== 32 && c0 !== 9) {
    const cat = pythonWarningCategoryAt(text);
    if (cat >= 0) {
      const colon = text.indexOf(':', cat);
      return makeAppLine(timeMs, Severity.WARN, text.slice(cat, colon), text.slice(cat), 'plain');
    }
    const exc = exceptionLine(text, timeMs);
    if (exc !== undefined) return exc;
    const learned = parseLearnedHeader(text);
    if (learned !== undefined) return learned;
  }
  const lvl = scanLevelWord(text);
  if (lvl === undefined || isHeadingWord(text, lvl)) return makeAppLine(timeMs, 0, undefined, text, 'plain');
  const message = hasLower(text, lvl.start) ? text : text.slice(messageStart(text, lvl.end));
  return makeAppLine(timeMs, lvl.severity, lvl.word, message, 'plain');
}
