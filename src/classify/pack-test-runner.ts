import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { LogRecord, PodIdentity, RawEntry } from '../model/record.js';
import { Pipeline } from '../pipeline/pipeline.js';
import type { PipelineConfig } from '../pipeline/pipeline-config.js';
import { SelfTelemetry } from '../telemetry/self-telemetry.js';
import { DEFAULT_RULES_DIR, RuleError, displayPath, loadPackFiles, packFiles, type CompiledRule, type RuleProblem } from './load-rules.js';
import { PackTestFileSchema, type PackCase, type PackSequence, type PackTestFile } from './pack-test-schema.js';
import { RecordingClassifier, type ClassifierCall } from './recording-classifier.js';
import { classifierFromRules } from './create-classifier.js';
import { levelAllows } from './rule-level.js';

/** One case or sequence that did not give what it expected. */
export interface TestFailure {
  file: string;
  line?: number;
  name: string;
  /** The input line(s), as the test file gives them. */
  input: string;
  /** One entry per mismatch: what was expected and what came out. */
  mismatches: { key: string; expected: string; got: string }[];
  /** What decided the record(s), for context. */
  got?: string;
}

export interface PackTestResult {
  file: string;
  pack?: string;
  cases: number;
  sequences: number;
  failures: TestFailure[];
  /** The file itself is broken (schema, YAML, its packs): nothing was run. */
  invalid: RuleProblem[];
  /** Case lines a lower-priority pack also claims with another event: information, not failures. */
  overlaps: RuleProblem[];
}

export interface PackTestOptions {
  pipeline: PipelineConfig;
  /** The shipped packs, always loaded (default config/rules/). */
  shippedDir?: string;
}

const DEFAULT_POD: PodIdentity = { namespace: 'test', pod: 'test', container: 'app' };
/** A fixed arrival clock: lines without a time of their own all happen at once, reproducibly. */
const CLOCK_MS = Date.UTC(2024, 0, 1);

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validateFile = ajv.compile<PackTestFile>(PackTestFileSchema);

