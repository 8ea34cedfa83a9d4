import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import type { Rule, RulePack } from './rule-pack-schema.js';
import { compileValidator, hasPrecompiledValidator, precompiledValidator, type Validator } from '../config/compiled-validator.js';
import { shippedPackData, type ShippedPack } from './shipped-packs.js';
import { Severity } from '../model/severity.js';
import { compileLinear, LinearRegexError, type LinearRegex, type LinearTranslation } from './linear-regex.js';
import type { Requirement } from './required-literals.js';
import { levelMaskOf } from './rule-level.js';

/** One thing wrong with a pack, located as precisely as the YAML allows. */
export interface RuleProblem {
  file: string;
  /** 1-based line in the YAML file. */
  line?: number;
  rule?: string;
  message: string;
}

/** A path as a person would type it: relative to the working directory when under it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

export function formatProblem(p: RuleProblem): string {
  return `${displayPath(p.file)}${p.line ? `:${p.line}` : ''}: ${p.rule ? `rule "${p.rule}": ` : ''}${p.message}`;
}

export class RuleError extends Error {
  readonly code = 'LOGSIFT_ERR_RULES';
  constructor(readonly problems: RuleProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export interface CompiledRule extends Rule {
  pack: string;
  /** The pack's per-cause hints (one object shared by its rules). */
  hints?: Readonly<Record<string, string | undefined>>;
  /** The pack's priority: packs with a higher one are tried first. */
  priority: number;
  /** The rule's regex as it runs: rewritten for V8's linear-time engine (`l` flag). */
  readonly regex: RegExp;
  /** The compiled pattern (both engines, its literals). */
  readonly linear: LinearRegex;
  /** Literal prefilter, then the linear-time regex. */
  matches: (message: string) => boolean;
  /** Text every match contains (null: none known), for the classifier's rule index; in lower case when `ignoreCase`. */
  requirement: Requirement;
  /** When the pattern has named groups: the regex that reads them out of a line (linear too). */
  extract?: RegExp;
  severityNumber: number;
  /** The rule's `level` as bits by level (rule-level.ts), 0 when it takes any record. */
  levelMask: number;
  /** Where the rule is defined (file, 1-based line). */
  file: string;
  line?: number;
}

/**
 * What every compiled rule inherits: `regex` read through its LinearRegex, which makes a shipped
 * pattern's RegExp on first use (compileLinear). On the prototype, not in each object: an
 * accessor in an object literal left V8 holding the rules as slow dictionaries.
 */
const RULE_PROTO = {
  get regex(): RegExp {
    return (this as unknown as { linear: LinearRegex }).linear.regex;
  },
};

/** The packs shipped with logsift: `config/rules/` next to `dist/` (or `src/` in tests). */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../config/rules/', import.meta.url));

// The schema module (and TypeBox) load only when there is no generated validator; the generated
// one only when a pack is not one the build validated (a user's pack, an edited shipped one).
const packSchema = hasPrecompiledValidator('rule-pack-validator') ? undefined : (await import('./rule-pack-schema.js')).RulePackSchema;
let validator: Validator<RulePack> | undefined;
function packValidator(): Validator<RulePack> {
  return (validator ??= precompiledValidator<RulePack>('rule-pack-validator') ?? compileValidator<RulePack>(packSchema as object));
}
// YAML loads on first use (about 40 ms of start-up): the shipped packs were parsed at build time.
const require = createRequire(import.meta.url);

/** A parsed pack: its rules that compiled, and every problem found (none when it is sound). */
export interface PackReading {
  file: string;
  pack?: RulePack;
  rules: CompiledRule[];
  problems: RuleProblem[];
}

