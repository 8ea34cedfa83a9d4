import { LIFECYCLE_EVENTS, type LifecycleEvent, type LogRecord, type PodIdentity, type Relevance } from '../model/record.js';
import { flatCopy } from '../model/flat-copy.js';
import { podKey } from '../state/pod-key.js';
import type { PodSnapshot } from '../state/pod-state-store.js';
import { PodTimelines, type PodTimeline, type TimelineOptions } from './pod-timelines.js';

const EXAMPLE_MAX_CHARS = 2000;

export interface SignalEntry {
  template: string;
  templateId: string;
  count: number;
  first: string;
  last: string;
  severityText: string;
  event?: LifecycleEvent;
  rule: string;
  reason?: string;
  example: string;
}

export interface NoiseEntry {
  template: string;
  templateId: string;
  count: number;
  reason: string;
  rule: string;
  example: string;
}

export interface PodReport {
  namespace: string;
  pod: string;
  container: string;
  records: number;
  signals: number;
  events: Record<LifecycleEvent, number>;
  restartLoop: { active: boolean; since?: string; cause?: string; hint?: string; evidence?: string; lastSignals?: string[] };
}

export interface AnalysisDocument {
  summary: {
    records: number;
    lines: number;
    byRelevance: Record<Relevance, number>;
    timeRange: { first?: string; last?: string };
    templates: { signal: number; noise: number; omitted: number };
  };
  pods: PodReport[];
  /** Restart loops declared while reading, in order (the synthesized records). */
  loops: { namespace: string; pod: string; container: string; at: string; cause?: string; evidence?: string; hint?: string }[];
  signals: SignalEntry[];
  noise: NoiseEntry[];
}

export interface Acc<T> {
  entry: T;
  firstMs: number;
  lastMs: number;
}

/**
 * One Analysis's accumulators as plain data: what a pipeline worker sends back, so the report of
 * several workers (each with its own pods) is their parts merged. `document` of one part is the
 * in-thread report; of several, the same report over all pods.
 */
