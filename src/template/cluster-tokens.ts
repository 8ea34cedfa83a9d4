import { MASK, MAX_TEMPLATE_CHARS, maskVariables } from './fingerprint.js';

/**
 * The tokens a template cluster is made of: the message split on whitespace, with its variables
 * masked. Words with a digit are masked as for the rule cache (fingerprint.ts), except names
 * that carry a digit as part of the name (`SOCKS5`, `HTTP2`, `ssh2`, `eth0`); then what a digit
 * does not reveal: paths (`/user/root/rand/_temporary`, `/10.0.0.1` before its `:port`), the part
 * of a URL after its scheme, weekday and month names next to the other parts of a date; and a
 * run of whole-token variables (a list of block ids, a date written as several tokens) is one
 * `<*>`. These rules only shape the clusters: rules are still decided on the digit-masked
 * message, so a rule sees `/healthz` and `Mar`.
 */

const MAX_TOKENS = 256;

const NAMES = new Set([
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
  'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun',
  'January', 'February', 'March', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
]);

/**
 * A name with a digit in it rather than a value: capitals then one or two digits (`SOCKS5`,
 * `HTTP2`, `PSR0`), or lower-case letters then one digit (`ssh2`, `eth0`, `python3`).
 */
function isNameWithDigit(s: string, start: number, end: number): boolean {
  const last = s.charCodeAt(end - 1);
  if (last < 48 || last > 57) return false;
  let i = start;
  const c0 = s.charCodeAt(start);
  if (c0 >= 65 && c0 <= 90) {
    while (i < end && s.charCodeAt(i) >= 65 && s.charCodeAt(i) <= 90) i++;
    return i - start >= 3 && end - i <= 2 && end - i >= 1 && isAllDigits(s, i, end);
  }
  while (i < end && s.charCodeAt(i) >= 97 && s.charCodeAt(i) <= 122) i++;
  return i - start >= 2 && end - i === 1;
}

function isAllDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** What may come right before a path inside a token (`:/a`, `=/a`, `'/a`). */
const PATH = /(^|[,!;:=|"'[\](){}])(?:\/[^/\s,!;:=|"'[\](){}]+)+\/?/g;

function maskPaths(t: string): string {
  if (t.indexOf('/') < 0) return t;
  const scheme = t.indexOf('://');
  if (scheme > 0) {
    // A URL: the scheme stays, the rest is the variable.
    let end = t.length;
    while (end > scheme + 3 && ')]}"\',;'.includes(t[end - 1])) end--;
    return end > scheme + 3 ? t.slice(0, scheme + 3) + MASK + t.slice(end) : t;
  }
  return t.replace(PATH, (_m, lead: string) => lead + MASK);
}

function coreOf(t: string): string {
  let from = 0;
  let to = t.length;
  while (from < to && '([{"\''.includes(t[from])) from++;
  while (to > from && ')]}"\',;:.'.includes(t[to - 1])) to--;
  return t.slice(from, to);
}

function isDateName(t: string): boolean {
  return t.length >= 3 && NAMES.has(coreOf(t));
}

function hasDigitOrMask(t: string): boolean {
  if (t.includes(MASK)) return true;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

const NAME_INSIDE = /(^|[^A-Za-z])(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?=[^A-Za-z]|$)/g;

function maskDateName(t: string, prev: string | undefined, next: string | undefined): string {
  if (isDateName(t)) {
    const near = (x: string | undefined): boolean => x !== undefined && (hasDigitOrMask(x) || isDateName(x));
    if (near(prev) || near(next)) {
      const core = coreOf(t);
      const at = t.indexOf(core);
      return t.slice(0, at) + MASK + t.slice(at + core.length);
    }
    return t;
  }
  // `[<*>/Mar/<*>:<*>:<*>` (an access log's date).
  return t.includes(MASK) && t.length > 5 ? t.replace(NAME_INSIDE, (_m, lead: string) => lead + MASK) : t;
}

/** Adjacent variables inside a token are one: `(<*><*>` → `(<*>`. */
function foldMasks(t: string): string {
  while (t.includes(MASK + MASK)) t = t.replace(MASK + MASK, MASK);
  return t;
}

/** Splits a message into cluster tokens (see the module comment). */
export function clusterTokens(message: string): string[] {
  const masked = maskVariables(message, isNameWithDigit);
  const raw: string[] = [];
  let i = 0;
  const n = masked.length;
  while (i < n && raw.length < MAX_TOKENS) {
    while (i < n && (masked.charCodeAt(i) === 32 || masked.charCodeAt(i) === 9)) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && masked.charCodeAt(i) !== 32 && masked.charCodeAt(i) !== 9) i++;
    raw.push(masked.slice(start, i));
  }
  // A message cut at the template limit ends in a piece of a token: drop it.
  if (message.length > MAX_TEMPLATE_CHARS && raw.length > 1) raw.pop();
  const out: string[] = [];
  for (let k = 0; k < raw.length; k++) {
    const t = foldMasks(maskDateName(maskPaths(raw[k]), raw[k - 1], raw[k + 1]));
    // A run of whole-token variables is one variable: lists and multi-token dates fold.
    if (t === MASK && out.length > 0 && out[out.length - 1] === MASK) continue;
    out.push(t);
  }
  return out;
}
