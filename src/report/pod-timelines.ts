import { LIFECYCLE_EVENTS, type LifecycleEvent, type LogRecord, type PodIdentity } from '../model/record.js';
import { sustainsLoop } from '../state/event-lanes.js';
import { flatCopy } from '../model/flat-copy.js';
import { podKey } from '../state/pod-key.js';
import { TimeHistogram, type TimeBucket } from './time-histogram.js';

export interface TimelineOptions {
  /** Pods with a timeline at most; later pods are only counted. */
  maxPods: number;
  /** Signal-free time after which the next signal is marked as an onset. */
  quietMs: number;
  /** Buckets per event lane before they coarsen. */
  maxBuckets: number;
  /** Loop spans and onsets kept per pod. */
  maxSpans: number;
  maxOnsets: number;
}

export interface LoopSpan {
  startMs: number;
  /** The loop's last failure, or the pod's last record when the loop was still active at the end. */
  endMs: number;
  /** Still active when the input ended. */
  open: boolean;
  evidence?: string;
}

/** The first signal of a pod, or the first after `quietMs` without one. */
export interface Onset {
  timeMs: number;
  /** How long the pod had been without a signal; undefined for its first. */
  quietMs?: number;
  example: string;
}

export interface Lane {
  event: LifecycleEvent;
  total: number;
  /** Bucket width: 1 ms means exact event times. */
  widthMs: number;
  buckets: TimeBucket[];
}

export interface PodTimeline {
  pod: PodIdentity;
  firstMs: number;
  lastMs: number;
  lanes: Lane[];
  loops: LoopSpan[];
  onsets: Onset[];
  /** Onsets past maxOnsets, counted only. */
  moreOnsets: number;
}

interface OpenSpan {
  startMs: number;
  lastFailureMs: number;
  evidence?: string;
}

interface Entry {
  pod: PodIdentity;
  firstMs: number;
  lastMs: number;
  /** Newest time a line of this pod carried; lines without one are placed there. */
  lastSourceMs?: number;
  lanes: Partial<Record<LifecycleEvent, TimeHistogram>>;
  spans: OpenSpan[];
  onsets: Onset[];
  moreOnsets: number;
  lastSignalMs?: number;
}

const EXAMPLE_CHARS = 300;
export const DEFAULT_TIMELINE_OPTIONS: TimelineOptions = { maxPods: 1000, quietMs: 600_000, maxBuckets: 120, maxSpans: 16, maxOnsets: 8 };

/**
 * Per-pod event times for the HTML report's timelines, bounded: a fixed number of pods, each
 * event lane a TimeHistogram, capped lists of loop spans and onsets. Fed the same records as the
 * Analysis, in arrival order, on event time.
 */
export class PodTimelines {
  private readonly pods = new Map<string, Entry>();
  private readonly byPodObject = new Map<PodIdentity, Entry>();
  /** Records of pods past maxPods. */
  omittedRecords = 0;
  private readonly omittedPods = new Set<string>();
  private readonly opts: TimelineOptions;

  constructor(opts: Partial<TimelineOptions> = {}) {
    this.opts = { ...DEFAULT_TIMELINE_OPTIONS, ...opts };
  }

  /** Pods seen past the cap (counted up to the cap again, then no more). */
  get omittedPodCount(): number {
    return this.omittedPods.size;
  }

  add(r: LogRecord): void {
    let p = this.byPodObject.get(r.pod);
    if (p === undefined) p = this.entry(r);
    if (p === undefined) return;
    const t = this.place(p, r);
    if (r.synthetic) {
      if (p.spans.length >= this.opts.maxSpans) p.spans.shift();
      p.spans.push({ startMs: t, lastFailureMs: t, evidence: r.attributes?.['logsift.loop.evidence'] as string | undefined });
      return;
    }
    if (r.event) {
      (p.lanes[r.event] ??= new TimeHistogram(this.opts.maxBuckets)).add(t);
      const span = p.spans[p.spans.length - 1];
      if (span && sustainsLoop(r.event) && t > span.lastFailureMs) span.lastFailureMs = t;
    }
    if (r.relevance === 'signal') this.noteSignal(p, r, t);
  }

  /** The pod's entry by its key (a new one while under maxPods), remembered for its object. */
  private entry(r: LogRecord): Entry | undefined {
    const key = podKey(r.pod);
    let p = this.pods.get(key);
    if (!p) {
      if (this.pods.size >= this.opts.maxPods) {
        this.omittedRecords++;
        if (this.omittedPods.size < this.opts.maxPods) this.omittedPods.add(key);
        return undefined;
      }
      p = { pod: r.pod, firstMs: Infinity, lastMs: -Infinity, lanes: {}, spans: [], onsets: [], moreOnsets: 0 };
      this.pods.set(key, p);
    }
    // Pods are shared objects (interned by the decoder): found by identity next time.
    if (this.byPodObject.size >= this.opts.maxPods) this.byPodObject.clear();
    this.byPodObject.set(r.pod, p);
    return p;
  }

  /**
   * Event time for the timeline. A line without a timestamp of its own (a warning's echoed source
   * line, a bare traceback) carries the arrival time; it goes where the pod's last timestamped
   * line was, so one undated line cannot stretch the axis from the incident to today.
   */
  private place(p: Entry, r: LogRecord): number {
    let t = r.timeMs;
    if (r.timeFromSource) {
      if (p.lastSourceMs === undefined || t > p.lastSourceMs) p.lastSourceMs = t;
    } else if (p.lastSourceMs !== undefined) {
      t = p.lastSourceMs;
    }
    if (t < p.firstMs) p.firstMs = t;
    if (t > p.lastMs) p.lastMs = t;
    return t;
  }

  private noteSignal(p: Entry, r: LogRecord, t: number): void {
    const last = p.lastSignalMs;
    if (last === undefined || t - last >= this.opts.quietMs) {
      if (p.onsets.length < this.opts.maxOnsets) {
        const first = r.body.split('\n', 1)[0];
        p.onsets.push({
          timeMs: t,
          ...(last === undefined ? {} : { quietMs: t - last }),
          example: flatCopy(first.length > EXAMPLE_CHARS ? first.slice(0, EXAMPLE_CHARS) + '…' : first),
        });
      } else {
        p.moreOnsets++;
      }
    }
    if (last === undefined || t > last) p.lastSignalMs = t;
  }

  /** Every pod's timeline; `loopActive` says whether a pod's loop was still active at the end. */
  result(loopActive: (pod: PodIdentity) => boolean): PodTimeline[] {
    const out: PodTimeline[] = [];
    for (const p of this.pods.values()) {
      const active = loopActive(p.pod);
      const loops = p.spans.map((s, i): LoopSpan => {
        const next = p.spans[i + 1];
        const open = next === undefined && active;
        const endMs = open ? p.lastMs : next !== undefined ? Math.min(s.lastFailureMs, next.startMs) : s.lastFailureMs;
        return { startMs: s.startMs, endMs: Math.max(endMs, s.startMs), open, ...(s.evidence ? { evidence: s.evidence } : {}) };
      });
      const lanes: Lane[] = [];
      for (const event of LIFECYCLE_EVENTS) {
        const h = p.lanes[event];
        if (h) lanes.push({ event, total: h.total, widthMs: h.widthMs, buckets: h.entries() });
      }
      out.push({ pod: p.pod, firstMs: p.firstMs, lastMs: p.lastMs, lanes, loops, onsets: p.onsets, moreOnsets: p.moreOnsets });
    }
    return out;
  }
}
