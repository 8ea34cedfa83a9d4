import { isDigit, isLetter } from '../parse/char-codes.js';
import { MASK, templateId } from './fingerprint.js';
import { isNameWithDigit } from './name-words.js';
import { hasKeptNumber, hasMask, isCapitalWord, mergeTokens, tokenMatches } from './token-match.js';

/**
 * Online template clustering in the family of Drain (He et al., ICWS 2017): messages are indexed
 * by their first constant token and their token count; a new message shape joins the most
 * similar cluster of its length when enough positions agree, and the cluster's template
 * generalises the positions that differ. Two extensions, for the shapes Drain cannot join:
 *
 * - optional parts: a cluster of a nearby length (or one that already has a variable-length
 *   part) is aligned with the message (a longest common subsequence over tokens, as Spell does);
 *   it joins when the tokens left unaligned are variables themselves (a `(1.2 KB)` that only some
 *   lines print, a list of addresses of any length), and those stretches become one `<*>`;
 * - guards on what may generalise: a word in capitals (`FOLLOWING` vs `LEADING`, `HTTPS` vs
 *   `SOCKS5`) or a name with a digit (`en0` vs `awdl0`) never becomes `<*>`; a number kept for
 *   its meaning (`signal 9`, `status code 403`) does only between shapes that the rules decide
 *   alike (see `assign`'s `decision`).
 *
 * A cluster's id is the hash of its first template and never changes as the template
 * generalises. One configuration for every input: the thresholds below are not tuned per source.
 */

/** A stretch of any number of tokens (an optional part or a list), rendered as `<*>`. */
export const GAP = '\u0000';

/** Positions that must agree for a same-length shape to join a cluster. */
const SAME_LENGTH_SIMILARITY = 0.7;
/**
 * A cluster that has seen this many records with a word still constant at a position treats
 * that word as its wording: a new shape that differs there by another word is another event
 * (the constant word is the most frequent token of its event, as in Brain), while a slot that
 * took different values early on stays a slot. Process-wide and data-independent.
 */
const STABLE_RECORDS = 64;
/** Aligned tokens over aligned and newly variable ones, for a join across lengths. */
const ALIGNED_SIMILARITY = 0.6;
/** Token counts at most this far apart are aligned. */
const MAX_LENGTH_DIFFERENCE = 6;
/** Templates and messages longer than this are only compared position by position. */
const MAX_ALIGNED_TOKENS = 96;
/** Alignments tried per new shape, so a flood of new shapes costs bounded work each. */
const MAX_ALIGNMENTS = 8;
/** Clusters indexed per (first token, length); older ones stay usable but stop attracting shapes. */
const MAX_PER_LIST = 64;

export interface TemplateCluster {
  /** Stable id: 16 hex chars of the hash of the cluster's first template. */
  readonly id: string;
  /** The template: the message with its variable parts as `<*>`. */
  text: string;
  tokens: string[];
  /** Records seen with this template, and the current repetition window (classifier state). */
  seen: number;
  windowStartMs: number;
  windowCount: number;
  /** Event time of the template's latest record (classifier state: how recently it recurred). */
  lastMs: number;
  /** The classifier's count of failures when the template's latest record came (what came between two of its records). */
  failuresAtLast: number;
  /** False once evicted or merged: shapes that still point here move on (template-cache.ts). */
  alive: boolean;
  /** Set when the cluster's template converged with an older cluster's: that cluster took its records. */
  mergedInto?: TemplateCluster;
  /** Creation order in this process: of two converging clusters the older keeps its id. */
  readonly seq: number;
  /** Recency epoch (template-cache.ts). */
  epoch: number;
  /** The template's wording tokens (what an alignment must pair), computed when needed. */
  wording?: string[];
  /** Positions of units that vary after a number: rendered as part of that number's `<*>`. */
  unitSlots?: number[];
  readonly bucket: string;
}

interface Bucket {
  byLength: Map<number, TemplateCluster[]>;
  /** Clusters whose template has a variable-length part: matched by alignment only. */
  gapped: TemplateCluster[];
}

/**
 * The template text: tokens joined by spaces, a variable-length part as `<*>`; a unit that varies
 * after a number (`93.0 B`, `5.2 KB`) is part of that value, so `<*> <*>,` reads `<*>,`.
 */
