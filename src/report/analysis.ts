import { LIFECYCLE_EVENTS, type LifecycleEvent, type LogRecord, type PodIdentity, type Relevance } from '../model/record.js';
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

interface Acc<T> {
  entry: T;
  firstMs: number;
  lastMs: number;
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
  private readonly loops: AnalysisDocument['loops'] = [];
  private readonly podsSeen = new Map<string, { pod: PodIdentity; records: number; signals: number }>();
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
    this.byRelevance[r.relevance]++;
    this.countPod(r);
    if (r.timeFromSource && !r.synthetic) {
      if (r.timeMs < this.firstMs) this.firstMs = r.timeMs;
      if (r.timeMs > this.lastMs) this.lastMs = r.timeMs;
    }
    if (r.synthetic) {
      this.loops.push({
        namespace: r.pod.namespace, pod: r.pod.pod, container: r.pod.container, at: iso(r.timeMs),
        cause: r.attributes?.['logsift.loop.cause'] as string | undefined,
        evidence: r.attributes?.['logsift.loop.evidence'] as string | undefined,
        hint: r.attributes?.['logsift.loop.hint'] as string | undefined,
      });
      return;
    }
    if (r.relevance === 'signal') this.track(this.signals, r, () => ({
      template: r.template, templateId: r.templateId, count: 0, first: '', last: '',
      severityText: r.severityText, event: r.event, rule: r.rule, reason: r.reason, example: example(r.body),
    }));
    else if (r.relevance === 'noise') this.track(this.noise, r, () => ({
      template: r.template, templateId: r.templateId, count: 0, reason: r.reason ?? r.rule, rule: r.rule, example: example(r.body),
    }));
  }

  private countPod(r: LogRecord): void {
    const key = podKey(r.pod);
    let p = this.podsSeen.get(key);
    if (!p) {
      if (this.podsSeen.size >= this.maxTemplates) return;
      p = { pod: r.pod, records: 0, signals: 0 };
      this.podsSeen.set(key, p);
    }
    if (r.synthetic) return;
    p.records++;
    if (r.relevance === 'signal') p.signals++;
  }

  private track<T extends { count: number }>(map: Map<string, Acc<T>>, r: LogRecord, create: () => T): void {
    let acc = map.get(r.templateId);
    if (!acc) {
      if (map.size >= this.maxTemplates) {
        this.omitted++;
        return;
      }
      acc = { entry: create(), firstMs: r.timeMs, lastMs: r.timeMs };
      map.set(r.templateId, acc);
    }
    acc.entry.count++;
    if (r.timeMs < acc.firstMs) acc.firstMs = r.timeMs;
    if (r.timeMs > acc.lastMs) acc.lastMs = r.timeMs;
  }

  /** Every pod seen, with its lifecycle counts where the state store still tracks it. */
  private podReports(snapshots: PodSnapshot[]): PodReport[] {
    const byKey = new Map(snapshots.map((s) => [podKey(s.pod), s]));
    const out: PodReport[] = [];
    for (const [key, seen] of this.podsSeen) out.push(podReport(seen.pod, seen, byKey.get(key)));
    for (const [key, s] of byKey) if (!this.podsSeen.has(key)) out.push(podReport(s.pod, undefined, s));
    return out;
  }

  document(pods: PodSnapshot[]): AnalysisDocument {
    const signals = [...this.signals.values()]
      .map((a) => ({ ...a.entry, first: iso(a.firstMs), last: iso(a.lastMs) }))
      .sort((a, b) => b.count - a.count || a.first.localeCompare(b.first));
    const noise = [...this.noise.values()].map((a) => a.entry).sort((a, b) => b.count - a.count);
    return {
      summary: {
        records: this.records,
        lines: this.lines,
        byRelevance: { ...this.byRelevance },
        timeRange: Number.isFinite(this.firstMs) ? { first: iso(this.firstMs), last: iso(this.lastMs) } : {},
        templates: { signal: this.signals.size, noise: this.noise.size, omitted: this.omitted },
      },
      pods: this.podReports(pods).sort((a, b) => Number(b.restartLoop.active) - Number(a.restartLoop.active) || a.pod.localeCompare(b.pod)),
      loops: this.loops,
      signals,
      noise,
    };
  }
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
  return body.length > EXAMPLE_MAX_CHARS ? body.slice(0, EXAMPLE_MAX_CHARS) + '…' : body;
}
