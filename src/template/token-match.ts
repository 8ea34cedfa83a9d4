import { MASK } from './fingerprint.js';

/**
 * Token-level comparison for template clusters. A template token may hold variables inside it
 * (`user=<*>`, `<*>:<*>`, `(<*>)`); it matches a message token that fills each `<*>` with any
 * text, so `rhost=<*>` matches `rhost=10.0.0.1` and `rhost=` alike.
 */

/** Whether template token `t` (with `<*>` parts) matches message token `m`; no allocation unless `t` has three or more parts. */
export function tokenMatches(t: string, m: string): boolean {
  if (t === m || t === MASK) return true;
  const first = t.indexOf(MASK);
  if (first < 0 || m.length < first) return false;
  for (let k = 0; k < first; k++) if (t.charCodeAt(k) !== m.charCodeAt(k)) return false;
  const last = t.lastIndexOf(MASK);
  const tail = t.length - last - MASK.length;
  const end = m.length - tail;
  if (end < first) return false;
  for (let k = 1; k <= tail; k++) if (t.charCodeAt(t.length - k) !== m.charCodeAt(m.length - k)) return false;
  // The parts between the first and the last variable, in order, within what is left.
  let pos = first;
  let at = first + MASK.length;
  while (at < last) {
    const next = t.indexOf(MASK, at);
    const part = t.slice(at, next);
    const found = m.indexOf(part, pos);
    if (found < 0 || found + part.length > end) return false;
    pos = found + part.length;
    at = next + MASK.length;
  }
  return true;
}

function isPunct(c: number): boolean {
  return !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128 || c === 95);
}

/** Whether a variable `<*>` starts at `i`. */
function maskAt(s: string, i: number): boolean {
  return s.charCodeAt(i) === 60 && s.startsWith(MASK, i);
}

/** A prefix worth keeping when two tokens differ: punctuation, or up to a `key=` / `key:` label. */
function keptPrefix(a: string, b: string): number {
  let n = 0;
  const max = Math.min(a.length, b.length);
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  for (let k = n; k > 0; k--) {
    const c = a.charCodeAt(k - 1);
    if ((c === 61 || c === 58) && k > 1) {
      // With the punctuation that opens the value (`tag="`), as the suffix keeps what closes it.
      while (k < n && isPunct(a.charCodeAt(k)) && !maskAt(a, k)) k++;
      return k;
    }
  }
  const dotted = dottedPrefix(a, b, n);
  if (dotted > 0) return dotted;
  let k = 0;
  while (k < n && isPunct(a.charCodeAt(k)) && !maskAt(a, k)) k++;
  return k;
}

/** Leading labels two dotted names share before they differ. */
const SHARED_LABELS = 2;

/**
 * `org.apache.hadoop.mapreduce.v2.app.JobEventType` and `org.apache.hadoop.mapreduce.jobhistory.EventType`:
 * two dotted names (words joined by dots, as packages and bundle ids are) that share their leading
 * labels are names under one namespace, `org.apache.hadoop.mapreduce.<*>`: the length of that prefix
 * (through its last dot), or 0.
 */
function dottedPrefix(a: string, b: string, common: number): number {
  let dots = 0;
  let last = -1;
  // After what opens the name: `(com.apple.x)`, `'org.example.y'`.
  let from = 0;
  while (from < common && '([{"\''.includes(a[from])) from++;
  for (let k = from; k < common; k++) {
    const c = a.charCodeAt(k);
    if (c === 46) {
      if (k === from || a.charCodeAt(k - 1) === 46) return 0;
      dots++;
      last = k;
    } else if (isPunct(c)) return 0;
  }
  if (dots < SHARED_LABELS || !dottedName(a, last) || !dottedName(b, last)) return 0;
  return last + 1;
}

/** After the dot at `from`: name characters, dots and variables up to the end or closing punctuation. */
function dottedName(t: string, from: number): boolean {
  let k = from + 1;
  if (k >= t.length || (isPunct(t.charCodeAt(k)) && !maskAt(t, k))) return false;
  while (k < t.length) {
    const c = t.charCodeAt(k);
    if (maskAt(t, k)) k += MASK.length;
    else if (!isPunct(c) || c === 46 || c === 36) k++;
    else break;
  }
  for (; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (!isPunct(c) || c === 60 || c === 46) return false;
  }
  return true;
}

/** A suffix worth keeping: punctuation and whole variables only (`)`, `:<*>`, `],`). */
function keptSuffix(a: string, b: string, prefix: number): number {
  let n = 0;
  const max = Math.min(a.length, b.length) - prefix;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  let k = 0;
  while (k < n) {
    const at = a.length - 1 - k;
    if (k + 3 <= n && maskAt(a, at - 2)) {
      k += 3;
      continue;
    }
    if (!isPunct(a.charCodeAt(at)) || a.charCodeAt(at) === 62) break;
    k++;
  }
  return k;
}

/** The generalisation of two different tokens: their common label or punctuation around `<*>`. */
export function mergeTokens(a: string, b: string): string {
  if (a === MASK || b === MASK) return MASK;
  const p = keptPrefix(a, b);
  const s = keptSuffix(a, b, p);
  let t = a.slice(0, p) + MASK + a.slice(a.length - s);
  while (t.includes(MASK + MASK)) t = t.replace(MASK + MASK, MASK);
  return t;
}

/** A word in capitals (`FOLLOWING`, `HTTPS`, `SOCKS5`, `TASK_ABORT`): a state or a keyword, not a value. */
export function isCapitalWord(t: string): boolean {
  let letters = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 65 && c <= 90) letters++;
    else if (c >= 97 && c <= 122) return false;
    else if (!((c >= 48 && c <= 57) || c === 95 || isPunct(c))) return false;
  }
  return letters >= 2;
}

/**
 * A number left standing in a masked token is one kept for its meaning (`signal 9`, `code 137`,
 * an HTTP status): a token whose letters-and-digits are all digits.
 */
export function hasKeptNumber(t: string): boolean {
  let digits = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) return false;
  }
  return digits > 0;
}

export function hasMask(t: string): boolean {
  return t.includes(MASK);
}