function render(tokens: string[], unitSlots?: readonly number[]): string {
  let s = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (unitSlots !== undefined && unitSlots.includes(i)) s += t.startsWith(MASK) ? t.slice(MASK.length) : t.slice(unitBounds(t)[1]);
    else s += (i > 0 ? ' ' : '') + (t === GAP ? MASK : t);
  }
  return s;
}

/**
 * The first token with no variable in it among the first three: the index key. Of a labelled
 * value (`tag="AudioMix",`) only the label is the key: the value may generalise, and shapes
 * that differ there must meet to be compared. A dotted name (`com.example.sync.daily:`, see
 * qualifiedName) is a value too: a job or component the message names, not its wording.
 */
function bucketKey(tokens: string[]): string {
  for (let i = 0; i < tokens.length && i < 3; i++) {
    const t = tokens[i];
    if (hasMask(t) || t === GAP || qualifiedName(t)) continue;
    const label = labelLength(t);
    return label > 0 && label + 1 < t.length ? t.slice(0, label + 1) : t;
  }
  return '';
}

/**
 * Words after which a bare word is a value (`user webmaster`, `for root`, `driver usbfs`...): a
 * plain word elsewhere is part of the message's wording (`stored as bytes` vs `stored as values`,
 * `Changing view acls` vs `Changing modify acls`), and two such words keep their shapes apart.
 */
const INTRODUCERS = new Set([
  'for', 'from', 'user', 'users', 'host', 'client', 'server', 'node', 'account', 'login', 'name',
  'named', 'id', 'file', 'path', 'directory', 'dir', 'key', 'table', 'database', 'db', 'queue', 'topic', 'group',
  'role', 'instance', 'container', 'pod', 'namespace', 'service', 'domain', 'address', 'device', 'interface',
  'process', 'program', 'job', 'task', 'class', 'method', 'module', 'package', 'plugin', 'session', 'thread',
]);

/** Units that follow a number and change with its magnitude (`93.0 B`, `5.2 KB`): part of the value. */
const UNITS = new Set([
  'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'kib', 'mib', 'gib', 'tib', 'byte', 'bytes',
  'ns', 'us', 'µs', 'ms', 's', 'sec', 'secs', 'second', 'seconds', 'min', 'mins', 'minute', 'minutes', 'h', 'hr', 'hrs', 'hour', 'hours',
]);

/** The unit's own letters in a unit token: `[from, to)` without the punctuation around it. */
function unitBounds(t: string): [number, number] {
  let from = 0;
  let to = t.length;
  while (from < to && '([{'.includes(t[from])) from++;
  while (to > from && ')]},;:.'.includes(t[to - 1])) to--;
  return [from, to];
}

function isUnit(t: string): boolean {
  if (t.length > 10) return false;
  const [from, to] = unitBounds(t);
  return UNITS.has(t.slice(from, to).toLowerCase());
}

/** Units of size (bytes and their multiples) are one family, units of time the other. */
const SIZE_UNITS = new Set(['b', 'kb', 'mb', 'gb', 'tb', 'pb', 'kib', 'mib', 'gib', 'tib', 'byte', 'bytes']);

function isSizeUnit(t: string): boolean {
  const [from, to] = unitBounds(t);
  return SIZE_UNITS.has(t.slice(from, to).toLowerCase());
}

function introduces(t: string | undefined): boolean {
  if (t === undefined || t.length === 0) return false;
  const c = t.charCodeAt(t.length - 1);
  if (c === 61) return true; // `logname= value`
  // `user:` as well as `user`; a phrase ending in a colon (`program interrupt:`) introduces nothing.
  return INTRODUCERS.has((c === 58 ? t.slice(0, -1) : t).toLowerCase());
}

/**
 * Whether what differs between two tokens is words in capitals, or one in capitals against
 * nothing (`(uid=0)` vs `LOGIN(uid=0)`, `FOLLOWING` vs `LEADING`): keywords, not values.
 */
function capitalsDiffer(a: string, b: string): boolean {
  let p = 0;
  const max = Math.min(a.length, b.length);
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let q = 0;
  while (q < max - p && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q)) q++;
  return capitalsIn(a, p, a.length - q) && capitalsIn(b, p, b.length - q);
}

