import type { LifecycleEvent, PodIdentity } from '../model/record.js';

export interface PodStateOptions {
  /** Sliding windows in ms, with their labels for metrics (`1m`). */
  windows: { label: string; ms: number }[];
  loop: { windowMs: number; minRestarts: number; quietPeriodMs: number };
  maxPods: number;
  idleTimeoutMs: number;
}

export type EventCounts = Record<LifecycleEvent, number>;

export interface LoopState {
  active: boolean;
  /** When the loop was declared (pod clock, ms). */
  sinceMs?: number;
  /** Likely cause key: `starved_workers`, `oom`, `app_error`, `crash_loop`, `unknown`. */
  cause?: string;
  /** One-line hint: what it probably is and what to check. */
  hint?: string;
  /** What was seen, e.g. "6 worker timeouts, 6 kills, 7 boots in 5m". */
  evidence?: string;
}

export interface PodSnapshot {
  pod: PodIdentity;
  totals: EventCounts;
  /** One entry per configured window, same order. */
  windows: { label: string; counts: EventCounts }[];
  loop: LoopState;
  lastSeenMs: number;
}

/** A loop declared or cleared; the pipeline turns a start into one synthesized signal record. */
export interface LoopTransition {
  pod: PodIdentity;
  kind: 'start' | 'clear';
  atMs: number;
  state: LoopState;
}

/**
 * Per-pod lifecycle counters: monotonic totals and sliding-window counts on each pod's own
 * clock (event time, advanced by arrival time when the pod is quiet), robust to out-of-order
 * and skewed timestamps; restart-loop detection; bounded by maxPods (evicts the idlest) and
 * idleTimeout.
 */
export class PodStateStore {
  constructor(readonly opts: PodStateOptions) {}

  /** Counts one lifecycle event. Returns a transition when this event starts a loop. */
  observe(pod: PodIdentity, event: LifecycleEvent, eventTimeMs: number, nowMs: number): LoopTransition | undefined {
    void pod; void event; void eventTimeMs; void nowMs;
    return undefined;
  }

  /** Notes evidence that is not an event (a traceback) and keeps the pod alive. */
  noteTraceback(pod: PodIdentity, eventTimeMs: number, nowMs: number): void {
    void pod; void eventTimeMs; void nowMs;
  }

  /** Clears quiet loops and expires idle pods. */
  tick(nowMs: number): LoopTransition[] {
    void nowMs;
    return [];
  }

  snapshot(nowMs: number): PodSnapshot[] {
    void nowMs;
    return [];
  }

  get size(): number {
    return 0;
  }

  get activeLoops(): number {
    return 0;
  }
}
