import { setFlagsFromString } from 'node:v8';
import { createRequire } from 'node:module';
import type { AST, RegExpParser } from '@eslint-community/regexpp';
import { requiredLiterals, testRequirement, type Requirement } from './required-literals.js';

/*
 * No rule regex can stall the pipeline, whatever the pattern and the line. Every rule pattern
 * must be one V8's linear-time engine runs (the `l` flag, a Pike VM behind
 * --enable-experimental-regexp-engine: O(pattern × line), no backtracking), and:
 * - a line longer than BACKTRACKING_MAX_CHARS runs on that engine;
 * - a shorter one runs on V8's usual backtracking engine, with
 *   --enable-experimental-regexp-engine-on-excessive-backtracks: an execution that backtracks
 *   more than BACKTRACKS_BEFORE_LINEAR times is finished by the linear engine. So a user's
 *   `(a+)+$` costs at most those steps, and the quadratic cost of a `.*` in the middle (which
 *   backtracking engines do not count as backtracks) stays under a millisecond at that length.
 * Ordinary rules on ordinary lines thus run at the backtracking engine's speed: about 0.4 µs on
 * a 130-character line against 13–60 µs on the linear engine, which made every new message shape
 * cost ~0.3 ms in rule tests with all packs loaded. The flags are process-wide, so worker threads
 * share them; for anyone else's regexes they only change how a runaway execution ends.
 *
 * The linear engine runs a subset of JavaScript regexes. This module rewrites what it can into
 * that subset with the same meaning for `test()` (capturing groups become non-capturing,
 * `ignoreCase` becomes explicit case classes, counted repetitions are spelled out) and refuses,
 * with the construct and its column, what it cannot: lookaround and backreferences, which no
 * linear-time engine runs. A literal prefilter (`required-literals.ts`) skips both engines when a
 * line lacks text every match must contain, which is most lines for most rules.
 */
/** Backtracks an execution may take before the linear engine finishes it (V8's default is 50,000). */
export const BACKTRACKS_BEFORE_LINEAR = 10_000;
/** Longer lines run on the linear engine only (a quadratic pattern costs ~0.2 ms at this length). */
export const BACKTRACKING_MAX_CHARS = 2_048;
setFlagsFromString('--enable-experimental-regexp-engine');
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
setFlagsFromString(`--regexp-backtracks-before-fallback=${BACKTRACKS_BEFORE_LINEAR}`);

/** A pattern the linear engine cannot run, with where and why (column is 1-based). */
export class LinearRegexError extends Error {
  constructor(
    message: string,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'LinearRegexError';
  }
}

export interface LinearRegex {
  /** The rule's pattern as the user wrote it. */
  readonly source: string;
  /** The rewritten pattern on the linear engine (`l` flag): what runs on long lines. */
  readonly regex: RegExp;
  /** The same pattern on V8's engine, finished by the linear one if it backtracks too much: what runs on the rest. */
  readonly backtracking: RegExp;
  /** Text every match contains (null: none known); `test` checks it first. */
  readonly requirement: Requirement;
  /** The same for a case-insensitive pattern, in lower case (ASCII literals only; else null). */
  readonly requirementLower: Requirement;
  /** The same pattern with its named groups kept, for rules that read values out of a line. */
  readonly extract?: RegExp;
  test(text: string): boolean;
}

/** Spelled-out counted repetitions past this length are refused rather than compiled. */
const MAX_REWRITTEN_LENGTH = 20_000;

/** What compiling a pattern yields, as plain data: the rewritten sources and the literals. */
export interface LinearTranslation {
  regex: string;
  /**
   * What the backtracking engine runs when it differs from `regex`: the same test with a start
   * guard (Rewriter.startGuard), which both engines run too.
   */
  backtracking?: string;
  extract?: string;
  requirement: Requirement;
  requirementLower: Requirement;
}

const require = createRequire(import.meta.url);
let parser: RegExpParser | undefined;
let precompiled: Map<string, LinearTranslation> | undefined;

/** The key of a pattern in the build's table of translations. */
export function translationKey(source: string, ignoreCase: boolean): string {
  return (ignoreCase ? 'i:' : '-:') + source;
}