/** `s[from, to)` is empty or a word in capitals (see isCapitalWord), read in place. */
function capitalsIn(s: string, from: number, to: number): boolean {
  if (from >= to) return true;
  let letters = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) letters++;
    else if ((c >= 97 && c <= 122) || c >= 128) return false;
  }
  return letters >= 2;
}

function introduced(t: string[], i: number): boolean {
  return introduces(i > 0 ? t[i - 1] : undefined) || sharedLabelAt(t, i);
}

function sharedLabelAt(t: string[], i: number): boolean {
  const a = t[i];
  for (let k = 1; k < a.length; k++) {
    const c = a.charCodeAt(k);
    if (c === 61 || c === 58) return true;
    if (!(isLetter(c) || c === 95 || c === 46)) return false;
  }
  return false;
}

/**
 * `Instance spawned` vs `Instance destroyed`, `session opened` vs `session closed`: two different
 * past participles are what happened, the event itself, even right after a word that introduces a
 * value (`instance`, `session`): lower-case words ending in `-ed`, in prose punctuation.
 */
function actionsDiffer(a: string, b: string): boolean {
  return a !== b && isParticiple(a) && isParticiple(b);
}

function isParticiple(t: string): boolean {
  let to = t.length;
  while (to > 0 && ',.;:)'.includes(t[to - 1])) to--;
  if (to < 4 || t.charCodeAt(to - 1) !== 100 || t.charCodeAt(to - 2) !== 101) return false;
  for (let i = 0; i < to; i++) {
    const c = t.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/**
 * Two different tokens at position i that must not merge: kept numbers (unless `keptJoin`: then
 * two of them are two values of one field), capitals, wording.
 */
function blocks(t: string[], m: string[], i: number, keptJoin: boolean): boolean {
  const a = t[i];
  const b = m[i];
  const ka = hasKeptNumber(a);
  const kb = hasKeptNumber(b);
  if (ka || kb) return !keptJoin || !((ka || hasMask(a)) && (kb || hasMask(b)));
  // Two dotted names are two values, even with capitals in them (`android.intent.action.TIME_TICK`).
  if (qualifiedName(a) && qualifiedName(b)) return false;
  // A quoted value under one label is a string (`tag="RILJ_ACK_WL"`), not a keyword.
  if (quotedUnderLabel(a) && quotedUnderLabel(b) && sharedLabel(a, b)) return false;
  // A unit after a number follows its magnitude (`12.0 KB`, `1.5 MB`): capitals, but no keyword.
  if (isUnit(a) && isUnit(b) && i > 0 && hasMask(t[i - 1])) return false;
  if ((isCapitalWord(a) && isCapitalWord(b)) || capitalsDiffer(a, b)) return true;
  if (digitNamesDiffer(a, b)) return true;
  if (booleansDiffer(a, b) || labelsDiffer(a, b) || actionsDiffer(a, b)) return true;
  // A position generalises where the message shows a value: a variable already there, a
  // `key=`/`key:` label, a word that introduces a value before it, a unit after a number.
  if (hasMask(a) && hasMask(b)) return false;
  // A word against a variable: the word may be wording that another line replaces with a number
  // (`Loaded` vs `<*>`); only a word that reads as a value (introduced, labelled) joins.
  if ((hasMask(a) || hasMask(b)) && !(isWord(a) || isWord(b))) return false;
  if (sharedLabel(a, b)) return false;
  return !introduces(i > 0 ? t[i - 1] : undefined);
}

/**
 * Two tokens that are each a name with a digit in punctuation (`en0`, `(awdl0)`, `eth1,`:
 * isNameWithDigit, ending in its digit), and different names. They are kept apart, as words in
 * capitals are: messages that differ only in the name share one shape, whose text widens there
 * (template-cache.ts); here the shapes differ elsewhere too, and a name plus another difference
 * is two events (an interface's own event per interface), not one event with two variables.
 */
function digitNamesDiffer(a: string, b: string): boolean {
  const [af, at] = nameBounds(a);
  const [bf, bt] = nameBounds(b);
  if (at - af < 2 || bt - bf < 2 || !isDigit(a.charCodeAt(at - 1)) || !isDigit(b.charCodeAt(bt - 1))) return false;
  if (!isNameWithDigit(a, af, at) || !isNameWithDigit(b, bf, bt)) return false;
  return a.slice(af, at) !== b.slice(bf, bt);
}

/** The token without the punctuation that opens or closes it: `[from, to)`. */
function nameBounds(t: string): [number, number] {
  let from = 0;
  let to = t.length;
  while (from < to && '([{"\''.includes(t[from])) from++;
  while (to > from && ')]}"\',;:.'.includes(t[to - 1])) to--;
  return [from, to];
}

/** `key="...` : a label, then a quoted value. */
function quotedUnderLabel(t: string): boolean {
  const at = t.indexOf('="');
  return at > 0 && labelLength(t) === at;
}

/** What may wrap a name: prose punctuation and `{ } < >`. */
function isWrapping(c: number): boolean {
  return isPunctuationChar(c) || c === 123 || c === 125 || c === 60 || c === 62;
}

/**
 * A dotted name of three parts or more (`android.intent.action.TIME_TICK`, `com.example.MainActivity`,
 * `system.time.show`), in punctuation: an identifier the message names, a value like a path. Two
 * of them may generalise (capitals inside them are not keywords), but, as any value no word
 * introduces, the position counts against the similarity.
 */
function qualifiedName(t: string): boolean {
  let from = 0;
  let to = t.length;
  while (from < to && isWrapping(t.charCodeAt(from))) from++;
  while (to > from && isWrapping(t.charCodeAt(to - 1))) to--;
  let dots = 0;
  let run = 0;
  for (let i = from; i < to; i++) {
    const c = t.charCodeAt(i);
    if (c === 46) {
      if (run === 0) return false;
      dots++;
      run = 0;
    } else if (isLetter(c) || isDigit(c) || c === 95 || c === 36) run++;
    else return false;
  }
  return dots >= 2 && run > 0;
}

/** Letters only, around its punctuation (`Loaded`, `(usable)`, `root,`). */
function isWord(t: string): boolean {
  let letters = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (isLetter(c)) letters++;
    else if (isDigit(c) || c === 95 || c === 45 || c === 46 || c === 47 || c === 61 || c === 60 || c >= 128) return false;
  }
  return letters > 0;
}

/**
 * `isOverlap:true` and `isOverlap:false`: where two tokens differ by `true` against `false`, a
 * two-valued state is meaning (like a kept number), not a value.
 */
function booleansDiffer(a: string, b: string): boolean {
  let p = 0;
  const max = Math.min(a.length, b.length);
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return (a.startsWith('true', p) && b.startsWith('false', p)) || (a.startsWith('false', p) && b.startsWith('true', p));
}

/** The `key=` / `key:` label a token starts with (letters, `_`, `.`), its length, or 0. */
function labelLength(t: string): number {
  for (let k = 1; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c === 61 || c === 58) return k;
    if (!(isLetter(c) || c === 95 || c === 46)) return 0;
  }
  return 0;
}

