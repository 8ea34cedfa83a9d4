import { isNameWithDigit, isSnakeName } from './name-words.js';

export interface Template {
  /** Stable id: 16 hex chars of a 64-bit FNV-1a hash of the template text. */
  id: string;
  /** The message with variable parts masked as `<*>`. */
  text: string;
}

export const MASK = '<*>';

/**
 * Word classification shared by maskVariables and templateKey, per UTF-16 code unit: DIGIT
 * (counts as 1), DELIM (separates words; everything between two of them is one word), 0 for any
 * other char (all of them beyond ASCII). One table read per char in templateKey's hot loop, with
 * no range test before it: a table of every code unit (64 KiB) costs less than a branch per char
 * (3.9 % fewer instructions per cache hit: templates5's report).
 */
const DIGIT = 1;
const DELIM = 2;
const CHAR_CLASS = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) CHAR_CLASS[c] = DIGIT;
for (const ch of ' \t\r\n=:,;()[]{}"\'<>/|.@#!?*&+`') CHAR_CLASS[ch.charCodeAt(0)] = DELIM;

/**
 * Words after which a small number is meaning, not noise: `signal 9` is a kill and `signal 15`
 * a stop, `exit code 137` an OOM kill, uWSGI's harakiri `try: 1` a new timeout and `try: 2` the same
 * one again, Rails' `Completed 200` a served request and `Completed 500` a failed one. Keeping them unmasked gives them their own templates,
 * so rules cached per template still see the difference.
 */
const KEEP_AFTER = ['signal', 'sig', 'code', 'status', 'exitcode', 'errno', 'rc', 'try', 'completed'];

/** KEEP_AFTER's first letters: most words (numbers, in an address or a date) fail on one compare. */
const KEEP_FIRST = new Uint8Array(128);
for (const w of KEEP_AFTER) KEEP_FIRST[w.charCodeAt(0)] = 1;

/** Case-insensitive match of s[start, end) against KEEP_AFTER, without slicing. */
function isKeeperWord(s: string, start: number, end: number): boolean {
  const c0 = s.charCodeAt(start) | 0x20;
  if (c0 >= 128 || KEEP_FIRST[c0] === 0) return false;
  const len = end - start;
  for (let j = 0; j < KEEP_AFTER.length; j++) {
    const w = KEEP_AFTER[j];
    if (w.length !== len) continue;
    let k = 0;
    while (k < len && (s.charCodeAt(start + k) | 0x20) === w.charCodeAt(k)) k++;
    if (k === len) return true;
  }
  return false;
}

/** Templates cover at most this much of a message. */
export const MAX_TEMPLATE_CHARS = 1024;

function isDelimiter(c: number): boolean {
  return CHAR_CLASS[c] === DELIM;
}

/**
 * Masks the variable parts of a message: every word containing a digit (numbers, hex ids, pids,
 * UUIDs, addresses, times, versions), except small numbers with meaning (see KEEP_AFTER, and a
 * 3-digit HTTP status where request logs put it, see isRequestStatus). One pass over the characters; no
 * allocation when nothing is masked. `maskWord`, for a word with a digit: what stands in its
 * place (`node-<*>` for `node-129`, `<*>-<*>` for a range), or undefined to keep it as written (a
 * name such as `log4j`); without it every such word is one `<*>`.
 */
export function maskVariables(message: string, maskWord?: (s: string, start: number, end: number) => string | undefined): string {
  const n = message.length > MAX_TEMPLATE_CHARS ? MAX_TEMPLATE_CHARS : message.length;
  let out = '';
  let copiedTo = 0;
  let i = 0;
  let prevWordStart = -1;
  let prevWordEnd = -1;
  while (i < n) {
    const c = message.charCodeAt(i);
    if (isDelimiter(c)) {
      i++;
      continue;
    }
    const start = i;
    let digits = 0;
    while (i < n) {
      const d = message.charCodeAt(i);
      const k = CHAR_CLASS[d];
      if (k === DELIM) break;
      digits += k;
      i++;
    }
    if (digits > 0 && !keepNumber(message, start, i, digits, prevWordStart, prevWordEnd)) {
      const masked = maskWord === undefined ? MASK : maskWord(message, start, i);
      if (masked !== undefined) {
        out += message.slice(copiedTo, start) + masked;
        copiedTo = i;
      }
    }
    prevWordStart = start;
    prevWordEnd = i;
  }
  if (copiedTo === 0) return n === message.length ? message : message.slice(0, n);
  return out + message.slice(copiedTo, n);
}