/** The 1-based line of the YAML node at `path`, or of its nearest ancestor that exists. */
function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Parses, validates and compiles one pack, collecting every problem rather than the first. */
export function readPack(text: string, file: string): PackReading {
  const shipped = shippedPackData(text);
  if (shipped !== undefined) {
    const r = compileParsed(shipped, file);
    if (r) return r;
  }
  const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    return {
      file,
      rules: [],
      problems: doc.errors.map((e) => ({ file, line: counter.linePos(e.pos[0]).line, message: `not valid YAML: ${e.message.split('\n')[0]}` })),
    };
  }
  const data: unknown = doc.toJS();
  const ruleAt = (i: number) => (data as RulePack).rules?.[i];
  const validatePack = packValidator();
  if (!validatePack(data)) {
    const problems = new Map<string, RuleProblem>();
    // A union of literals fails as one "const" error per literal plus an "anyOf": say it once.
    const allowed = new Map<string, unknown[]>();
    for (const e of validatePack.errors ?? []) {
      if (e.keyword === 'const') allowed.set(e.instancePath, [...(allowed.get(e.instancePath) ?? []), (e.params as { allowedValue: unknown }).allowedValue]);
    }
    for (const e of validatePack.errors ?? []) {
      if (e.keyword === 'const' && allowed.has(e.instancePath)) continue;
      if (e.keyword === 'anyOf' && allowed.has(e.instancePath)) e.message = `must be one of ${allowed.get(e.instancePath)!.join(', ')}`;
      const path = e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const inRule = path[0] === 'rules' && typeof path[1] === 'number';
      const id = inRule ? ruleAt(path[1] as number)?.id : undefined;
      const key = (inRule ? path.slice(2) : path).join('.') || (inRule ? '' : 'pack');
      const where = inRule && typeof id !== 'string' ? `rule #${(path[1] as number) + 1}: ` : '';
      const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : '';
      const p = { file, line: lineOf(doc, counter, path), rule: typeof id === 'string' ? id : undefined, message: `${where}${key ? key + ' ' : ''}${e.message}${extra}` };
      problems.set(formatProblem(p), p);
    }
    return { file, rules: [], problems: [...problems.values()] };
  }
  return compilePackData(data, file, (i, key) => lineOf(doc, counter, key ? ['rules', i, key] : ['rules', i]));
}

/**
 * A shipped pack parsed at build time: validated (unless the build did) and compiled like any
 * other, or undefined when anything is wrong with it (then the YAML is read again, for the exact
 * lines of the problems).
 */
function compileParsed(shipped: ShippedPack, file: string): PackReading | undefined {
  if (shipped.validated !== true && !packValidator()(shipped.data)) return undefined;
  const r = compilePackData(shipped.data as RulePack, file, (i) => shipped.ruleLines[i], shipped.translations);
  return r.problems.length ? undefined : r;
}

/** Compiles a valid pack's rules; `lineAt` locates rule i (or one of its keys) in the file. */
function compilePackData(
  pack: RulePack,
  file: string,
  lineAt: (i: number, key?: string) => number | undefined,
  translations?: (LinearTranslation | null)[],
): PackReading {
  const hints = pack.hints === undefined ? undefined : Object.freeze({ ...pack.hints });
  const problems: RuleProblem[] = [];
  const rules: CompiledRule[] = [];
  const seen = new Set<string>();
  pack.rules.forEach((rule, i) => {
    const line = lineAt(i);
    const problem = (message: string, key?: string) => problems.push({ file, line: key ? lineAt(i, key) : line, rule: rule.id, message });
    if (seen.has(rule.id)) problem('the id is used twice in this pack', 'id');
    seen.add(rule.id);
    if (rule.relevance === 'noise' && !rule.reason) problem('a noise rule needs a reason (why it is safe to ignore)');
    let compiled;
    try {
      compiled = compileLinear(rule.match, rule.ignoreCase, translations?.[i]);
    } catch (err) {
      if (!(err instanceof LinearRegexError)) throw err;
      problem(`match ${err.message.startsWith('not a valid') ? 'is ' : ''}${err.message}`, 'match');
      return;
    }
    const severityNumber = rule.severity ? Severity[rule.severity as keyof typeof Severity] : 0;
    const fields = { pack: pack.pack, priority: pack.priority, hints, linear: compiled, matches: compiled.test, requirement: rule.ignoreCase ? compiled.requirementLower : compiled.requirement, extract: compiled.extract, severityNumber, levelMask: levelMaskOf(rule.level), file, line };
    rules.push(Object.assign(Object.create(RULE_PROTO) as CompiledRule, rule, fields));
  });
  return { file, pack, rules, problems };
}