/** `num=3` and `topActivity=x`: two labelled values under different labels are different fields. */
function labelsDiffer(a: string, b: string): boolean {
  const la = labelLength(a);
  const lb = labelLength(b);
  return la > 0 && lb > 0 && (la !== lb || !a.startsWith(b.slice(0, lb)));
}

/** Letters only once the punctuation around it is set aside (`SPP.`, `(root)`, `'main',`). */
function isBareWord(t: string, at: number): boolean {
  let from = at;
  let to = t.length;
  while (from < to && isPunctuationChar(t.charCodeAt(from))) from++;
  while (to > from && isPunctuationChar(t.charCodeAt(to - 1))) to--;
  if (from === to) return false;
  for (let i = from; i < to; i++) {
    const c = t.charCodeAt(i);
    if (!isLetter(c)) return false;
  }
  return true;
}

/** `. , ; : ( ) [ ] ' "`: what wraps a word in prose. */
function isPunctuationChar(c: number): boolean {
  return c === 46 || c === 44 || c === 59 || c === 58 || c === 40 || c === 41 || c === 91 || c === 93 || c === 39 || c === 34;
}

/** `user=root` and `user=uucp`: the same `key=` or `key:` label before different values. */
function sharedLabel(a: string, b: string): boolean {
  const max = Math.min(a.length, b.length);
  for (let k = 0; k < max; k++) {
    const c = a.charCodeAt(k);
    if (c !== b.charCodeAt(k)) return false;
    if ((c === 61 || c === 58) && k > 0) return true;
  }
  return false;
}