export interface AnalysisPart {
  records: number;
  lines: number;
  byRelevance: Record<Relevance, number>;
  firstMs: number;
  lastMs: number;
  omitted: number;
  maxTemplates: number;
  loops: (AnalysisDocument['loops'][number] & { atMs: number })[];
  pods: { key: string; pod: PodIdentity; records: number; signals: number }[];
  signals: Acc<SignalEntry>[];
  noise: Acc<NoiseEntry>[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Aggregates a post-mortem: signals and noise deduplicated by template (bounded: templates past
 * the cap are counted in `omitted`), counts by relevance and the time range.
 */
export class Analysis {
  private readonly signals = new Map<string, Acc<SignalEntry>>();
  private readonly noise = new Map<string, Acc<NoiseEntry>>();
  private readonly byRelevance: Record<Relevance, number> = { signal: 0, context: 0, noise: 0 };
  private readonly loops: AnalysisPart['loops'] = [];
  private readonly podsSeen = new Map<string, { pod: PodIdentity; records: number; signals: number }>();
  private readonly byPodObject = new Map<PodIdentity, { pod: PodIdentity; records: number; signals: number }>();
  private records = 0;
  private lines = 0;
  private omitted = 0;
  private firstMs = Infinity;
  private lastMs = -Infinity;

  /** Per-pod event times for the HTML timelines (bounded; see PodTimelines). */
  private readonly podTimelines: PodTimelines;

  constructor(
    private readonly maxTemplates = 5000,
    timelines: Partial<TimelineOptions> = {},
  ) {
    this.podTimelines = new PodTimelines(timelines);
  }

  add(records: LogRecord[]): void {
    for (const r of records) {
      this.addOne(r);
      this.podTimelines.add(r);
    }
  }

  /** Per-pod timelines; a loop still active in the final snapshot stays open to the pod's last record. */
  timelines(pods: PodSnapshot[]): { pods: PodTimeline[]; omittedPods: number; omittedRecords: number } {
    const active = new Set(pods.filter((p) => p.loop.active).map((p) => podKey(p.pod)));
    return {
      pods: this.podTimelines.result((pod) => active.has(podKey(pod))),
      omittedPods: this.podTimelines.omittedPodCount,
      omittedRecords: this.podTimelines.omittedRecords,
    };
  }

  private addOne(r: LogRecord): void {
    this.records++;
    this.lines += r.lineCount;
    // Named stores: `byRelevance[r.relevance]++` is a megamorphic keyed access (model/record.ts relevanceOrder).
    const relevance = r.relevance;
    if (relevance === 'noise') this.byRelevance.noise++;
    else if (relevance === 'context') this.byRelevance.context++;
    else this.byRelevance.signal++;
    this.countPod(r);
    if (r.timeFromSource && !r.synthetic) {
      if (r.timeMs < this.firstMs) this.firstMs = r.timeMs;
      if (r.timeMs > this.lastMs) this.lastMs = r.timeMs;
    }
    if (r.synthetic) {
      this.loops.push({
        namespace: r.pod.namespace, pod: r.pod.pod, container: r.pod.container, at: iso(r.timeMs), atMs: r.timeMs,
        cause: r.attributes?.['logsift.loop.cause'] as string | undefined,
        evidence: r.attributes?.['logsift.loop.evidence'] as string | undefined,
        hint: r.attributes?.['logsift.loop.hint'] as string | undefined,
      });
      return;
    }
    // The entry is built only for a template's first record (no closure per record).
    if (r.relevance === 'signal') {
      if (!this.count(this.signals, r)) this.first(this.signals, r, {
        template: r.template, templateId: r.templateId, count: 1, first: '', last: '',
        severityText: r.severityText, event: r.event, rule: r.rule, reason: r.reason, example: example(r.body),
      });
    } else if (r.relevance === 'noise') {
      if (!this.count(this.noise, r)) this.first(this.noise, r, {
        template: r.template, templateId: r.templateId, count: 1, reason: r.reason ?? r.rule, rule: r.rule, example: example(r.body),
      });
    }
  }

  private countPod(r: LogRecord): void {
    // Pods are shared objects (interned by the decoder): found by identity, without a key string.
    let p = this.byPodObject.get(r.pod);
    if (p === undefined) {
      const key = podKey(r.pod);
      p = this.podsSeen.get(key);
      if (!p) {
        if (this.podsSeen.size >= this.maxTemplates) return;
        p = { pod: r.pod, records: 0, signals: 0 };
        this.podsSeen.set(key, p);
      }
      if (this.byPodObject.size >= this.maxTemplates) this.byPodObject.clear();
      this.byPodObject.set(r.pod, p);
    }
    if (r.synthetic) return;
    p.records++;
    if (r.relevance === 'signal') p.signals++;
  }

  /** Counts the record on its template's entry; false when the template has none yet. */
  private count<T extends { count: number }>(map: Map<string, Acc<T>>, r: LogRecord): boolean {
    const acc = map.get(r.templateId);
    if (acc === undefined) return false;
    acc.entry.count++;
    if (r.timeMs < acc.firstMs) acc.firstMs = r.timeMs;
    if (r.timeMs > acc.lastMs) acc.lastMs = r.timeMs;
    return true;
  }

  private first<T>(map: Map<string, Acc<T>>, r: LogRecord, entry: T): void {
    if (map.size >= this.maxTemplates) {
      this.omitted++;
      return;
    }
    map.set(r.templateId, { entry, firstMs: r.timeMs, lastMs: r.timeMs });
  }


  /** The accumulators as plain data (see AnalysisPart). */
  part(): AnalysisPart {
    return {
      records: this.records,
      lines: this.lines,
      byRelevance: { ...this.byRelevance },
      firstMs: this.firstMs,
      lastMs: this.lastMs,
      omitted: this.omitted,
      maxTemplates: this.maxTemplates,
      loops: this.loops,
      pods: [...this.podsSeen].map(([key, p]) => ({ key, ...p })),
      signals: [...this.signals.values()],
      noise: [...this.noise.values()],
    };
  }

  document(pods: PodSnapshot[]): AnalysisDocument {
    return Analysis.document([this.part()], pods);
  }

  /**
   * The report over several parts (pipeline workers own disjoint pods). Templates seen by several
   * parts add up; the example and the decision shown are those of the part that saw the template
   * first on event time.
   */
  static document(parts: AnalysisPart[], pods: PodSnapshot[]): AnalysisDocument {
    const byRelevance: Record<Relevance, number> = { signal: 0, context: 0, noise: 0 };
    let records = 0;
    let lines = 0;
    let omitted = 0;
    let firstMs = Infinity;
    let lastMs = -Infinity;
    const signals = new Map<string, Acc<SignalEntry>>();
    const noise = new Map<string, Acc<NoiseEntry>>();
    const seen = new Map<string, { pod: PodIdentity; records: number; signals: number }>();
    const loops: AnalysisPart['loops'] = [];
    for (const p of parts) {
      records += p.records;
      lines += p.lines;
      omitted += p.omitted;
      for (const r of RELEVANCES) byRelevance[r] += p.byRelevance[r];
      if (p.firstMs < firstMs) firstMs = p.firstMs;
      if (p.lastMs > lastMs) lastMs = p.lastMs;
      loops.push(...p.loops);
      for (const s of p.pods) if (!seen.has(s.key)) seen.set(s.key, s);
      mergeAccs(signals, p.signals, p.maxTemplates);
      mergeAccs(noise, p.noise, p.maxTemplates);
    }
    if (parts.length > 1) loops.sort((a, b) => a.atMs - b.atMs || a.pod.localeCompare(b.pod));
    return {
      summary: {
        records,
        lines,
        byRelevance,
        timeRange: Number.isFinite(firstMs) ? { first: iso(firstMs), last: iso(lastMs) } : {},
        templates: { signal: signals.size, noise: noise.size, omitted },
      },
      pods: podReports(seen, pods).sort((a, b) => Number(b.restartLoop.active) - Number(a.restartLoop.active) || a.pod.localeCompare(b.pod)),
      loops: loops.map(({ atMs: _, ...l }) => l),
      signals: [...signals.values()]
        .map((a) => ({ ...a.entry, first: iso(a.firstMs), last: iso(a.lastMs) }))
        .sort((a, b) => b.count - a.count || a.first.localeCompare(b.first)),
      noise: [...noise.values()].map((a) => a.entry).sort((a, b) => b.count - a.count),
    };
  }
}

const RELEVANCES: Relevance[] = ['signal', 'context', 'noise'];

/** Adds one part's template accumulators (copied: parts are not changed). */
function mergeAccs<T extends { count: number }>(into: Map<string, Acc<T>>, accs: Acc<T>[], maxTemplates: number): void {
  for (const a of accs) {
    const id = (a.entry as unknown as { templateId: string }).templateId;
    const have = into.get(id);
    if (have === undefined) {
      if (into.size < maxTemplates) into.set(id, { entry: { ...a.entry }, firstMs: a.firstMs, lastMs: a.lastMs });
      continue;
    }
    const count = have.entry.count + a.entry.count;
    if (a.firstMs < have.firstMs) {
      have.entry = { ...a.entry };
      have.firstMs = a.firstMs;
    }
    have.entry.count = count;
    if (a.lastMs > have.lastMs) have.lastMs = a.lastMs;
  }
}

/** Every pod seen, with its lifecycle counts where the state store still tracks it. */
function podReports(seen: Map<string, { pod: PodIdentity; records: number; signals: number }>, snapshots: PodSnapshot[]): PodReport[] {
  const byKey = new Map(snapshots.map((s) => [podKey(s.pod), s]));
  const out: PodReport[] = [];
  for (const [key, p] of seen) out.push(podReport(p.pod, p, byKey.get(key)));
  for (const [key, s] of byKey) if (!seen.has(key)) out.push(podReport(s.pod, undefined, s));
  return out;
}

function podReport(pod: PodIdentity, seen: { records: number; signals: number } | undefined, s: PodSnapshot | undefined): PodReport {
  const loop = s?.loop ?? { active: false };
  return {
    namespace: pod.namespace,
    pod: pod.pod,
    container: pod.container,
    records: seen?.records ?? 0,
    signals: seen?.signals ?? 0,
    events: s ? { ...s.totals } : zeroCounts(),
    restartLoop: {
      active: loop.active,
      ...(loop.sinceMs !== undefined ? { since: iso(loop.sinceMs) } : {}),
      ...(loop.cause ? { cause: loop.cause } : {}),
      ...(loop.hint ? { hint: loop.hint } : {}),
      ...(loop.evidence ? { evidence: loop.evidence } : {}),
      ...(loop.lastSignals && loop.lastSignals.length > 0 ? { lastSignals: loop.lastSignals } : {}),
    },
  };
}

function zeroCounts(): Record<LifecycleEvent, number> {
  return Object.fromEntries(LIFECYCLE_EVENTS.map((e) => [e, 0])) as Record<LifecycleEvent, number>;
}

function example(body: string): string {
  return flatCopy(body.length > EXAMPLE_MAX_CHARS ? body.slice(0, EXAMPLE_MAX_CHARS) + '…' : body);
}