/** Reads one pack file; an unreadable file is a problem like any other. */
export function readPackFile(file: string): PackReading {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { file, rules: [], problems: [unreadable(file, err)] };
  }
  return readPack(text, file);
}

function unreadable(file: string, err: unknown): RuleProblem {
  return { file, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
}

/** Parses and validates one pack; throws RuleError listing every problem with file, line and rule. */
export function compilePack(text: string, file: string): CompiledRule[] {
  const r = readPack(text, file);
  if (r.problems.length) throw new RuleError(r.problems);
  return r.rules;
}

/** The pack files (`*.yaml`, `*.yml`) of a directory, sorted; throws RuleError if it cannot be read. */
export function packFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((f) => f.isFile() && (f.name.endsWith('.yaml') || f.name.endsWith('.yml')))
      .map((f) => join(dir, f.name))
      .sort();
  } catch (err) {
    throw new RuleError([{ file: dir, message: `cannot read rules directory: ${(err as Error).message}` }]);
  }
}

/** Orders packs for evaluation (priority, then file order) and finds ids defined by two packs. */
export function orderPacks(readings: PackReading[]): { rules: CompiledRule[]; problems: RuleProblem[] } {
  const packs = readings.filter((r) => r.rules.length > 0).map((r) => r.rules);
  // The sort is stable, so file order breaks ties.
  packs.sort((a, b) => b[0].priority - a[0].priority);
  const rules = packs.flat();
  const problems: RuleProblem[] = [];
  const seen = new Map<string, CompiledRule>();
  for (const r of rules) {
    const first = seen.get(r.id);
    if (first && first.file !== r.file) {
      problems.push({ file: r.file, line: r.line, rule: r.id, message: `rule id "${r.id}" is defined twice (packs ${first.pack} in ${displayPath(first.file)} and ${r.pack})` });
    }
    if (!first) seen.set(r.id, r);
  }
  return { rules, problems };
}

/** A pack file's text and where it came from: plain data, so a reload can post it to a worker. */
export interface RuleSource {
  file: string;
  text: string;
}

/** Reads pack files; throws RuleError listing every one that cannot be read. */
export function readPackSources(files: string[]): RuleSource[] {
  const sources: RuleSource[] = [];
  const problems: RuleProblem[] = [];
  for (const file of files) {
    try {
      sources.push({ file, text: readFileSync(file, 'utf8') });
    } catch (err) {
      problems.push(unreadable(file, err));
    }
  }
  if (problems.length) throw new RuleError(problems);
  return sources;
}

/** Reads every `*.yaml` pack in the directories, in directory order then file name. */
export function readRuleSources(dirs: string[]): RuleSource[] {
  return readPackSources(dirs.flatMap(packFiles));
}

/** Compiles packs (no I/O), ordered by pack priority then source order; throws RuleError listing every problem. */
export function compileRules(sources: RuleSource[]): CompiledRule[] {
  const readings = sources.map((s) => readPack(s.text, s.file));
  const { rules, problems } = orderPacks(readings);
  const all = [...readings.flatMap((r) => r.problems), ...problems];
  if (all.length) throw new RuleError(all);
  return rules;
}

/** Loads every pack in the directories, ordered by pack priority then file name; throws RuleError. */
export function loadRules(dirs: string[]): CompiledRule[] {
  return compileRules(readRuleSources(dirs));
}

/** Loads the given pack files; throws RuleError listing every problem in all of them. */
export function loadPackFiles(files: string[]): CompiledRule[] {
  return compileRules(readPackSources(files));
}
