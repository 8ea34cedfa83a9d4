import type { Requirement } from './required-literals.js';

/**
 * Which rules can match a message, found in one pass over it. A rule whose pattern requires
 * some literal (`required-literals.ts`) is a candidate only when one of its key literals occurs;
 * the index holds every key literal under its first two characters, so a message is read once
 * whatever the number of rules, instead of one `includes` per rule. Rules with no required
 * literal are always candidates; a case-insensitive rule's literals are looked up in the
 * message's lower case. Only a necessary condition: the rule's own test still decides,
 * so the first rule that matches is the same as when every rule is tried in order.
 */
/** What the index needs of a rule: its required text, in lower case for a case-insensitive rule. */
export interface IndexedRule {
  readonly requirement: Requirement;
  readonly ignoreCase?: boolean;
}

type Keys = Map<number, { literal: string; rule: number }[]>;

/** A pair's slot in the filters below: its two chars' low 7 bits (exact for ASCII pairs). */
function slot(c0: number, c1: number): number {
  return ((c0 & 127) << 7) | (c1 & 127);
}

/** ASCII upper case to lower case; every other code unit as it is. */
function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

export class RuleIndex {
  private readonly exact: Keys = new Map();
  /** Keys of case-insensitive rules, looked up in the message's lower case. */
  private readonly lower: Keys = new Map();
  /**
   * Per pair slot: 1 when some exact key starts with a pair in that slot, 2 when some
   * case-insensitive one does. Most pairs of a message start no key; this one table read tells
   * so without a Map lookup (the scan was most of the cost of finding a shape's rule).
   */
  private readonly filter = new Uint8Array(128 * 128);
  /** Per rule: true when it must always be tried. */
  private readonly always: boolean[];
  /** The rules always tried, in order (merged into every scan's candidates). */
  private readonly alwaysRules: number[] = [];
  /** Per rule: the pass in which it last became a candidate (no clearing between messages). */
  private readonly stamp: Uint32Array;
  private pass = 0;
  /** The last scan's candidates that a key found (unordered); see `candidates`. */
  private found: number[] = [];
  private readonly ordered: number[] = [];

  constructor(rules: readonly IndexedRule[]) {
    this.always = rules.map(() => false);
    this.stamp = new Uint32Array(rules.length);
    rules.forEach((r, rule) => {
      const keys = keyLiterals(r.requirement);
      if (keys === null) {
        this.always[rule] = true;
        this.alwaysRules.push(rule);
        return;
      }
      const lower = r.ignoreCase === true;
      const into = lower ? this.lower : this.exact;
      for (const literal of keys) {
        const pair = pairAt(literal, 0);
        const list = into.get(pair);
        if (list === undefined) into.set(pair, [{ literal, rule }]);
        else list.push({ literal, rule });
        this.filter[slot(literal.charCodeAt(0), literal.charCodeAt(1))] |= lower ? 2 : 1;
      }
    });
  }

  /** Marks the candidates for `message`; then `isCandidate` answers per rule until the next call. */
  scan(message: string): void {
    this.pass = (this.pass + 1) >>> 0;
    if (this.pass === 0) {
      this.stamp.fill(0);
      this.pass = 1;
    }
    this.found.length = 0;
    const filter = this.filter;
    const n = message.length;
    let c1 = n > 0 ? message.charCodeAt(0) : 0;
    for (let p = 0; p + 1 < n; p++) {
      const c0 = c1;
      c1 = message.charCodeAt(p + 1);
      const f = filter[slot(c0, c1)];
      if (f === 0) {
        // Most pairs: only the lower-case slot can differ, and only when a letter is upper case.
        if ((c0 | c1) > 127 || !(isUpper(c0) || isUpper(c1))) continue;
      }
      if ((f & 1) !== 0) this.markExact(message, p, c0 * 65536 + c1);
      const l0 = lowerAscii(c0);
      const l1 = lowerAscii(c1);
      if ((filter[slot(l0, l1)] & 2) !== 0) this.markLower(message, p, l0 * 65536 + l1);
    }
  }

  /**
   * The rules to try on the message last scanned, in rule order: the always-tried ones and those
   * whose key literal occurs. Valid until the next scan.
   */
  candidates(): readonly number[] {
    const found = this.found;
    const always = this.alwaysRules;
    const out = this.ordered;
    out.length = 0;
    // Few are found per message: insertion sort, then a merge with the always-tried rules.
    for (let i = 1; i < found.length; i++) {
      const v = found[i];
      let j = i - 1;
      while (j >= 0 && found[j] > v) {
        found[j + 1] = found[j];
        j--;
      }
      found[j + 1] = v;
    }
    let a = 0;
    let f = 0;
    while (a < always.length || f < found.length) {
      if (f >= found.length || (a < always.length && always[a] < found[f])) out.push(always[a++]);
      else out.push(found[f++]);
    }
    return out;
  }

  private markExact(text: string, p: number, pair: number): void {
    const list = this.exact.get(pair);
    if (list === undefined) return;
    const pass = this.pass;
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (this.stamp[e.rule] !== pass && text.startsWith(e.literal, p)) {
        this.stamp[e.rule] = pass;
        this.found.push(e.rule);
      }
    }
  }

  private markLower(text: string, p: number, pair: number): void {
    const list = this.lower.get(pair);
    if (list === undefined) return;
    const pass = this.pass;
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (this.stamp[e.rule] !== pass && startsWithLower(text, e.literal, p)) {
        this.stamp[e.rule] = pass;
        this.found.push(e.rule);
      }
    }
  }

  isCandidate(rule: number): boolean {
    return this.always[rule] || this.stamp[rule] === this.pass;
  }
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/**
 * `text` at `p`, its ASCII letters lower-cased, starts with `literal` (lower case ASCII,
 * required-literals' lowerAscii). Outside the `u` flag a case-insensitive regex never matches a
 * non-ASCII character to an ASCII one, so a non-ASCII character never equals a literal's.
 */
function startsWithLower(text: string, literal: string, p: number): boolean {
  if (p + literal.length > text.length) return false;
  for (let k = 0; k < literal.length; k++) if (lowerAscii(text.charCodeAt(p + k)) !== literal.charCodeAt(k)) return false;
  return true;
}

function pairAt(s: string, i: number): number {
  return s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
}

/**
 * Literals of which at least one occurs in every text the requirement accepts; null when none
 * is known. For `all`, any part's keys suffice: the part whose keys are the longest (fewest
 * texts hold one) is taken; for `any`, every alternative's keys are needed.
 */
export function keyLiterals(req: Requirement): string[] | null {
  if (req === null) return null;
  if (typeof req === 'string') return req.length >= 2 ? [req] : null;
  if ('all' in req) {
    let best: string[] | null = null;
    for (const part of req.all) {
      const keys = keyLiterals(part);
      if (keys !== null && (best === null || selectivity(keys) > selectivity(best))) best = keys;
    }
    return best;
  }
  const keys: string[] = [];
  for (const alt of req.any) {
    const k = keyLiterals(alt);
    if (k === null) return null;
    keys.push(...k);
  }
  return keys;
}

/** How rarely one of the keys occurs, roughly: by the shortest key's length (ties: fewer keys). */
function selectivity(keys: string[]): number {
  let shortest = Infinity;
  for (const k of keys) if (k.length < shortest) shortest = k.length;
  return shortest * 64 - Math.min(keys.length, 63);
}