/**
 * `rhost=` against `rhost=10.0.0.7`: a label printed without a value says the field is absent (a
 * local login has no remote host), a different case from one with a value, as `true`/`false` are.
 * So is a placeholder printed where a value is missing (`****` for a fan that gave no reading)
 * against a variable.
 */
function emptyAgainstValue(a: string, b: string): boolean {
  const e = a.length < b.length ? a : b;
  const v = e === a ? b : a;
  if ((placeholder(a) && hasMask(b)) || (placeholder(b) && hasMask(a))) return true;
  return e.length > 1 && e.charCodeAt(e.length - 1) === 61 && labelLength(e) === e.length - 1 && v.length > e.length && v.startsWith(e);
}

/** One mark repeated in place of a value: `****`, `--`, `??` (a lone `-` is often a separator). */
function placeholder(t: string): boolean {
  if (t.length < 2 || t.length > 16) return false;
  const c = t.charCodeAt(0);
  if (!(c === 42 || c === 45 || c === 63 || c === 35)) return false;
  for (let i = 1; i < t.length; i++) if (t.charCodeAt(i) !== c) return false;
  return true;
}

/**
 * Once a unit varies after a number (`93.0 B`, then `384.0 KB`), the event prints its quantities
 * for people, scaled to their magnitude: the other quantities of that kind in the template are
 * printed alike (`free 317.1 KB`, which has not changed unit yet), so their units are part of
 * their values as well. Units of the other kind keep their own reading (`took 20 ms`).
 */
function spreadUnits(t: string[], slots: number[], size: boolean): void {
  for (let j = 1; j < t.length; j++) {
    if (hasMask(t[j - 1]) && !hasMask(t[j]) && isUnit(t[j]) && isSizeUnit(t[j]) === size && !slots.includes(j)) slots.push(j);
  }
}

/** A template token accepts a message token (see tokenMatches), unless only one holds a value. */
function joins(t: string, m: string): boolean {
  return tokenMatches(t, m) && (t === m || !emptyAgainstValue(t, m));
}

/** Share of positions that agree, -1 when a guard forbids the join or no constant agrees. */
function positionalSimilarity(t: string[], m: string[], stable: boolean, keptJoin: boolean): number {
  let matched = 0;
  let constants = 0;
  // Past this many disagreeing positions the join cannot reach the threshold.
  let misses = t.length - Math.ceil(t.length * SAME_LENGTH_SIMILARITY);
  for (let i = 0; i < t.length; i++) {
    const ti = t[i];
    if (joins(ti, m[i])) {
      // As in Drain, a variable slot accepts any token but only agrees with another variable.
      // A dotted name reads as a value as a variable does.
      if (ti !== MASK || hasMask(m[i])) matched++;
      else if (--misses < 0) return -1;
      if (!hasMask(ti)) constants++;
    } else if (blocks(t, m, i, keptJoin) || emptyAgainstValue(ti, m[i]) || (stable && isBareWord(ti, 0) && isBareWord(m[i], 0))) {
      return -1;
    } else if (introduced(t, i)) {
      // A value the message introduces (`class X`, `user X`): a slot, not a disagreement.
      matched++;
    } else if (--misses < 0) {
      return -1;
    }
  }
  return constants === 0 ? -1 : matched / t.length;
}

/** Whether a token has no letter or digit (`-`, `:`, `|`). */
function isPunctuation(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (isDigit(c) || isLetter(c) || c >= 128) return false;
  }
  return true;
}

/**
 * A stretch left unaligned may become a variable when it is made of variables, with only units
 * and punctuation between them (`(1.2 KB)`, `<1 sec`, a list of addresses): an optional word
 * (`user=root` that only some lines print) keeps the shapes apart.
 */
function variableStretch(t: string[], tFrom: number, tTo: number, m: string[], mFrom: number, mTo: number): boolean {
  let vars = 0;
  let total = 0;
  const count = (x: string): boolean => {
    if (x === GAP) return true;
    total++;
    if (hasMask(x)) vars++;
    else if (!isUnit(x) && !isPunctuation(x)) return false;
    return true;
  };
  for (let i = tFrom; i < tTo; i++) if (!count(t[i])) return false;
  for (let j = mFrom; j < mTo; j++) if (!count(m[j])) return false;
  return total === 0 || vars * 2 >= total;
}

