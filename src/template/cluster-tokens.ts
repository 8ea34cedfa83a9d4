import { isDigit, isLetter } from '../parse/char-codes.js';
import { MASK, MAX_TEMPLATE_CHARS, maskVariables } from './fingerprint.js';
import { isNameWithDigit, isSnakeName } from './name-words.js';
import { mergeTokens } from './token-match.js';

/**
 * The tokens a template cluster is made of: the message split on whitespace, with its variables
 * masked. Words with a digit are masked as for the rule cache (fingerprint.ts), except names
 * that carry a digit as part of the name (`SOCKS5`, `ssh2`, `log4j`) and the punctuation between
 * numbers of a date or a range (`2017-07-02` → `<*>-<*>-<*>`, as a time's `:`; maskWord); then
 * what a digit does not reveal: paths (`/user/root/rand/_temporary`, `/10.0.0.1` before its
 * `:port`), the part of a URL after its scheme, host names (`www.example.com`, `host:port`), IPv6
 * addresses, hex byte sequences, and weekday, month and time-zone names next to the other parts
 * of a date; a list of ids (`blk_1 blk_2 ...`) is one `<*>` (bare numbers side by side stay one
 * each: fields, as in `( 3552 3534 )`). These rules only shape the clusters: rules are still
 * decided on the digit-masked message (template-cache.ts), so a rule sees `/healthz` and `Mar`.
 */

const MAX_TOKENS = 256;

const DATE_NAMES = new Set([
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
  'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun',
  'January', 'February', 'March', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
  'UTC', 'GMT', 'PST', 'PDT', 'MST', 'MDT', 'CST', 'CDT', 'EST', 'EDT', 'CET', 'CEST', 'BST', 'IST', 'JST', 'KST', 'AEST',
]);

/** Top-level domains that end a host name even with one dot (`example.com`). */
const TLDS = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'io', 'local', 'lan', 'internal', 'arpa',
]);

/** Second-level labels under a country code (`edu.pl`, `com.cn`, `co.uk`, `net.om`). */
const SECOND_LEVEL = new Set(['com', 'net', 'org', 'edu', 'gov', 'ac', 'co']);

/** Letters that are not hex digits: `node` is a word, `deadbeef` may be the start of an id. */
function hasNonHexLetter(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c > 102 && c <= 122) return true;
  }
  return false;
}

/** `s[from, to)` is numbers joined by single dashes: a date (`2017-07-02`) or a range (`104-127`). */
function dashedNumbers(s: string, from: number, to: number): boolean {
  let dashes = 0;
  let digit = false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) digit = true;
    else if (c === 45 && digit) {
      digit = false;
      dashes++;
    } else return false;
  }
  return digit && dashes > 0;
}

/**
 * What stands for a word with a digit in the cluster tokens (fingerprint.ts maskVariables): a name
 * stays as written (isNameWithDigit, isSnakeName); numbers joined by dashes are one number each,
 * as the parts of a time are (`2017-07-02` → `<*>-<*>-<*>` as `17:08:20` → `<*>:<*>:<*>`, a range
 * `104-127` → `<*>-<*>`), while hex parts (a UUID) stay one id; a word and a dash before a value
 * keep the word (`node-129` → `node-<*>`, `ip-10-0-0-7` → `ip-<*>`, `node-D3` → `node-<*>`: what
 * kind of thing the value is stays readable, as a `key=` label does); a dash that ends the word
 * is not the value's (`__73-[Foo bar]` → `<*>-[Foo bar]`). Anything else is one `<*>`.
 */