/**
 * The shipped rules' translations, made by `npm run build` (config/precompile.ts) with this same
 * code: parsing ~400 patterns and building the case-folding table took about 0.1 s of every
 * command's start. Keyed by the pattern itself, so a user's rule or an edited pack simply misses.
 * A shipped pack's rules get theirs with the pack (shipped-packs.ts): this table is read only for
 * a pattern outside them (a user's pack that reuses a shipped pattern).
 */
function precompiledTranslation(source: string, ignoreCase: boolean): LinearTranslation | undefined {
  if (precompiled === undefined) {
    try {
      precompiled = new Map(require('../generated/linear-rules.json') as [string, LinearTranslation][]);
    } catch {
      precompiled = new Map();
    }
  }
  return precompiled.get(translationKey(source, ignoreCase));
}

/** Rewrites a pattern into the linear engine's subset and finds its literals; throws LinearRegexError. */
export function translateLinear(source: string, ignoreCase = false): LinearTranslation {
  parser ??= new (require('@eslint-community/regexpp') as typeof import('@eslint-community/regexpp')).RegExpParser({ ecmaVersion: 2024 });
  let pattern: AST.Pattern;
  try {
    pattern = parser.parsePattern(source, 0, source.length, { unicode: false, unicodeSets: false });
  } catch (err) {
    const index = (err as { index?: number }).index;
    throw new LinearRegexError(`not a valid regular expression: ${(err as Error).message}`, index === undefined ? undefined : index + 1);
  }
  const literals = requiredLiterals(pattern);
  const rewriter = new Rewriter(ignoreCase, false);
  const regex = rewriter.pattern(pattern);
  const guard = rewriter.startGuard(pattern);
  return {
    regex,
    ...(guard === undefined ? {} : { backtracking: guard + regex }),
    extract: /\(\?<[A-Za-z_$]/.test(source) ? new Rewriter(ignoreCase, true).pattern(pattern) : undefined,
    requirement: ignoreCase ? null : literals,
    requirementLower: ignoreCase ? lowerAscii(literals) : null,
  };
}

/**
 * Compiles a rule pattern for the linear-time engine; throws LinearRegexError. A pattern from the
 * build's table (a shipped rule's, or `translation`, which the build made for it) was compiled
 * on both engines by the build (verifyTranslation), so its two RegExp objects are made on first
 * use: most rules never run on a given input (their literal is absent), and making ~1,500
 * RegExps took ~10 ms of every command's start. Any other pattern is compiled here, so a bad one is refused at start.
 */
export function compileLinear(source: string, ignoreCase = false, translation?: LinearTranslation | null): LinearRegex {
  // A shipped pack's rule comes with the build's translation (shipped-packs.ts): no table lookup.
  const built = translation ?? precompiledTranslation(source, ignoreCase);
  const compiled = new CompiledLinear(source, built ?? translateLinear(source, ignoreCase));
  if (built === undefined) compiled.compileNow();
  return compiled;
}

/**
 * Throws LinearRegexError unless the translation compiles on the linear engine and on the
 * backtracking one: the build checks every translation it puts in its table with this, so that
 * start-up may compile those lazily.
 */
export function verifyTranslation(t: LinearTranslation): void {
  linear(t.regex);
  new RegExp(t.regex);
  // The guarded source must run on the linear engine too: it is what an execution that
  // backtracks too much falls back to.
  if (t.backtracking !== undefined) linear(t.backtracking);
  new RegExp(t.backtracking ?? t.regex);
  if (t.extract !== undefined) linear(t.extract);
}

class CompiledLinear implements LinearRegex {
  readonly requirement: Requirement;
  readonly requirementLower: Requirement;
  readonly extract?: RegExp;
  readonly test: (text: string) => boolean;
  private linearRegex?: RegExp;
  private backtrackingRegex?: RegExp;

  constructor(
    readonly source: string,
    private readonly t: LinearTranslation,
  ) {
    this.requirement = t.requirement;
    this.requirementLower = t.requirementLower;
    // Few patterns have named groups; their extractor is read into every classification.
    this.extract = t.extract === undefined ? undefined : linear(t.extract);
    const requirement = t.requirement;
    const run = (text: string) => (text.length <= BACKTRACKING_MAX_CHARS ? this.backtracking : this.regex).test(text);
    this.test = requirement === null ? run : (text) => testRequirement(requirement, text) && run(text);
  }

  get regex(): RegExp {
    return (this.linearRegex ??= linear(this.t.regex));
  }

  get backtracking(): RegExp {
    return (this.backtrackingRegex ??= new RegExp(this.t.backtracking ?? this.t.regex));
  }

  /** Both engines' RegExps now (throws LinearRegexError). */
  compileNow(): void {
    void this.regex;
    void this.backtracking;
  }
}

/**
 * An ASCII literal matches case-insensitively only text whose lower case contains its lower case
 * (outside the `u` flag a non-ASCII character never folds to an ASCII one); for other literals
 * nothing is claimed.
 */
function lowerAscii(req: Requirement): Requirement {
  if (req === null) return null;
  if (typeof req === 'string') return [...req].every((c) => c.charCodeAt(0) < 128) ? req.toLowerCase() : null;
  if ('all' in req) {
    const parts = req.all.map(lowerAscii).filter((r) => r !== null);
    return parts.length === 0 ? null : { all: parts };
  }
  const alts = req.any.map(lowerAscii);
  return alts.includes(null) ? null : { any: alts };
}

function linear(rewritten: string): RegExp {
  if (rewritten.length > MAX_REWRITTEN_LENGTH) {
    throw new LinearRegexError(`counted repetitions spell out to ${rewritten.length} characters (at most ${MAX_REWRITTEN_LENGTH}): use + or * instead of large {n,m}`);
  }
  try {
    // eslint-disable-next-line no-invalid-regexp -- `l` exists behind the V8 flag set above
    return new RegExp(rewritten, 'l');
  } catch (err) {
    throw new LinearRegexError(`the linear-time engine refuses it: ${(err as Error).message}`);
  }
}

/** Re-emits a parsed pattern in the subset the linear engine runs. */
class Rewriter {
  /** `keepNames`: named groups stay capturing (the engine runs captures, only slower). */
  constructor(
    private readonly ignoreCase: boolean,
    private readonly keepNames: boolean,
  ) {}

  pattern(p: AST.Pattern): string {
    return this.alternatives(p.alternatives);
  }

  /**
   * `(?:^|D)` for a pattern that starts with a repeated class C (`\S+:\d+ \[`, `[^"]* "`), where D
   * is C's complement; otherwise undefined. Put in front of the pattern it changes no answer of
   * `test`: a match that starts after a C character extends back over it (C* takes one more), so
   * one starts at the text's start or after a D whenever one starts at all. It saves the
   * backtracking engine from starting inside every run of C characters and giving each
   * position back one by one (haproxy's access-log rule: ~11 µs -> ~0.6 µs on an access line).
   * No lookbehind, so the linear engine still runs it (excessive backtracking falls back to it).
   */
  startGuard(p: AST.Pattern): string | undefined {
    if (p.alternatives.length !== 1) return undefined;
    const first = p.alternatives[0].elements[0];
    if (first?.type !== 'Quantifier' || first.max !== Infinity) return undefined;
    const c = first.element;
    if (c.type === 'CharacterClass') {
      const text = this.element(c);
      return `(?:^|${text.startsWith('[^') ? '[' + text.slice(2) : '[^' + text.slice(1)})`;
    }
    if (c.type !== 'CharacterSet') return undefined;
    if (c.kind === 'any') return '(?:^|[\\n\\r\\u2028\\u2029])';
    if (c.kind === 'digit' || c.kind === 'space' || c.kind === 'word') {
      const letter = { digit: 'd', space: 's', word: 'w' }[c.kind];
      return `(?:^|\\${c.negate ? letter : letter.toUpperCase()})`;
    }
    return undefined;
  }

  private alternatives(alts: AST.Alternative[]): string {
    return alts.map((a) => a.elements.map((e) => this.element(e)).join('')).join('|');
  }

  private element(e: AST.Element): string {
    switch (e.type) {
      case 'Assertion':
        if (e.kind === 'lookahead' || e.kind === 'lookbehind') throw unsupported(e, `${e.kind} ${e.raw.slice(0, e.kind === 'lookahead' ? 3 : 4)}...)`, 'match the text itself, or split the rule in two');
        return e.raw;
      case 'Backreference':
        throw unsupported(e, `backreference ${e.raw}`, 'match the repeated text with a class or a literal');
      case 'CapturingGroup':
        if (this.keepNames && e.name) return `(?<${e.name}>${this.alternatives(e.alternatives)})`;
        // Rules only ask whether a line matches: other captures are dead weight for the engine.
        return `(?:${this.alternatives(e.alternatives)})`;
      case 'Group':
        return `(?:${this.alternatives(e.alternatives)})`;
      case 'Quantifier':
        return this.quantifier(e);
      case 'Character':
        return this.ignoreCase ? caseClass(e) : e.raw;
      case 'CharacterClass':
        return this.ignoreCase ? foldClass(e) : e.raw;
      default:
        return e.raw; // CharacterSet (\d \w \s . and negations), ExpressionCharacterClass needs the v flag
    }
  }

  private quantifier(q: AST.Quantifier): string {
    const body = this.element(q.element as AST.Element);
    const lazy = q.greedy ? '' : '?';
    if (q.max === Infinity && q.min <= 1) return body + (q.min === 0 ? '*' : '+') + lazy;
    if (q.min === 0 && q.max === 1) return body + '?' + lazy;
    // {n,m}: n copies, then m-n nested optional copies (the engine caps repetition counts at 16).
    const out = body.repeat(q.min);
    if (q.max === Infinity) return out + body + '*';
    let optional = '';
    for (let i = q.min; i < q.max; i++) optional = `(?:${body}${optional})?`;
    return out + optional;
  }
}

function unsupported(node: AST.Node, what: string, advice: string): LinearRegexError {
  return new LinearRegexError(`${what} at column ${node.start + 1} cannot run in linear time: ${advice}`, node.start + 1);
}

/*
 * Case folding as JavaScript does it without the u flag (ECMA-262 Canonicalize): two code units
 * match when their toUpperCase, kept only when it is one code unit and does not map non-ASCII to
 * ASCII, is the same.
 */
let foldGroups: Map<number, number[]> | undefined;

function canonicalize(c: number): number {
  const u = String.fromCharCode(c).toUpperCase();
  if (u.length !== 1) return c;
  const cu = u.charCodeAt(0);
  return c >= 128 && cu < 128 ? c : cu;
}

/** The code units that match `c` case-insensitively, `c` included. */
function caseVariants(c: number): number[] {
  if (!foldGroups) {
    const byCanon = new Map<number, number[]>();
    for (let x = 0; x < 0x10000; x++) {
      const k = canonicalize(x);
      const g = byCanon.get(k);
      if (g) g.push(x);
      else byCanon.set(k, [x]);
    }
    foldGroups = new Map();
    for (const g of byCanon.values()) if (g.length > 1) for (const x of g) foldGroups.set(x, g);
  }
  return foldGroups.get(c) ?? [c];
}

function escapeUnit(c: number): string {
  return `\\u${c.toString(16).padStart(4, '0')}`;
}

function caseClass(ch: AST.Character): string {
  const v = caseVariants(ch.value);
  return v.length === 1 ? ch.raw : `[${v.map(escapeUnit).join('')}]`;
}

/** A class under ignoreCase: its own elements plus every case variant of the units it lists. */
function foldClass(cls: AST.CharacterClass): string {
  const extra = new Set<number>();
  for (const el of cls.elements) {
    if (el.type === 'Character') for (const v of caseVariants(el.value)) extra.add(v);
    else if (el.type === 'CharacterClassRange') {
      for (let c = el.min.value; c <= el.max.value; c++) for (const v of caseVariants(c)) if (v < el.min.value || v > el.max.value) extra.add(v);
    }
  }
  let inner = cls.raw.slice(cls.negate ? 2 : 1, -1);
  // The variants go first; a leading '-' of the original would then read as a range.
  if (inner.startsWith('-')) inner = '\\' + inner;
  return `[${cls.negate ? '^' : ''}${ranges([...extra]).join('')}${inner}]`;
}

/** Sorted code units as compact `a-z` ranges. */
function ranges(units: number[]): string[] {
  units.sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < units.length; ) {
    let j = i;
    while (j + 1 < units.length && units[j + 1] === units[j] + 1) j++;
    out.push(j === i ? escapeUnit(units[i]) : `${escapeUnit(units[i])}-${escapeUnit(units[j])}`);
    i = j + 1;
  }
  return out;
}
