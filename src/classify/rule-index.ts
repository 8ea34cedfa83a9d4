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

export class RuleIndex {
  private readonly exact: Keys = new Map();
  /** Keys of case-insensitive rules, looked up in the message's lower case. */
  private readonly lower: Keys = new Map();
  /** Per rule: true when it must always be tried. */
  private readonly always: boolean[];
  /** Per rule: the pass in which it last became a candidate (no clearing between messages). */
  private readonly stamp: Uint32Array;
  private pass = 0;

  constructor(rules: readonly IndexedRule[]) {
    this.always = rules.map(() => false);
    this.stamp = new Uint32Array(rules.length);
    rules.forEach((r, rule) => {
      const keys = keyLiterals(r.requirement);
      if (keys === null) {
        this.always[rule] = true;
        return;
      }
      const into = r.ignoreCase === true ? this.lower : this.exact;
      for (const literal of keys) {
        const pair = pairAt(literal, 0);
        const list = into.get(pair);
        if (list === undefined) into.set(pair, [{ literal, rule }]);
        else list.push({ literal, rule });
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
    this.mark(this.exact, message);
    if (this.lower.size > 0) this.mark(this.lower, message.toLowerCase());
  }

  private mark(keys: Keys, text: string): void {
    const pass = this.pass;
    for (let p = 0; p + 1 < text.length; p++) {
      const list = keys.get(pairAt(text, p));
      if (list === undefined) continue;
      for (let i = 0; i < list.length; i++) {
        const e = list[i];
        if (this.stamp[e.rule] !== pass && text.startsWith(e.literal, p)) this.stamp[e.rule] = pass;
      }
    }
  }

  isCandidate(rule: number): boolean {
    return this.always[rule] || this.stamp[rule] === this.pass;
  }
}

function pairAt(s: string, i: number): number {
  return s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
}

/**
 * Literals of which at least one occurs in every text the requirement accepts; null when none
 * is known. For `all`, the first part's keys suffice (parts are sorted longest first); for
 * `any`, every alternative's keys are needed.
 */
export function keyLiterals(req: Requirement): string[] | null {
  if (req === null) return null;
  if (typeof req === 'string') return req.length >= 2 ? [req] : null;
  if ('all' in req) {
    for (const part of req.all) {
      const keys = keyLiterals(part);
      if (keys !== null) return keys;
    }
    return null;
  }
  const keys: string[] = [];
  for (const alt of req.any) {
    const k = keyLiterals(alt);
    if (k === null) return null;
    keys.push(...k);
  }
  return keys;
}