function maskWord(s: string, start: number, end: number): string | undefined {
  if (isNameWithDigit(s, start, end) || isSnakeName(s, start, end)) return undefined;
  let to = end;
  while (to - start > 1 && s.charCodeAt(to - 1) === 45) to--;
  const tail = to === end ? '' : s.slice(to, end);
  // Not inside a dotted value (`2.6.9-5.0.5`, an address then a timestamp): that stays one.
  if (dashedNumbers(s, start, to) && s.charCodeAt(start - 1) !== 46 && s.charCodeAt(end) !== 46) {
    let out = MASK;
    for (let i = start; i < to; i++) if (s.charCodeAt(i) === 45) out += '-' + MASK;
    return out + tail;
  }
  let i = start;
  while (i < to && isLetter(s.charCodeAt(i))) i++;
  if (i - start >= 2 && s.charCodeAt(i) === 45 && hasNonHexLetter(s, start, i)) {
    // A number, or one or two letters and a number (`D3`, `x64`); a longer word is a name's part.
    let j = i + 1;
    while (j < to && j - i <= 2 && isLetter(s.charCodeAt(j))) j++;
    if (j < to && isDigit(s.charCodeAt(j))) return s.slice(start, i + 1) + MASK + tail;
  }
  return MASK + tail;
}

/** What may come right before a path inside a token (`:/a`, `=/a`, `'/a`). */
const PATH = /(^|[,!;:=|"'[\](){}])(?:\/[^/\s,!;:=|"'[\](){}]+)+\/?/g;

/**
 * A relative path of three segments or more, `/` or `\\` separated, glued to what comes before
 * (`{guid}GLOBALROOT/Device/Volume2/Windows/config/SYSTEM`, `C:\\Windows\\Logs\\CBS`): two
 * separators tell it from a ratio or a pair (`4G/4G`, `PIIX/ICH`, `package/.Activity`).
 */
const RELATIVE_PATH = /(^|[,!;:=|"'[\](){}])[^/\\\s,!;:=|"'[\](){}]*(?:[/\\][^/\\\s,!;:=|"'[\](){}]+){2,}[/\\]?/g;

/** Whether a token has two path separators (the cheap look before RELATIVE_PATH). */
function twoSeparators(t: string): boolean {
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c === 47 || c === 92) && ++n === 2) return true;
  }
  return false;
}

/** An access log's date (`15/Mar/2023`) is read as a date, not as a path. */
const MONTH_SEGMENT = /\/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\//;

/**
 * Numbers joined by `/` or `\\` are a date (`2017/7/1`, `00000001@2016/9/27`), not a path: every
 * segment after the first is a number, and so is the end of the first. They stay one number each,
 * as the parts of a time do.
 */
function numberSegments(m: string): boolean {
  const parts = m.split(/[/\\]/);
  if (!parts[0].endsWith(MASK)) return false;
  for (let k = 1; k < parts.length; k++) if (parts[k] !== MASK) return false;
  return true;
}

function maskRelativePath(t: string): string {
  return t.replace(RELATIVE_PATH, (m: string, lead: string) => (MONTH_SEGMENT.test(m) || numberSegments(m) ? m : lead + MASK));
}

function maskPaths(t: string): string {
  if (t.indexOf('/') < 0) return t.indexOf('\\') >= 0 && twoSeparators(t) ? maskRelativePath(t) : t;
  const scheme = t.indexOf('://');
  if (scheme > 0) {
    // A URL: the scheme stays, the rest is the variable.
    let end = t.length;
    while (end > scheme + 3 && ')]}"\',;'.includes(t[end - 1])) end--;
    return end > scheme + 3 ? t.slice(0, scheme + 3) + MASK + t.slice(end) : t;
  }
  const p = t.replace(PATH, (_m, lead: string) => lead + MASK);
  return p === t && twoSeparators(t) ? maskRelativePath(t) : p;
}

/** The token without the punctuation around it: `[start, end)`. */
function coreBounds(t: string): [number, number] {
  let from = 0;
  let to = t.length;
  while (from < to && '([{"\'<'.includes(t[from]) && !t.startsWith(MASK, from)) from++;
  while (to > from && ')]}"\',;:.>'.includes(t[to - 1]) && !t.endsWith(MASK, to)) to--;
  return [from, to];
}

/**
 * A host name: dotted labels ending in a top-level domain (`csnsu.nsuok.edu`, `ns.example.com`,
 * `<*>.dsl.omantel.net.om`), optionally with `:port`. Java packages and config keys
 * (`mapred.job.id`, `org.apache.Foo`) end otherwise.
 */
const HOST = /^((?:[A-Za-z0-9-]|<\*>)+\.)+([a-z]{2,8})(:<\*>)?$/;

