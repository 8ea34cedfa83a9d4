import type { AST } from '@eslint-community/regexpp';

/**
 * Text that every match of a pattern contains: a literal, all of several, or any of several
 * (one per alternative); null when nothing is known. `includes` is far cheaper than any regex
 * engine, so a rule whose literal is absent from a line is decided without running its regex.
 * Sound by construction: only literal runs that every path through the pattern must cross.
 */
export type Requirement = string | { all: Requirement[] } | { any: Requirement[] } | null;

/** Literals shorter than this filter too little to be worth a scan. */
const MIN_LITERAL = 2;
/** At most this many literal scans per sequence: the longest are the most selective. */
const MAX_LITERALS = 2;
/** A repeated character counts at most this many times in a literal. */
const MAX_REPEAT = 16;

export function requiredLiterals(pattern: AST.Pattern): Requirement {
  return ofAlternatives(pattern.alternatives);
}

export function testRequirement(req: Requirement, text: string): boolean {
  if (req === null) return true;
  if (typeof req === 'string') return text.includes(req);
  if ('all' in req) return req.all.every((r) => testRequirement(r, text));
  return req.any.some((r) => testRequirement(r, text));
}

function ofAlternatives(alts: AST.Alternative[]): Requirement {
  const each: Requirement[] = [];
  for (const a of alts) {
    const r = ofSequence(a.elements);
    if (r === null) return null; // one alternative without a literal: nothing is required
    each.push(r);
  }
  return each.length === 1 ? each[0] : { any: each };
}

function ofSequence(elements: AST.Element[]): Requirement {
  const literals: string[] = [];
  const groups: Requirement[] = [];
  let run = '';
  const flush = () => {
    if (run.length >= MIN_LITERAL) literals.push(run);
    run = '';
  };
  for (const e of elements) {
    if (e.type === 'Character') {
      run += String.fromCharCode(e.value);
      continue;
    }
    if (e.type === 'Quantifier' && e.element.type === 'Character' && e.min >= 1) {
      // `\] +\d`, `-{14}`: its first `min` copies end the run before it, and its last `min`
      // copies start the run after it (the whole run when the count is fixed).
      const copies = String.fromCharCode(e.element.value).repeat(Math.min(e.min, MAX_REPEAT));
      run += copies;
      if (e.max === e.min && e.min <= MAX_REPEAT) continue;
      flush();
      run = copies;
      continue;
    }
    flush();
    const r = e.type === 'Quantifier' ? (e.min >= 1 ? ofAtom(e.element) : null) : ofAtom(e);
    if (typeof r === 'string') {
      if (r.length >= MIN_LITERAL) literals.push(r);
    } else if (r !== null) groups.push(r);
  }
  flush();
  literals.sort((a, b) => b.length - a.length);
  const parts: Requirement[] = [...literals.slice(0, MAX_LITERALS), ...groups.slice(0, 1)];
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : { all: parts };
}

function ofAtom(e: AST.Element | AST.QuantifiableElement): Requirement {
  if (e.type === 'Group' || e.type === 'CapturingGroup') return ofAlternatives(e.alternatives);
  if (e.type === 'Character') return String.fromCharCode(e.value);
  return null;
}