function keepNumber(s: string, start: number, end: number, digits: number, prevStart: number, prevEnd: number): boolean {
  const len = end - start;
  if (digits !== len || len > 3) return false;
  if (prevStart >= 0 && prevEnd - prevStart <= 9 && isKeeperWord(s, prevStart, prevEnd)) return true;
  if (len !== 3 || start < 2 || s.charCodeAt(start - 1) !== 32) return false;
  // `"GET /x HTTP/1.1" 503 ...`: the status code of a combined access log line.
  if (s.charCodeAt(start - 2) === 34) return true;
  const c0 = s.charCodeAt(start);
  return c0 >= 49 && c0 <= 53 && isRequestStatus(s, start, end);
}

/**
 * An HTTP status where a request log other than the combined format puts it, so that a rule can
 * tell a 2xx from a 5xx of the same request shape: after the protocol (`(HTTP/1.1 200)`, uWSGI),
 * after the quoted request and one field (`"GET / HTTP/2.0" 10.0.0.1:80 200`, custom nginx
 * formats), before the request (`200 POST /x HTTP/1.1`, custom HAProxy formats), after a method
 * and path (`GET /x 200 3.1 ms`, morgan) or between bars (`| 200 |`, Gin). The caller has checked
 * three digits starting 1-5 after a space.
 */
function isRequestStatus(s: string, start: number, end: number): boolean {
  if (httpVersionEndsAt(s, start - 1)) return true;
  const before = s.lastIndexOf(' ', start - 2);
  if (before > 0 && s.charCodeAt(before - 1) === 34 && httpVersionEndsAt(s, before - 1)) return !allDigits(s, before + 1, start - 1);
  if (before >= 0 && s.charCodeAt(before + 1) === 47 && methodEndsAt(s, before)) return true;
  const c = s.charCodeAt(start - 2);
  if ((c === 124 || c === 109) && s.charCodeAt(end) === 32 && (s.charCodeAt(end + 1) === 124 || s.charCodeAt(end + 1) === 27)) return true;
  if (s.charCodeAt(end) !== 32) return false;
  const methodEnd = s.indexOf(' ', end + 1);
  return methodEnd > 0 && s.charCodeAt(methodEnd + 1) === 47 && methodEndsAt(s, methodEnd);
}

/** s[from, to) is digits only: the combined format's status, so this word is its size. */
function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (CHAR_CLASS[s.charCodeAt(i)] !== DIGIT) return false;
  return true;
}

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** An upper-case HTTP method ends at `end`, starting the text or after a space. */
function methodEndsAt(s: string, end: number): boolean {
  let from = end;
  while (from > 0 && from > end - 8 && s.charCodeAt(from - 1) >= 65 && s.charCodeAt(from - 1) <= 90) from--;
  if (from > 0 && s.charCodeAt(from - 1) !== 32 && s.charCodeAt(from - 1) !== 34) return false;
  return end - from >= 3 && HTTP_METHODS.includes(s.slice(from, end));
}

/** `HTTP/1.1`, `HTTP/2.0` or `HTTP/2` ends at `end`. */
function httpVersionEndsAt(s: string, end: number): boolean {
  const d = s.charCodeAt(end - 1);
  if (d < 48 || d > 57) return false;
  const major = s.charCodeAt(end - 2) === 46 ? end - 3 : end - 1;
  return s.startsWith('HTTP/', major - 5) && s.charCodeAt(major) >= 48 && s.charCodeAt(major) <= 57;
}