function maskHost(t: string, from: number, to: number): string | undefined {
  const core = t.slice(from, to);
  const m = HOST.exec(core);
  if (m === null) return undefined;
  const tld = m[2];
  if (!TLDS.has(tld)) {
    if (tld.length !== 2) return undefined;
    const labels = core.slice(0, core.length - tld.length - 1 - (m[3]?.length ?? 0)).split('.');
    // Under a country code: a known second level (`edu.pl`), or a machine's name, three labels
    // or more of which one has a digit or a dash (`cp-1.rack2.lab.example.us`), as config keys
    // and packages seldom do.
    if (!SECOND_LEVEL.has(labels[labels.length - 1]) && !(labels.length >= 3 && labels.some(machineLabel))) return undefined;
  }
  return t.slice(0, from) + MASK + (m[3] ?? '') + t.slice(to);
}

/** A host label with a digit, a dash or a variable in it (`cp-1`, `rack2`, `<*>`). */
function machineLabel(l: string): boolean {
  for (let i = 0; i < l.length; i++) {
    const c = l.charCodeAt(i);
    if (c === 45 || c === 60 || isDigit(c)) return true;
  }
  return false;
}

/** Hex bytes joined by `:` or `-` (a MAC address, a serial): `FF:F2:9F:16:E2:23`. */
const HEX_BYTES = /^(?:(?:[0-9A-Fa-f]{2}|<\*>)[:-]){3,}(?:[0-9A-Fa-f]{2}|<\*>)$/;

function isDateName(t: string): boolean {
  if (t.length < 3 || t.length > 11) return false;
  const [from, to] = coreBounds(t);
  return DATE_NAMES.has(t.slice(from, to));
}

function hasDigitOrMask(t: string): boolean {
  if (t.includes(MASK)) return true;
  for (let i = 0; i < t.length; i++) if (isDigit(t.charCodeAt(i))) return true;
  return false;
}

const NAME_INSIDE = /(^|[^A-Za-z])(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?=[^A-Za-z]|$)/g;

/** A capital then two lower-case letters somewhere: the shape of a date name (a cheap look first). */
function mayHoldName(t: string): boolean {
  for (let i = 0; i + 2 < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 65 && c <= 90 && t.charCodeAt(i + 1) >= 97 && t.charCodeAt(i + 2) >= 97) return true;
  }
  return false;
}

/**
 * An IPv6 address in the raw message: eight hex groups joined by `:`, or fewer around one `::`
 * (`2607:f140:6000:8:c6b3:1ff:fecd:467f`, `fe80::1`). Digits mask most groups but not the ones of
 * hex letters only (`fecd`), which would make one template per address: the whole address is one
 * variable. Read before masking, on the groups themselves, so a time (`12:30:45`) or a C++ name
 * (`Type2::waitForGo2`, `Foo::add`) is none; it must hold a digit.
 */
const HEX_GROUP = '[0-9A-Fa-f]{1,4}';
const IPV6 = new RegExp(
  `(?<![0-9A-Za-z_$.])(?:${HEX_GROUP}(?::${HEX_GROUP}){7}|(?:${HEX_GROUP}(?::${HEX_GROUP}){0,6})?::(?:${HEX_GROUP}(?::${HEX_GROUP}){0,6})?)(?![0-9A-Za-z_$])`,
  'g',
);

/** What an address becomes before masking: a word with a digit that is no name, so one `<*>`. */
const ADDRESS_STAND_IN = '0x0';

function standInIpv6(address: string): string {
  let colons = 0;
  let digit = false;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c === 58) colons++;
    else if (isDigit(c)) digit = true;
  }
  return digit && colons <= 8 && colons >= 2 ? ADDRESS_STAND_IN : address;
}

/** The cheap look before IPV6: a `::`, or seven colons. */
function mayHoldIpv6(m: string): boolean {
  if (m.includes('::')) return true;
  let colons = 0;
  for (let i = m.indexOf(':'); i >= 0; i = m.indexOf(':', i + 1)) if (++colons === 7) return true;
  return false;
}