/** A token an alignment must pair: not a variable, a unit or punctuation. */
function isWording(t: string): boolean {
  return t !== GAP && !hasMask(t) && !isUnit(t) && !isPunctuation(t);
}

/**
 * Whether the template's wording appears in the message in order: every alignment that
 * `alignedMerge` accepts pairs each such template token with an equal one, so this linear check
 * rules out most candidates before the quadratic one.
 */
function wordingInOrder(wording: string[], m: string[]): boolean {
  let j = 0;
  for (let i = 0; i < wording.length; i++) {
    while (j < m.length && m[j] !== wording[i]) j++;
    if (j === m.length) return false;
    j++;
  }
  return true;
}

/** The cluster's wording tokens, kept until its template changes. */
function wordingOf(c: TemplateCluster): string[] {
  if (c.wording === undefined) c.wording = c.tokens.filter(isWording);
  return c.wording;
}

/**
 * Aligns template `t` with message `m` (longest common subsequence where a template token
 * matches the tokens it accepts); returns the generalised template when every unaligned stretch
 * is variable and enough tokens align, else undefined.
 */
function alignedMerge(t: string[], m: string[]): { tokens: string[]; similarity: number } | undefined {
  const n = t.length;
  const k = m.length;
  // dp[i][j]: aligned pairs in t[i..], m[j..]; a flat array, rows of k + 1.
  const w = k + 1;
  const dp = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = k - 1; j >= 0; j--) {
      const skip = Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
      dp[i * w + j] = t[i] !== GAP && joins(t[i], m[j]) ? Math.max(skip, dp[(i + 1) * w + j + 1] + 1) : skip;
    }
  }
  let constants = 0;
  /** Message tokens taken by the template's variable-length parts. */
  let absorbed = 0;
  /** Tokens in stretches that become a new variable. */
  let added = 0;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  let ti = 0;
  let mj = 0;
  const closeStretch = (tTo: number, mTo: number): boolean => {
    if (tTo === ti && mTo === mj) return true;
    if (!variableStretch(t, ti, tTo, m, mj, mTo)) return false;
    if (tTo - ti === 1 && t[ti] === GAP) absorbed += mTo - mj;
    else added += tTo - ti + mTo - mj;
    // One variable for the stretch, unless it is a single token on each side: then a token merge.
    if (tTo - ti === 1 && mTo - mj === 1 && t[ti] !== GAP) out.push(mergeTokens(t[ti], m[mj]));
    else if (out.length === 0 || out[out.length - 1] !== GAP) out.push(GAP);
    return true;
  };
  while (i < n && j < k) {
    if (t[i] !== GAP && joins(t[i], m[j]) && dp[i * w + j] === dp[(i + 1) * w + j + 1] + 1) {
      if (!closeStretch(i, j)) return undefined;
      out.push(t[i]);
      if (!hasMask(t[i])) constants++;
      i++;
      j++;
      ti = i;
      mj = j;
    } else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) i++;
    else j++;
  }
  if (!closeStretch(n, k)) return undefined;
  // The stretches that become variables may not outweigh what aligns.
  if (constants < 2 || added > dp[0]) return undefined;
  return { tokens: out, similarity: (dp[0] + absorbed) / (dp[0] + absorbed + added) };
}

/** Whether template `a` accepts every token of template `b` (same length): `b`'s messages are `a`'s. */
function covers(a: string[], b: string[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === GAP || y === GAP || !joins(x, y)) return false;
  }
  return true;
}

/** What assign returns: `merged` lists clusters that converged into `cluster` (usually none). */
export interface Assignment {
  cluster: TemplateCluster;
  created: boolean;
  merged: readonly TemplateCluster[];
}

const NONE: readonly TemplateCluster[] = [];

export class TemplateClusterer {
  private readonly buckets = new Map<string, Bucket>();
  private nextSeq = 0;

