import type { EntryBatch } from './entry-batch.js';
import { malformed } from './input-error.js';

const OPEN_BRACKET = 91;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Decodes every JSON body Fluent Bit's http output sends. Content-Type does not tell them
 * apart (json, json_stream and gelf are all `application/json`), so the body is sniffed:
 * `[` is the `json` array; `{` is one object, `json_lines`/gelf (one object per line) or
 * `json_stream` (objects back to back). A bad line or object is counted and skipped.
 */
export function decodeJsonBody(text: string, batch: EntryBatch): void {
  let first = 0;
  while (first < text.length && isSpace(text.charCodeAt(first))) first++;
  if (first === text.length) return;
  const c = text.charCodeAt(first);
  if (c === OPEN_BRACKET) return decodeArray(text, first, batch);
  // A body of lines whose first is not an object (a stray log line, a truncated first record):
  // that line is bad like any other, counted and skipped; a body with nothing good is still 400.
  if (c !== OPEN_BRACE) return decodeLines(text, first, batch);
  // A single (possibly pretty-printed) object; for the other layouts this fails at the end of
  // the first object, so the attempt costs little.
  const whole = tryParse(text);
  if (whole !== FAILED) {
    batch.addRecord(whole, undefined);
    return;
  }
  decodeLines(text, first, batch);
}

/**
 * Fluent Bit's `json` format: one array. A body of several lines that starts with `[` but is not
 * one JSON value is json_lines whose first line happens to start with `[` (a log line): decoded
 * line by line, that line counted bad. A single line that does not parse can never succeed: 400.
 */
function decodeArray(text: string, first: number, batch: EntryBatch): void {
  const value = tryParse(text);
  if (value === FAILED) {
    const nl = text.indexOf('\n', first);
    if (nl >= 0 && text.slice(nl + 1).trim() !== '') return decodeLines(text, first, batch);
    let message = 'invalid JSON array';
    try {
      JSON.parse(text);
    } catch (err) {
      message = `invalid JSON array: ${(err as Error).message.slice(0, 200)}`;
    }
    throw malformed(message);
  }
  if (!Array.isArray(value)) throw malformed('invalid JSON array');
  for (let i = 0; i < value.length; i++) batch.addRecord(value[i], undefined);
}

const FAILED = Symbol('failed');

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return FAILED;
  }
}

/** JSON strings cannot hold a raw newline, so lines are a safe first split. */
function decodeLines(text: string, from: number, batch: EntryBatch): void {
  let start = from;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let s = start;
    let e = end;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (s < e) {
      const v = tryParse(text.slice(s, e));
      if (v !== FAILED) batch.addRecord(v, undefined);
      else scanObjects(text, s, e, batch);
    }
    start = end + 1;
  }
}

/**
 * Splits `{...}{...}` (json_stream) by brace depth, aware of strings and escapes, then parses
 * each object. Iterative, so nesting depth costs nothing but a counter. Text outside an object
 * and objects that do not parse are counted invalid.
 */
function scanObjects(text: string, from: number, to: number, batch: EntryBatch): void {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c !== OPEN_BRACE) {
      batch.addInvalid();
      i = skipGarbage(text, i, to);
      continue;
    }
    const end = objectEnd(text, i, to);
    if (end < 0) {
      batch.addInvalid();
      return;
    }
    const v = tryParse(text.slice(i, end));
    if (v !== FAILED) batch.addRecord(v, undefined);
    else batch.addInvalid();
    i = end;
  }
}

/** Index after the `}` closing the object starting at `start`, or -1 when it never closes. */
function objectEnd(text: string, start: number, to: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < to; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      else if (c === NEWLINE) return -1;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE) depth++;
    else if (c === CLOSE_BRACE && --depth === 0) return i + 1;
  }
  return -1;
}

function skipGarbage(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && text.charCodeAt(i) !== OPEN_BRACE) i++;
  return i;
}

const CLOSE_BRACKET = 93;
const COMMA = 44;

/**
 * Fluent Bit's default `json` format as a large body: the array's elements are found by a
 * string-aware scan and parsed one by one, with an event-loop turn every `sliceChars`, so a 60 MB
 * array does not hold the event loop for the whole JSON.parse. The array stays all-or-nothing:
 * records are added only once every element parsed. Returns false (nothing added) when the body
 * is not a clean array, for the caller to decode it the ordinary way (and refuse it there).
 */
export async function decodeJsonArrayInSlices(text: string, batch: EntryBatch, sliceChars: number): Promise<boolean> {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== OPEN_BRACKET) return false;
  i++;
  const values: unknown[] = [];
  let nextYield = i + sliceChars;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === CLOSE_BRACKET && values.length === 0) break;
    const end = elementEnd(text, i);
    if (end < 0) return false;
    const v = tryParse(text.slice(i, end));
    if (v === FAILED) return false;
    values.push(v);
    i = end;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    i++;
    if (c === CLOSE_BRACKET) break;
    if (c !== COMMA) return false;
    if (i >= nextYield) {
      nextYield = i + sliceChars;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  for (let j = i; j < text.length; j++) if (!isSpace(text.charCodeAt(j))) return false;
  for (let j = 0; j < values.length; j++) {
    batch.addRecord(values[j], undefined);
    if ((j & 0x3fff) === 0x3fff) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return true;
}

/** Index after the JSON value starting at `start` (an element of an array), or -1. */
function elementEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Jump to the closing quote: one not preceded by an odd run of backslashes.
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        if (j < 0) return -1;
        let k = j - 1;
        while (text.charCodeAt(k) === BACKSLASH) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j++;
      }
      i = j;
      if (depth === 0) return i + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (depth === 0 && (c === COMMA || isSpace(c))) return i;
  }
  return depth === 0 ? text.length : -1;
}