/** Masks one raw token's variables beyond its digits. */
function maskToken(t: string, prev: string | undefined, next: string | undefined): string {
  const p = maskPaths(t);
  if (p !== t) return p;
  const [from0, to] = coreBounds(t);
  // After a `key=` label: `rhost=ns.example.net`.
  const eq = t.indexOf('=', from0);
  const from = eq >= 0 && eq < to ? eq + 1 : from0;
  if (to - from >= 4) {
    const host = t.includes('.') ? maskHost(t, from, to) : undefined;
    if (host !== undefined) return host;
    if (to - from >= 11 && (t.includes(':') || t.includes('-')) && HEX_BYTES.test(t.slice(from, to))) return t.slice(0, from) + MASK + t.slice(to);
  }
  if (isDateName(t)) {
    const near = (x: string | undefined): boolean => x !== undefined && (hasDigitOrMask(x) || isDateName(x));
    return near(prev) || near(next) ? t.slice(0, from0) + MASK + t.slice(to) : t;
  }
  // `[<*>/Mar/<*>:<*>:<*>` (an access log's date).
  return t.length > 5 && mayHoldName(t) && t.includes(MASK) ? t.replace(NAME_INSIDE, (_m, lead: string) => lead + MASK) : t;
}

/**
 * `status: 404`, `status=200,`: an HTTP status after a `status` label is a value of the request's
 * event (a GET answered 200 and one answered 404 are one event), so the cluster masks it. The shape
 * keeps it (fingerprint.ts keeps numbers after `status`), so a rule that tells a 500 from a 200
 * still decides per status (template-cache.ts). Exit statuses stay: HTTP's ranges only (100–103,
 * 200–599, so no `status=143` of a signal exit), never before `/` (systemd's `status=203/EXEC`)
 * and never after `exit` (`exit status: 255`).
 */
function maskHttpStatus(t: string, prev: string | undefined, prev2: string | undefined): string {
  let at: number;
  if (prev !== undefined && isStatusLabel(prev, 0, prev.length - 1) && (prev.endsWith(':') || prev.endsWith('='))) {
    if (prev2 !== undefined && prev2.toLowerCase() === 'exit') return t;
    at = 0;
  } else {
    const eq = statusLabelEnd(t);
    if (eq < 0) return t;
    at = eq + 1;
  }
  if (t.length < at + 3 || !isDigit(t.charCodeAt(at)) || !isDigit(t.charCodeAt(at + 1)) || !isDigit(t.charCodeAt(at + 2))) return t;
  const next = t.length > at + 3 ? t.charCodeAt(at + 3) : 32;
  // Followed by an end of field only: `/` (systemd), a digit or a letter make it something else.
  if (!(next === 32 || next === 44 || next === 59 || next === 41 || next === 93 || next === 125 || next === 34 || next === 39)) return t;
  const v = (t.charCodeAt(at) - 48) * 100 + (t.charCodeAt(at + 1) - 48) * 10 + (t.charCodeAt(at + 2) - 48);
  if (!((v >= 100 && v <= 103) || (v >= 200 && v <= 599))) return t;
  return t.slice(0, at) + MASK + t.slice(at + 3);
}

/** `status` (any case) as the label `s[from, to)`. */
function isStatusLabel(s: string, from: number, to: number): boolean {
  return to - from === 6 && s.slice(from, to).toLowerCase() === 'status';
}

/** The index of the `=` / `:` after a leading `status` label in a token, or -1. */
function statusLabelEnd(t: string): number {
  if (t.length < 10) return -1;
  const c = t.charCodeAt(6);
  return (c === 61 || c === 58) && isStatusLabel(t, 0, 6) ? 6 : -1;
}

/** Adjacent variables inside a token are one: `(<*><*>` → `(<*>`. */
function foldMasks(t: string): string {
  while (t.includes(MASK + MASK)) t = t.replace(MASK + MASK, MASK);
  return t;
}

/** The letters an id starts with (`blk` of `blk_123`): items of one list share them. */
function idPrefix(t: string): string {
  let i = 0;
  while (i < t.length && isLetter(t.charCodeAt(i))) i++;
  return t.slice(0, i);
}