// As int32 (`| 0`): a lane that starts as a double (0x811c9dc5 > 2^31) keeps the whole hash loop
// in float64 and costs about twice as much; `^` and Math.imul see the same 32 bits either way.
const H1 = 0x811c9dc5 | 0;
const H2 = 0xcbf29ce4 | 0;
const PRIME = 0x01000193;
/** A second, independent lane (murmur's multiplier): no dependency on the first lane's state. */
const PRIME2 = 0x5bd1e995;
/** MASK's three chars, hashed unrolled for every masked word. */
const MASK_0 = MASK.charCodeAt(0);
const MASK_1 = MASK.charCodeAt(1);
const MASK_2 = MASK.charCodeAt(2);

/** A 64-bit hash as two independent 32-bit FNV-1a-style lanes, printed as 16 hex characters. */
export function templateId(text: string): string {
  let h1 = H1;
  let h2 = H2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, PRIME);
    h2 = Math.imul(h2 ^ c, PRIME2);
  }
  return laneHex(h1, h2);
}

function laneHex(h1: number, h2: number): string {
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** Lanes of the last `templateKey` call, so the id can be printed without hashing again. */
let lastH1 = H1;
let lastH2 = H2;

/** The id of the template whose key `templateKey` returned last. */
export function lastTemplateId(): string {
  return laneHex(lastH1, lastH2);
}

/**
 * The hash of `maskVariables(message)` without building it: the same scan, hashing what the
 * template would contain. A cache keyed by this number finds a known template with no
 * allocation; the text is built only for a new template. 53 bits, so collisions between the
 * (capped) templates in memory are negligible.
 */
export function templateKey(message: string): number {
  scanShape(message);
  return lastShapeHash();
}

/**
 * The same scan as templateKey, as a 31-bit small integer (V8 keeps it unboxed: a Map lookup by
 * it allocates nothing and takes the integer-key path); `lastShapeCheck()` gives 32 more bits of
 * the same hash, to tell apart the rare shapes that share this key.
 */
export function shapeKey(message: string): number {
  scanShape(message);
  return lastH1 >> 1;
}

/** The other lane of the last shapeKey / templateKey call (see shapeKey). */
export function lastShapeCheck(): number {
  return lastH2;
}

/** templateKey's 53-bit hash of the last shapeKey / templateKey call, without scanning again. */
export function lastShapeHash(): number {
  return (lastH2 & 0x1fffff) * 4294967296 + (lastH1 >>> 0);
}

/**
 * The message's first chars as bytes, when they are all ASCII (scanShape). A string sliced from a
 * decoded record (most messages) costs an indirection on every charCodeAt; one native copy into
 * this buffer and typed-array reads cost about a third less over a line (fb700k workload), and
 * give the same codes, hence the same hash.
 */
const ASCII = new Uint8Array(MAX_TEMPLATE_CHARS);
const encoder = new TextEncoder();

function scanShape(message: string): void {
  const n = message.length > MAX_TEMPLATE_CHARS ? MAX_TEMPLATE_CHARS : message.length;
  const copied = encoder.encodeInto(message, ASCII);
  // As many bytes as chars, for the n chars read: no char beyond ASCII among them.
  if (copied.read === n && copied.written === n) scanShapeAscii(message, n);
  else scanShapeChars(message, n);
}

/** scanShape over ASCII's bytes (the message's first n chars); keepNumber reads the message. */
function scanShapeAscii(message: string, n: number): void {
  const bytes = ASCII;
  let h1 = H1;
  let h2 = H2;
  let i = 0;
  let prevWordStart = -1;
  let prevWordEnd = -1;
  while (i < n) {
    let c = bytes[i];
    if (CHAR_CLASS[c] === DELIM) {
      h1 = Math.imul(h1 ^ c, PRIME);
      h2 = Math.imul(h2 ^ c, PRIME2);
      i++;
      continue;
    }
    const start = i;
    let digits = 0;
    let w1 = h1;
    let w2 = h2;
    while (i < n) {
      c = bytes[i];
      const k = CHAR_CLASS[c];
      if (k === DELIM) break;
      digits += k;
      w1 = Math.imul(w1 ^ c, PRIME);
      w2 = Math.imul(w2 ^ c, PRIME2);
      i++;
    }
    if (digits > 0 && !keepNumber(message, start, i, digits, prevWordStart, prevWordEnd)) {
      h1 = Math.imul(Math.imul(Math.imul(h1 ^ MASK_0, PRIME) ^ MASK_1, PRIME) ^ MASK_2, PRIME);
      h2 = Math.imul(Math.imul(Math.imul(h2 ^ MASK_0, PRIME2) ^ MASK_1, PRIME2) ^ MASK_2, PRIME2);
    } else {
      h1 = w1;
      h2 = w2;
    }
    prevWordStart = start;
    prevWordEnd = i;
  }
  lastH1 = h1;
  lastH2 = h2;
}

/** scanShape over the message's chars (a message with chars beyond ASCII). */
function scanShapeChars(message: string, n: number): void {
  let h1 = H1;
  let h2 = H2;
  let i = 0;
  let prevWordStart = -1;
  let prevWordEnd = -1;
  while (i < n) {
    let c = message.charCodeAt(i);
    if (isDelimiter(c)) {
      h1 = Math.imul(h1 ^ c, PRIME);
      h2 = Math.imul(h2 ^ c, PRIME2);
      i++;
      continue;
    }
    const start = i;
    let digits = 0;
    let w1 = h1;
    let w2 = h2;
    while (i < n) {
      c = message.charCodeAt(i);
      // One table read classifies the char: a delimiter ends the word, a digit counts.
      const k = CHAR_CLASS[c];
      if (k === DELIM) break;
      digits += k;
      w1 = Math.imul(w1 ^ c, PRIME);
      w2 = Math.imul(w2 ^ c, PRIME2);
      i++;
    }
    if (digits > 0 && !keepNumber(message, start, i, digits, prevWordStart, prevWordEnd)) {
      h1 = Math.imul(Math.imul(Math.imul(h1 ^ MASK_0, PRIME) ^ MASK_1, PRIME) ^ MASK_2, PRIME);
      h2 = Math.imul(Math.imul(Math.imul(h2 ^ MASK_0, PRIME2) ^ MASK_1, PRIME2) ^ MASK_2, PRIME2);
    } else {
      h1 = w1;
      h2 = w2;
    }
    prevWordStart = start;
    prevWordEnd = i;
  }
  lastH1 = h1;
  lastH2 = h2;
}

/**
 * A hash of the names with a digit in a message (`eth0`, `alt0`, `SOCKS5`: name-words.ts), in
 * order, or 0 when it has none. The shape masks them as any word with a digit (so the hit path
 * needs no name test), while the template keeps the name of the shape's first message: a shape
 * whose later messages carry other names shows that its template's name is a value
 * (template-cache.ts). Same word split as the shape scan.
 */
export function nameKey(message: string): number {
  const n = message.length > MAX_TEMPLATE_CHARS ? MAX_TEMPLATE_CHARS : message.length;
  let h = 0;
  let i = 0;
  while (i < n) {
    if (CHAR_CLASS[message.charCodeAt(i)] === DELIM) {
      i++;
      continue;
    }
    const start = i;
    let digits = 0;
    while (i < n) {
      const k = CHAR_CLASS[message.charCodeAt(i)];
      if (k === DELIM) break;
      digits += k;
      i++;
    }
    if (digits > 0 && digits < i - start && (isNameWithDigit(message, start, i) || isSnakeName(message, start, i))) {
      h = Math.imul(h ^ 32, PRIME);
      for (let k = start; k < i; k++) h = Math.imul(h ^ message.charCodeAt(k), PRIME);
      h |= 1;
    }
  }
  return h;
}

export function templateOf(message: string): Template {
  const text = maskVariables(message);
  return { id: templateId(text), text };
}