function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Runs one pack test file. Never throws for a bad file: it comes back as `invalid`. */
export function runPackTestFile(file: string, opts: PackTestOptions): PackTestResult {
  const result: PackTestResult = { file, cases: 0, sequences: 0, failures: [], invalid: [], overlaps: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    result.invalid.push({ file, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    return result;
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    result.invalid.push(...doc.errors.map((e) => ({ file, line: counter.linePos(e.pos[0]).line, message: `not valid YAML: ${e.message.split('\n')[0]}` })));
    return result;
  }
  const data: unknown = doc.toJS();
  if (!validateFile(data)) {
    const seen = new Set<string>();
    for (const e of validateFile.errors ?? []) {
      if (e.keyword === 'const' || e.keyword === 'anyOf') continue; // the union's own errors say it better below
      const path = e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const extra = e.keyword === 'additionalProperties' ? `: ${(e.params as { additionalProperty: string }).additionalProperty}` : '';
      const message = `${path.join('.') || 'file'} ${e.message}${extra}`;
      if (!seen.has(message)) result.invalid.push({ file, line: lineOf(doc, counter, path), message });
      seen.add(message);
    }
    for (const e of validateFile.errors ?? []) {
      if (e.keyword !== 'anyOf') continue;
      const path = e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const value = doc.getIn(path);
      result.invalid.push({ file, line: lineOf(doc, counter, path), message: `${path.join('.')} ${JSON.stringify(value)} is not one of the allowed values` });
    }
    return result;
  }
  const spec = data;
  result.pack = spec.pack;
  spec.cases.forEach((c, i) => {
    if ((c.line === undefined) === (c.lines === undefined)) {
      result.invalid.push({ file, line: lineOf(doc, counter, ['cases', i]), message: `cases.${i} needs exactly one of line or lines` });
    }
  });
  let rules: CompiledRule[];
  try {
    const shipped = packFiles(opts.shippedDir ?? DEFAULT_RULES_DIR);
    const own = spec.rule_files.map((f) => resolve(dirname(file), f));
    rules = loadPackFiles([...new Set([...shipped, ...own])]);
  } catch (err) {
    if (!(err instanceof RuleError)) throw err;
    result.invalid.push(...err.problems);
    return result;
  }
  if (!rules.some((r) => r.pack === spec.pack)) {
    const packs = [...new Set(rules.map((r) => r.pack))].join(', ');
    result.invalid.push({ file, line: lineOf(doc, counter, ['pack']), message: `pack "${spec.pack}" is not loaded (loaded: ${packs}); add its file to rule_files` });
  }
  if (result.invalid.length) return result;

  const runner = new CaseRunner(rules, opts.pipeline);
  const decided = new Set<string>();
  spec.cases.forEach((c, i) => {
    result.cases++;
    const at = { file, line: lineOf(doc, counter, ['cases', i]), name: c.name ?? `case ${i + 1}` };
    const failure = runner.runCase(c, at, decided, result.overlaps);
    if (failure) result.failures.push(failure);
  });
  spec.sequences.forEach((s, i) => {
    result.sequences++;
    const at = { file, line: lineOf(doc, counter, ['sequences', i]), name: s.name ?? `sequence ${i + 1}` };
    const failure = runner.runSequence(s, at, decided);
    if (failure) result.failures.push(failure);
  });
  for (const r of rules) {
    if (r.pack !== spec.pack || decided.has(r.id)) continue;
    result.failures.push({
      file,
      line: lineOf(doc, counter, ['pack']),
      name: `rule ${r.id}`,
      input: '',
      mismatches: [{ key: 'self-check', expected: `rule "${r.id}" (${displayPath(r.file)}:${r.line}) decides at least one case`, got: 'it decides none' }],
    });
  }
  return result;
}

type Where = { file: string; line?: number; name: string };

class CaseRunner {
  private readonly classifier: RecordingClassifier;

  constructor(
    private readonly rules: CompiledRule[],
    private readonly config: PipelineConfig,
  ) {
    this.classifier = new RecordingClassifier(classifierFromRules(config.classify, rules));
  }

  /** Feeds physical lines to a fresh pipeline; returns its records and the classifier's calls. */
  private run(lines: string[], pod: PodIdentity): { records: LogRecord[]; calls: ClassifierCall[]; pipeline: Pipeline } {
    const records: LogRecord[] = [];
    const pipeline = new Pipeline(
      { config: this.config, classifier: this.classifier, telemetry: new SelfTelemetry(), defaultPod: pod, clock: () => CLOCK_MS },
      (batch) => records.push(...batch),
    );
    this.classifier.take();
    const entries: RawEntry[] = lines.map((line) => ({ line }));
    pipeline.process(entries);
    pipeline.flush();
    return { records, calls: this.classifier.take(), pipeline };
  }

  runCase(c: PackCase, at: Where, decided: Set<string>, overlaps: RuleProblem[]): TestFailure | undefined {
    const input = c.line ?? c.lines ?? '';
    const lines = c.line !== undefined ? [c.line] : splitLines(c.lines ?? '');
    const { records, calls } = this.run(lines, { ...DEFAULT_POD, ...c.pod });
    const own = records.filter((r) => !r.synthetic);
    const failure: TestFailure = { ...at, input, mismatches: [] };
    if (own.length !== 1) {
      failure.mismatches.push({ key: 'records', expected: '1', got: `${own.length}${own.length ? `: ${own.map((r) => JSON.stringify(r.body.split('\n')[0])).join(', ')}` : ''}` });
      return failure;
    }
    const r = own[0];
    decided.add(r.rule);
    const e = c.expect;
    const got: Record<string, string> = {
      relevance: r.relevance,
      event: r.event ?? 'none',
      severity: r.severityText.replace(/\d+$/, ''),
      rule: r.rule,
      format: r.format,
    };
    for (const key of ['relevance', 'event', 'severity', 'rule', 'format'] as const) {
      const want = e[key];
      if (want !== undefined && want !== got[key]) failure.mismatches.push({ key, expected: want, got: got[key] });
    }
    if (e.reason !== undefined && !(r.reason ?? '').includes(e.reason)) {
      failure.mismatches.push({ key: 'reason', expected: `contains ${JSON.stringify(e.reason)}`, got: JSON.stringify(r.reason ?? '') });
    }
    const claims = this.claims(calls[0]?.message ?? '', calls[0]?.kind ?? 'single', calls[0]?.severityNumber ?? 0);
    if (claims.conflict) failure.mismatches.push(claims.conflict);
    for (const o of claims.overlaps) overlaps.push({ file: at.file, line: at.line, message: o });
    failure.got = `${r.relevance} ${r.event ?? 'no event'} ${r.severityText}, rule ${r.rule}${r.reason ? ` (${r.reason})` : ''}`;
    return failure.mismatches.length ? failure : undefined;
  }

  /**
   * Two packs that both match a line with different events. Between packs of one priority the
   * order is only their file names, so which one counts would be an accident: that fails. A pack
   * of lower priority is a declared fallback (the generic pack): a different event from it is
   * noted, not failed, since the higher-priority pack always decides first. The first matching
   * rule of each pack speaks for it.
   */
  private claims(message: string, kind: string, severityNumber: number): { conflict?: TestFailure['mismatches'][number]; overlaps: string[] } {
    const byPack = new Map<string, CompiledRule>();
    for (const r of this.rules) {
      if (byPack.has(r.pack) || (r.kind !== undefined && r.kind !== kind) || !levelAllows(r.levelMask, severityNumber)) continue;
      if (r.matches(message)) byPack.set(r.pack, r);
    }
    const claims = [...byPack.values()];
    const overlaps: string[] = [];
    let conflict: TestFailure['mismatches'][number] | undefined;
    for (let i = 0; i < claims.length; i++) {
      for (let j = i + 1; j < claims.length; j++) {
        const [a, b] = [claims[i], claims[j]];
        if (a.event === b.event) continue;
        const both = `rule "${a.id}" (pack ${a.pack}) gives ${a.event ?? 'no event'}, rule "${b.id}" (pack ${b.pack}) gives ${b.event ?? 'no event'}`;
        if (a.priority !== b.priority) overlaps.push(`${both} (priority ${a.priority} decides before ${b.priority})`);
        else conflict ??= { key: 'packs agree', expected: 'one event for this line whichever pack of the same priority decides it', got: both };
      }
    }
    return { conflict, overlaps };
  }

  runSequence(s: PackSequence, at: Where, decided: Set<string>): TestFailure | undefined {
    const pod = { ...DEFAULT_POD, ...s.pod };
    const { records, pipeline } = this.run(splitLines(s.input), pod);
    for (const r of records) if (!r.synthetic) decided.add(r.rule);
    const failure: TestFailure = { ...at, input: s.input, mismatches: [] };
    const snapshots = pipeline.pods.snapshot(CLOCK_MS);
    const snap = snapshots.length === 1 ? snapshots[0] : snapshots.find((p) => p.pod.namespace === pod.namespace && p.pod.pod === pod.pod && p.pod.container === pod.container);
    const e = s.expect;
    for (const [event, want] of Object.entries(e.counts ?? {})) {
      const got = snap?.totals[event as keyof typeof snap.totals] ?? 0;
      if (want !== undefined && got !== want) failure.mismatches.push({ key: `counts.${event}`, expected: String(want), got: String(got) });
    }
    const loop = snap?.loop ?? { active: false };
    if (e.loop && e.loop.active !== loop.active) failure.mismatches.push({ key: 'loop.active', expected: String(e.loop.active), got: String(loop.active) });
    if (e.loop?.cause !== undefined && e.loop.cause !== loop.cause) failure.mismatches.push({ key: 'loop.cause', expected: e.loop.cause, got: loop.cause ?? 'none' });
    if (e.hint !== undefined && !(loop.hint ?? '').includes(e.hint)) failure.mismatches.push({ key: 'hint', expected: `contains ${JSON.stringify(e.hint)}`, got: JSON.stringify(loop.hint ?? '') });
    if (snap) {
      const totals = Object.entries(snap.totals).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
      failure.got = `pod ${snap.pod.namespace}/${snap.pod.pod}: ${totals || 'no events'}; loop ${loop.active ? `active, ${loop.cause}` : 'inactive'}`;
    } else failure.got = 'no pod state: no line gave a lifecycle event';
    return failure.mismatches.length ? failure : undefined;
  }
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