/** Flags of a token's list shape (see listShape). */
const PROSE = 1;
const HAS_VARIABLE = 2;
const DOTTED = 4;
const BARE = 8;

/**
 * The shape of a token for list detection, as a 32-bit hash of its symbols (no allocation on
 * this path, which every new message shape takes): a `key=` / `key:` label as written, each word
 * as written, each variable as `V`, punctuation as written, and a dotted name of any depth as
 * `w.w` (`com.example.Foo.bar:<*>` → `w.w:V`, `node-<*>` → `node-V`, `<ok>` → `<ok>`).
 * Its flags go to `flags[k]`: prose (one word in punctuation, `(w),`), holds a variable, holds a
 * dotted name, is a bare variable (alone or in punctuation only, `<*>,`: nothing names it, so a run
 * of them is fields, as Loghub's templates spell them, not a list).
 */
function listShape(t: string, flags: number[], k: number): number {
  let h = 0x811c9dc5 | 0;
  const sym = (c: number): void => {
    h = Math.imul(h ^ c, 0x01000193);
  };
  let i = 0;
  let f = 0;
  let words = 0;
  let opening = true;
  let prose = true;
  // A label: letters or `_` up to the first `=` / `:`.
  let l = 0;
  while (l < t.length && (isLetter(t.charCodeAt(l)) || t.charCodeAt(l) === 95)) l++;
  if (l > 0 && l < t.length && (t.charCodeAt(l) === 61 || t.charCodeAt(l) === 58)) {
    for (let j = 0; j <= l; j++) sym(t.charCodeAt(j));
    i = l + 1;
    prose = false;
  }
  let dotted = false;
  while (i < t.length) {
    const c = t.charCodeAt(i);
    if (c === 60 && t.startsWith(MASK, i)) {
      sym(1);
      f |= HAS_VARIABLE;
      prose = false;
      dotted = false;
      i += MASK.length;
      continue;
    }
    if (isNameCode(c)) {
      const from = i;
      while (i < t.length && isNameCode(t.charCodeAt(i))) i++;
      const continues = t.charCodeAt(i) === 46 && isNameCode(t.charCodeAt(i + 1));
      if (!dotted) {
        // A plain word is wording: items of one list share it (`node-<*>`), while `<*>,uid` and
        // `<*>,tag` are two fields. A dotted name is a value (each stack frame names its own).
        if (continues) sym(2);
        else for (let k = from; k < i; k++) sym(t.charCodeAt(k));
        words++;
      }
      opening = false;
      // `w.w.w` of any depth is one dotted name, `w.w`.
      if (continues) {
        if (!dotted) sym(3);
        dotted = true;
        f |= DOTTED;
        prose = false;
        i++;
      } else dotted = false;
      continue;
    }
    dotted = false;
    sym(c);
    if (!(opening ? '([{"\'' : ')]}"\',;:.').includes(t[i])) prose = false;
    i++;
  }
  if (prose && words === 1) f |= PROSE;
  if (t === MASK || (words === 0 && l === 0)) f |= BARE;
  flags[k] = f;
  return h;
}

function isNameCode(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 95 || c === 36;
}

/**
 * Whether the item of `period` tokens at `at` may be the item of a list: not prose, not only bare
 * variables (`<*> <*>` may be distinct fields; lists of ids are folded above), and holding a
 * variable or a dotted name (a stack frame `pkg.Class.method:<*>`, a node `node-<*> <*> <ok>`).
 */
function listItem(flags: number[], at: number, period: number): boolean {
  let value = false;
  let bare = true;
  for (let k = at; k < at + period; k++) {
    const f = flags[k];
    if ((f & PROSE) !== 0) return false;
    if ((f & BARE) === 0) bare = false;
    if ((f & (HAS_VARIABLE | DOTTED)) !== 0) value = true;
  }
  return value && !bare;
}

/** `name.name` somewhere in the token. */
function hasDottedName(t: string): boolean {
  for (let d = t.indexOf('.'); d > 0 && d + 1 < t.length; d = t.indexOf('.', d + 1)) {
    if (isNameCode(t.charCodeAt(d - 1)) && isNameCode(t.charCodeAt(d + 1))) return true;
  }
  return false;
}