  /**
   * The cluster for a new message shape: an existing one, generalised if need be, or a new one.
   * `decision`, for a shape with a number kept for its meaning (`signal 9`, `status code 403`):
   * the rules' decision on it (template-cache.ts). Such shapes meet only shapes decided alike, and
   * among them the kept number generalises like any value (`status code <*>`), since no rule tells
   * the values apart; decided otherwise (a rule for `signal 9`, another for `signal 15`), they
   * never share a template. Without a decision a kept number never generalises.
   */
  assign(tokens: string[], decision?: string): Assignment {
    const keptJoin = decision !== undefined;
    const key = keptJoin ? bucketKey(tokens) + '\u0001' + decision : bucketKey(tokens);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { byLength: new Map(), gapped: [] };
      this.buckets.set(key, bucket);
    }
    const same = bucket.byLength.get(tokens.length);
    if (same !== undefined) {
      let best: TemplateCluster | undefined;
      let bestSimilarity = SAME_LENGTH_SIMILARITY;
      for (let c = same.length - 1; c >= 0; c--) {
        const s = positionalSimilarity(same[c].tokens, tokens, same[c].seen >= STABLE_RECORDS, keptJoin);
        if (s >= bestSimilarity && (best === undefined || s > bestSimilarity)) {
          best = same[c];
          bestSimilarity = s;
        }
      }
      if (best !== undefined) return this.generalise(best, tokens) ? this.converge(bucket, best) : { cluster: best, created: false, merged: NONE };
    }
    const joined = this.alignedJoin(bucket, tokens);
    if (joined !== undefined) return this.converge(bucket, joined);
    const cluster: TemplateCluster = {
      id: templateId(render(tokens)), text: render(tokens), tokens, seen: 0, windowStartMs: 0, windowCount: 0, lastMs: 0, failuresAtLast: 0,
      alive: true, mergedInto: undefined, seq: this.nextSeq++, epoch: 0, wording: undefined, unitSlots: undefined, bucket: key,
    };
    this.index(bucket, cluster);
    return { cluster, created: true, merged: NONE };
  }

  /**
   * After `cluster`'s template generalised: clusters of its length whose templates it now covers
   * hold messages it would take, so they are one event. They become one cluster under the id of
   * the one seen first (Drain's clusters only ever grow apart; here the first-seen id survives a
   * convergence, as it survives a generalisation). The others are marked merged, and their shapes
   * move to the survivor on their next record (template-cache.ts). Bounded: one list of at most
   * MAX_PER_LIST clusters, only when a template changed.
   */
  private converge(bucket: Bucket, cluster: TemplateCluster): Assignment {
    if (cluster.tokens.includes(GAP)) return { cluster, created: false, merged: NONE };
    const list = bucket.byLength.get(cluster.tokens.length);
    let merged: TemplateCluster[] | undefined;
    let survivor = cluster;
    if (list !== undefined) {
      for (let c = list.length - 1; c >= 0; c--) {
        const other = list[c];
        if (other === cluster || other === survivor || !covers(cluster.tokens, other.tokens)) continue;
        (merged ??= []).push(other);
      }
    }
    if (merged === undefined) return { cluster, created: false, merged: NONE };
    // The oldest of them keeps its id and takes the generalised template and every count.
    for (const m of merged) if (m.seq < survivor.seq) survivor = m;
    const gone = survivor === cluster ? merged : [...merged.filter((m) => m !== survivor), cluster];
    if (survivor !== cluster) {
      this.unindex(bucket, survivor);
      survivor.tokens = cluster.tokens;
      survivor.unitSlots = cluster.unitSlots;
      survivor.text = cluster.text;
      survivor.wording = undefined;
    }
    for (const g of gone) {
      this.unindex(bucket, g);
      survivor.seen += g.seen;
      survivor.windowCount += g.windowCount;
      if (g.lastMs > survivor.lastMs) survivor.lastMs = g.lastMs;
      if (g.failuresAtLast > survivor.failuresAtLast) survivor.failuresAtLast = g.failuresAtLast;
      g.alive = false;
      g.mergedInto = survivor;
    }
    if (survivor !== cluster) this.index(bucket, survivor);
    return { cluster: survivor, created: false, merged: gone };
  }

  /**
   * A message of one of the cluster's shapes whose tokens its template does not accept (a name the
   * shape masks, `ee0` then `alt0`): the template takes it, under the same id. Same length only;
   * no convergence (the clusters the wider template may now cover keep their ids).
   */
  widen(cluster: TemplateCluster, tokens: string[]): void {
    if (cluster.alive && cluster.tokens.length === tokens.length && !cluster.tokens.includes(GAP)) this.generalise(cluster, tokens);
  }

  /** Forgets an evicted cluster. */
  remove(cluster: TemplateCluster): void {
    cluster.alive = false;
    const bucket = this.buckets.get(cluster.bucket);
    if (bucket === undefined) return;
    this.unindex(bucket, cluster);
    if (bucket.byLength.size === 0 && bucket.gapped.length === 0) this.buckets.delete(cluster.bucket);
  }

  /** Generalises the template to take `tokens`; whether it changed. */
  private generalise(cluster: TemplateCluster, tokens: string[]): boolean {
    let changed = false;
    let unitFamily: boolean | undefined;
    const t = cluster.tokens;
    for (let i = 0; i < t.length; i++) {
      if (!tokenMatches(t[i], tokens[i])) {
        if (i > 0 && hasMask(t[i - 1]) && isUnit(t[i]) && isUnit(tokens[i])) {
          (cluster.unitSlots ??= []).push(i);
          unitFamily = isSizeUnit(t[i]);
        }
        t[i] = mergeTokens(t[i], tokens[i]);
        changed = true;
      }
    }
    if (unitFamily !== undefined) spreadUnits(t, cluster.unitSlots as number[], unitFamily);
    if (changed) {
      cluster.text = render(t, cluster.unitSlots);
      cluster.wording = undefined;
    }
    return changed;
  }

  private alignedJoin(bucket: Bucket, tokens: string[]): TemplateCluster | undefined {
    if (tokens.length > MAX_ALIGNED_TOKENS) return undefined;
    let tries = 0;
    let best: TemplateCluster | undefined;
    let bestTokens: string[] | undefined;
    let bestSimilarity = ALIGNED_SIMILARITY;
    const consider = (c: TemplateCluster): void => {
      if (tries >= MAX_ALIGNMENTS || c.tokens.length > MAX_ALIGNED_TOKENS) return;
      if (!wordingInOrder(wordingOf(c), tokens)) return;
      tries++;
      const r = alignedMerge(c.tokens, tokens);
      if (r !== undefined && r.similarity >= bestSimilarity && (best === undefined || r.similarity > bestSimilarity)) {
        best = c;
        bestTokens = r.tokens;
        bestSimilarity = r.similarity;
      }
    };
    for (let c = bucket.gapped.length - 1; c >= 0; c--) consider(bucket.gapped[c]);
    for (let d = 1; d <= MAX_LENGTH_DIFFERENCE; d++) {
      for (const len of [tokens.length - d, tokens.length + d]) {
        const list = bucket.byLength.get(len);
        if (list !== undefined) for (let c = list.length - 1; c >= 0; c--) consider(list[c]);
      }
    }
    if (best === undefined || bestTokens === undefined) return undefined;
    const cluster: TemplateCluster = best;
    this.unindex(bucket, cluster);
    cluster.tokens = bestTokens;
    cluster.unitSlots = undefined;
    cluster.text = render(bestTokens);
    cluster.wording = undefined;
    this.index(bucket, cluster);
    return cluster;
  }

  private index(bucket: Bucket, cluster: TemplateCluster): void {
    let list: TemplateCluster[];
    if (cluster.tokens.includes(GAP)) list = bucket.gapped;
    else {
      let l = bucket.byLength.get(cluster.tokens.length);
      if (l === undefined) bucket.byLength.set(cluster.tokens.length, (l = []));
      list = l;
    }
    list.push(cluster);
    if (list.length > MAX_PER_LIST) list.shift();
  }

  private unindex(bucket: Bucket, cluster: TemplateCluster): void {
    const gapped = cluster.tokens.includes(GAP);
    const list = gapped ? bucket.gapped : bucket.byLength.get(cluster.tokens.length);
    if (list === undefined) return;
    const at = list.lastIndexOf(cluster);
    if (at >= 0) list.splice(at, 1);
    if (!gapped && list.length === 0) bucket.byLength.delete(cluster.tokens.length);
  }
}