/** A name character's class, else the character: equal shapes start and end in equal classes. */
function endClass(c: number): number {
  return isNameCode(c) ? 0 : c;
}

/** The cheap look before shapes: the next item's tokens start and end like this item's. */
function mayRepeat(tokens: string[], at: number, period: number): boolean {
  for (let k = at; k < at + period; k++) {
    const a = tokens[k];
    const b = tokens[k + period];
    if (endClass(a.charCodeAt(0)) !== endClass(b.charCodeAt(0)) || endClass(a.charCodeAt(a.length - 1)) !== endClass(b.charCodeAt(b.length - 1))) return false;
  }
  return true;
}

/** Whether an item of `period` tokens at `at` and the next one both hold a value at one place. */
function repeatsValue(valued: boolean[], at: number, period: number): boolean {
  for (let k = at; k < at + period; k++) if (valued[k] && valued[k + period]) return true;
  return false;
}

/** Variables and punctuation only (`<*>:<*>`, `(<*>)`): no word, no kept number. */
function onlyVariables(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    if (t.startsWith(MASK, i)) i += MASK.length - 1;
    else if (isNameCode(t.charCodeAt(i)) || t.charCodeAt(i) === 60) return false;
  }
  return true;
}

/** Repetitions needed before a run is a list: a single token must repeat more than a group. */
const MIN_REPEATS = [0, 3, 2, 2];

/**
 * Lists of any length are one item (Spell's and Brain's "variable-length parts"): a run of the
 * same item shape, one to three tokens long, repeated (stack frames after `called by`, the nodes
 * of a node set), keeps one item with its tokens generalised over the run. One, two or ten
 * entries then read the same, and the template stays readable (`nodesets node-<*> <*> <ok>`). A
 * list of single tokens whose item generalised to variables and punctuation only (stack frames
 * `pkg.Class.method:<*>` of different methods, `<*>:<*>`) is one value of any length, `<*>`, as a
 * variable-length part is (template-clusterer.ts GAP).
 */
function foldLists(tokens: string[]): string[] {
  if (tokens.length < 4) return tokens;
  // An item holds a variable or a dotted name, and so does its next repetition at the same place:
  // a cheap look at the tokens first, shapes only where a list may start.
  const valued = tokens.map((t) => t.includes(MASK) || hasDottedName(t));
  let candidates = 0;
  for (const v of valued) if (v) candidates++;
  if (candidates < 2) return tokens;
  const shapes: number[] = [];
  const flags: number[] = [];
  const shapeAt = (k: number): number => (shapes[k] ??= listShape(tokens[k], flags, k));
  let out: string[] | undefined;
  let i = 0;
  while (i < tokens.length) {
    let folded = false;
    for (let period = 1; period <= 3 && !folded; period++) {
      if (i + period * MIN_REPEATS[period] > tokens.length || !repeatsValue(valued, i, period) || !mayRepeat(tokens, i, period)) continue;
      for (let k = i; k < i + 2 * period; k++) shapeAt(k);
      if (!listItem(flags, i, period)) continue;
      let end = i + period;
      while (end + period <= tokens.length) {
        let same = true;
        // Items share their wording: a token without a variable repeats as it is (`(n.leader),`
        // then `(n.zxid),` are two fields, not a list), one with a variable keeps its shape.
        for (let k = 0; k < period && same; k++) same = shapeAt(end + k) === shapes[i + k] && (tokens[end + k] === tokens[i + k] || (flags[i + k] & HAS_VARIABLE) !== 0);
        if (!same) break;
        end += period;
      }
      if ((end - i) / period < MIN_REPEATS[period]) continue;
      out ??= tokens.slice(0, i);
      for (let k = 0; k < period; k++) {
        let merged = tokens[i + k];
        for (let r = i + period + k; r < end; r += period) if (tokens[r] !== merged) merged = mergeTokens(merged, tokens[r]);
        if (period === 1 && onlyVariables(merged)) merged = MASK;
        out.push(merged);
      }
      i = end;
      folded = true;
    }
    if (!folded) {
      out?.push(tokens[i]);
      i++;
    }
  }
  return out ?? tokens;
}

/** Tokens a quoted value may span. */
const MAX_QUOTED_TOKENS = 8;

function quotes(t: string): number {
  let n = 0;
  for (let i = t.indexOf('"'); i >= 0; i = t.indexOf('"', i + 1)) n++;
  return n;
}

/**
 * A labelled quoted value with spaces in it (`tag="View Lock",`) is one token, as a single-word
 * one is: the token that opens a quote after its `key=` label, up to the token that closes it (at
 * most MAX_QUOTED_TOKENS; an unclosed quote joins nothing). In place, on both arrays. A quoted
 * phrase without a label (an access log's request line) stays words.
 */
function joinQuoted(raw: string[], words: string[]): void {
  for (let k = 0; k < raw.length; k++) {
    const t = raw[k];
    const q = t.indexOf('"');
    if (q <= 0 || t.charCodeAt(q - 1) !== 61 || (quotes(t) & 1) === 0) continue;
    let end = -1;
    for (let j = k + 1; j < raw.length && j < k + MAX_QUOTED_TOKENS; j++) {
      if (raw[j].includes('"')) {
        end = j;
        break;
      }
    }
    if (end < 0) continue;
    raw.splice(k, end - k + 1, raw.slice(k, end + 1).join(' '));
    words.splice(k, end - k + 1, words.slice(k, end + 1).join(' '));
  }
}

/** What a word is as part of a written date and time (see foldDates): a time of day, a day or month name, another part. */
const TIME = 1;
const DAY_NAME = 2;
const DATE_PART = 3;

const TIME_OF_DAY = /^\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?$/;
const NUMERIC_DATE = /^(?:\d{4}|\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}[-/]\d{1,2}[-/]\d{2,4})$/;
const OFFSET = /^[+-]\d{2}:?\d{2}$/;
const WEEKDAYS_AND_MONTHS = new Set([...DATE_NAMES].filter((n) => !/^[A-Z]+$/.test(n)));

/** The date part a raw word is (without the punctuation around it), or 0. */
function datePart(word: string): number {
  const [from, to] = coreBounds(word);
  if (to - from < 1 || to - from > 18) return 0;
  const w = from === 0 && to === word.length ? word : word.slice(from, to);
  const c = w.charCodeAt(0);
  if (isDigit(c)) {
    // A day of the month, a year, a numeric date.
    if (w.length === 1 || (w.length === 2 && isDigit(w.charCodeAt(1)))) return DATE_PART;
    if (TIME_OF_DAY.test(w)) return TIME;
    return NUMERIC_DATE.test(w) ? DATE_PART : 0;
  }
  if (c === 43 || c === 45) return OFFSET.test(w) ? DATE_PART : 0;
  if (WEEKDAYS_AND_MONTHS.has(w)) return DAY_NAME;
  // A time zone's name.
  return DATE_NAMES.has(w) || w === 'AM' || w === 'PM' ? DATE_PART : 0;
}

/**
 * A date and time written out with a day or month name (`at Fri Jun 17 07:07:00 2005`, ctime's
 * and date(1)'s `Fri Jul 01 08:16:53 PDT 2005`) is one value, as a timestamp in one word is: one
 * `<*>` for the run (Khan et al.'s consecutive variables) instead of a variable per word, so the
 * template reads `at <*>`. A run holds a time of day and a day or month name, with the day, year
 * and zone around them; each of its words is masked already (a number, or a date name next to
 * one), so the shape, which the rules read, is unchanged. A numeric date and time
 * (`2023-11-02 08:15:04`) keeps a variable per part, as it does in one word (maskWord). The
 * punctuation around the run stays.
 */
function foldDates(out: string[], words: string[]): void {
  for (let k = 0; k < out.length; k++) {
    if (!out[k].includes(MASK) || datePart(words[k]) === 0) continue;
    let end = k;
    let time = false;
    let named = false;
    while (end < out.length) {
      const part = datePart(words[end]);
      if (part === 0 || !out[end].includes(MASK)) break;
      if (part === TIME) time = true;
      else if (part === DAY_NAME) named = true;
      end++;
      // Only the run's last word may close with punctuation other than a comma: `2005)`.
      const last = words[end - 1];
      const close = last.charCodeAt(last.length - 1);
      if (!isDigit(close) && !isLetter(close) && close !== 44) break;
    }
    if (!time || !named) continue;
    const first = out[k];
    const last = out[end - 1];
    const lead = first.slice(0, first.indexOf(MASK));
    const tail = last.slice(last.lastIndexOf(MASK) + MASK.length);
    out.splice(k, end - k, lead + MASK + tail);
    words.splice(k, end - k, words.slice(k, end).join(' '));
  }
}

/**
 * A request line's protocol (`HTTP/<*>.<*>`, `HTTP/<*>`, masked, then closing punctuation
 * only). The request target and the protocol are the values of one field, the request line
 * (eventlet.wsgi's `%(request_line)s`, which oslo services log as `"GET /v2/... HTTP/1.1"`;
 * Apache's `%r`): after a target that is a variable, the protocol joins it, so the template reads
 * `"GET <*>"` and the method stays the event's word. A target kept as written (`GET / HTTP/1.1`)
 * keeps its protocol too. The shape the rules read is unchanged.
 */
const HTTP_VERSION = 'HTTP/' + MASK;
const MINOR = '.' + MASK;

function versionEnd(t: string): number {
  const at = HTTP_VERSION.length;
  return t.startsWith(MINOR, at) ? at + MINOR.length : at;
}

function isHttpVersion(t: string): boolean {
  if (!t.startsWith(HTTP_VERSION)) return false;
  for (let i = versionEnd(t); i < t.length; i++) if (!'"\')],;'.includes(t[i])) return false;
  return true;
}

/** Splits a message into cluster tokens (see the module comment). */
export function clusterTokens(message: string): string[] {
  // Stand-ins keep the message's whitespace, so its words still pair with the masked tokens.
  const source = mayHoldIpv6(message) ? message.replace(IPV6, standInIpv6) : message;
  const masked = maskVariables(source, maskWord);
  const raw: string[] = [];
  const words: string[] = [];
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
  if (source.length > MAX_TEMPLATE_CHARS && raw.length > 1) raw.pop();
  // The original words, to tell a list of ids (`blk_1 blk_2`) from variables of different kinds.
  for (let k = 0, j = 0; k < raw.length; k++) {
    while (j < message.length && (message.charCodeAt(j) === 32 || message.charCodeAt(j) === 9)) j++;
    const start = j;
    while (j < message.length && message.charCodeAt(j) !== 32 && message.charCodeAt(j) !== 9) j++;
    words.push(message.slice(start, j));
  }
  joinQuoted(raw, words);
  const out: string[] = [];
  const outWords: string[] = [];
  let lastWord = '';
  let dated = false;
  for (let k = 0; k < raw.length; k++) {
    const t = foldMasks(maskToken(maskHttpStatus(raw[k], raw[k - 1], raw[k - 2]), raw[k - 1], raw[k + 1]));
    if (t === MASK && out.length > 0 && out[out.length - 1] === MASK && raw[k] === MASK && raw[k - 1] === MASK && idPrefix(words[k]) !== '' && idPrefix(words[k]) === idPrefix(lastWord)) {
      continue;
    }
    // `"GET /v2/x/servers HTTP/1.1"`: the protocol joins the request target's variable.
    const last = out.length - 1;
    if (last >= 0 && out[last].endsWith(MASK) && t.charCodeAt(0) === 72 && isHttpVersion(t)) {
      out[last] += t.slice(versionEnd(t));
      outWords[last] += ' ' + words[k];
      lastWord = words[k];
      continue;
    }
    out.push(t);
    outWords.push(words[k]);
    lastWord = words[k];
    // The cheap look before foldDates: a masked word with a colon (a time of day).
    if (!dated && t.length > MASK.length && t.includes(':') && t.includes(MASK)) dated = true;
  }
  if (dated && out.length > 1) foldDates(out, outWords);
  return foldLists(out);
}
