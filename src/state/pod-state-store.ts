import { LIFECYCLE_EVENTS, type LifecycleEvent, type PodIdentity } from '../model/record.js';
import { ERROR_LANE, EVENT_LANE, EVENT_LANE_COUNT, LANE_COUNT, RESTART_LANE, SATURATION_LANE, TRACEBACK_LANE } from './event-lanes.js';
import type { InstanceEvidence } from './container-instances.js';
import type { LoopCause } from './loop-cause.js';
import { PodClock } from './pod-clock.js';
import { podKey } from './pod-key.js';
import { RestartLoopDetector, emptyEvidence, type PodEvidence } from './restart-loop-detector.js';
import { SlidingWindowCounter, bucketLayout, type BucketLayout } from './sliding-window-counter.js';
import {
  CHECKPOINT_FORMAT, CHECKPOINT_VERSION, CheckpointRefused, finiteOr, type PodCheckpoint, type PodStateCheckpoint,
} from './pod-state-checkpoint.js';

export interface PodStateOptions {
  /** Sliding windows in ms, with their labels for metrics (`1m`). */
  windows: { label: string; ms: number }[];
  loop: { windowMs: number; minRestarts: number; quietPeriodMs: number };
  maxPods: number;
  idleTimeoutMs: number;
  /** A rule pack's own hint for a loop cause; without it every loop gets the generic hints. */
  hintFor?: (pack: string, cause: LoopCause) => string | undefined;
}

export type EventCounts = Record<LifecycleEvent, number>;

export interface LoopState {
  active: boolean;
  /** When the loop was declared (pod clock, ms): the time of the restart that crossed the threshold. */
  sinceMs?: number;
  /** Likely cause key: `starved_workers`, `oom`, `app_error`, `probe`, `crash_loop`, `unknown`. */
  cause?: string;
  /** One-line hint: what it probably is and what to check. */
  hint?: string;
  /** The rule pack whose hint this is (the pack whose rules evidenced the cause); absent: the generic hint. */
  pack?: string;
  /** What was seen, e.g. "6 worker timeouts, 6 kills, 7 boots in 5m". */
  evidence?: string;
  /** When the loop includes container restarts: the last signal records before the newest one (their messages). */
  lastSignals?: string[];
}

export interface PodSnapshot {
  pod: PodIdentity;
  totals: EventCounts;
  /** One entry per configured window, same order. */
  windows: { label: string; counts: EventCounts }[];
  loop: LoopState;
  /** Arrival time (ms) of the pod's latest event or traceback. */
  lastSeenMs: number;
}

/** A loop declared or cleared; the pipeline turns a start into one synthesized signal record. */
export interface LoopTransition {
  pod: PodIdentity;
  kind: 'start' | 'clear';
  atMs: number;
  /** For a clear: the loop's last cause, hint and evidence, with active false. */
  state: LoopState;
}

interface PodEntry {
  readonly key: string;
  readonly pod: PodIdentity;
  readonly clock: PodClock;
  readonly loop: RestartLoopDetector;
  readonly counter: SlidingWindowCounter;
  readonly totals: Float64Array;
  readonly evidence: PodEvidence;
  lastArrivalMs: number;
}

/**
 * Per-pod lifecycle counters: monotonic totals and sliding-window counts on each pod's own
 * clock (event time, advanced by arrival time when the pod is quiet), robust to out-of-order
 * and skewed timestamps; restart-loop detection; bounded by maxPods (evicts the idlest) and
 * idleTimeout.
 *
 * Time rules are in PodClock, window precision in SlidingWindowCounter (exact to one bucket,
 * 5 s with the default windows), restart and loop rules in RestartLoopDetector, causes in
 * loop-cause.ts.
 *
 * Loops clear in `tick`, or in `observe` when a pod's clock has jumped past the quiet period
 * (a replayed file with an hour's gap): that clear is queued and returned by the next `tick`, so
 * `observe` only ever returns starts.
 *
 * Bounds: the pod map is kept in arrival order (a touched pod is moved to the end), so the first
 * entry is the idlest — eviction at the cap and idle expiry are O(1) per pod removed. A pod
 * evicted at the cap simply disappears, even with an active loop: no clear transition, and its
 * series leave the next snapshot. A pod expired by `tick` with an active loop yields a clear.
 * Memory per pod is fixed: (buckets × LANE_COUNT × 4 + buckets × 8) bytes, about 11 kB with the
 * default windows (181 buckets of 5 s, 13 lanes), plus one pack name per lane and at most three
 * short notes of what a container printed before its newest restart.
 */
export class PodStateStore {
  private readonly pods = new Map<string, PodEntry>();
  private readonly active = new Set<PodEntry>();
  /** Clears found while observing (a pod's clock jumped past its quiet period); tick returns them. */
  private pending: LoopTransition[] = [];
  private readonly layout: BucketLayout;
  private readonly scratch = new Uint32Array(LANE_COUNT);
  private newest: PodEntry | undefined;

  constructor(readonly opts: PodStateOptions) {
    validateOptions(opts);
    this.layout = bucketLayout([...opts.windows.map((w) => w.ms), opts.loop.windowMs], LANE_COUNT);
  }

  /**
   * Counts one lifecycle event; `pack` is the rule pack whose rule said so (its hints speak for
   * the loop). Returns a transition when this event starts a loop.
   */
  observe(pod: PodIdentity, event: LifecycleEvent, eventTimeMs: number, nowMs: number, pack?: string, fallback = false): LoopTransition | undefined {
    const lane = EVENT_LANE[event] as number | undefined;
    if (lane === undefined) return undefined;
    const p = this.touch(pod, eventTimeMs, nowMs);
    return this.count(p, lane, event, p.clock.place(eventTimeMs, nowMs), nowMs, pack, fallback);
  }

  /**
   * Counts a new container instance of the pod (a `restart`) at the time of its first line, with
   * what the instance before it left: its last signal records, and whether one was an error.
   */
  observeRestart(pod: PodIdentity, eventTimeMs: number, nowMs: number, before: InstanceEvidence | undefined): LoopTransition | undefined {
    const p = this.touch(pod, eventTimeMs, nowMs);
    const atMs = p.clock.place(eventTimeMs, nowMs);
    if (before !== undefined) {
      p.evidence.lastSignals = before.lastSignals;
      if (before.error) {
        p.counter.add(ERROR_LANE, atMs, p.clock.at(nowMs));
        p.evidence.packs[ERROR_LANE] = before.errorPack;
      }
    }
    return this.count(p, EVENT_LANE.restart, 'restart', atMs, nowMs, undefined, false);
  }

  /** A supervisor starting a child again (a rule's `evidence: respawn`): a restart after a failure. */
  observeRespawn(pod: PodIdentity, eventTimeMs: number, nowMs: number): LoopTransition | undefined {
    const p = this.touch(pod, eventTimeMs, nowMs);
    const atMs = p.clock.place(eventTimeMs, nowMs);
    const clockMs = p.clock.at(nowMs);
    this.clearIfQuiet(p, clockMs, this.pending);
    if (!p.loop.noteRespawn(clockMs)) return undefined;
    return this.restarted(p, atMs, clockMs);
  }

  private count(p: PodEntry, lane: number, event: LifecycleEvent, atMs: number, nowMs: number, pack: string | undefined, fallback: boolean): LoopTransition | undefined {
    const clockMs = p.clock.at(nowMs);
    this.clearIfQuiet(p, clockMs, this.pending);
    p.totals[lane]++;
    p.counter.add(lane, atMs, clockMs);
    notePack(p, lane, pack, fallback);
    const restart = p.loop.noteEvent(event, atMs, clockMs);
    if (!restart) return undefined;
    return this.restarted(p, atMs, clockMs);
  }

  private restarted(p: PodEntry, atMs: number, clockMs: number): LoopTransition | undefined {
    p.counter.add(RESTART_LANE, atMs, clockMs);
    // Dated by the restart that crossed the threshold, not by the arrival-advanced clock, so a
    // replayed file reports the same start as the live service did.
    const state = p.loop.tryStart(clockMs, atMs);
    if (state === undefined) return undefined;
    this.active.add(p);
    return { pod: p.pod, kind: 'start', atMs, state };
  }

  /** Notes a traceback (evidence that is not an event) and keeps the pod alive. */
  noteTraceback(pod: PodIdentity, eventTimeMs: number, nowMs: number, pack?: string): void {
    this.noteEvidence(TRACEBACK_LANE, pod, eventTimeMs, nowMs, pack);
  }

  /** Notes a line saying every worker is busy (a rule's `evidence: starved_workers`). */
  noteSaturation(pod: PodIdentity, eventTimeMs: number, nowMs: number, pack?: string): void {
    this.noteEvidence(SATURATION_LANE, pod, eventTimeMs, nowMs, pack);
  }

  private noteEvidence(lane: number, pod: PodIdentity, eventTimeMs: number, nowMs: number, pack: string | undefined): void {
    const p = this.touch(pod, eventTimeMs, nowMs);
    const atMs = p.clock.place(eventTimeMs, nowMs);
    const clockMs = p.clock.at(nowMs);
    p.counter.add(lane, atMs, clockMs);
    notePack(p, lane, pack, false);
    p.loop.noteEvidence(clockMs);
  }

  /** Clears quiet loops and expires idle pods. */
  tick(nowMs: number): LoopTransition[] {
    const out = this.pending;
    this.pending = [];
    for (const p of this.active) this.clearIfQuiet(p, p.clock.at(nowMs), out);
    for (const p of this.pods.values()) {
      if (nowMs - p.lastArrivalMs <= this.opts.idleTimeoutMs) break;
      if (p.loop.active) this.clearLoop(p, p.clock.at(nowMs), out);
      this.remove(p);
    }
    return out;
  }

  snapshot(nowMs: number): PodSnapshot[] {
    const out: PodSnapshot[] = [];
    for (const p of this.pods.values()) {
      const clockMs = p.clock.at(nowMs);
      const windows = this.opts.windows.map((w) => {
        p.counter.sumAll(w.ms, clockMs, this.scratch);
        return { label: w.label, counts: eventCounts(this.scratch) };
      });
      out.push({ pod: p.pod, totals: eventCounts(p.totals), windows, loop: p.loop.state, lastSeenMs: p.lastArrivalMs });
    }
    return out;
  }

  get size(): number {
    return this.pods.size;
  }

  get activeLoops(): number {
    return this.active.size;
  }

  /** Whether the pod is in a restart loop now (lifecycle lines are signals while it is). */
  isLooping(pod: PodIdentity): boolean {
    if (this.active.size === 0) return false;
    return this.pods.get(podKey(pod))?.loop.active === true;
  }

  /** Every tracked pod's state as plain data (idlest first), for a checkpoint on disk. */
  checkpoint(nowMs: number): PodStateCheckpoint {
    const pods: PodCheckpoint[] = [];
    for (const p of this.pods.values()) {
      const totals: Record<string, number> = {};
      for (const e of LIFECYCLE_EVENTS) if (p.totals[EVENT_LANE[e]] > 0) totals[e] = p.totals[EVENT_LANE[e]];
      pods.push({
        pod: { ...p.pod },
        totals,
        clock: p.clock.toData(),
        loop: p.loop.toData(),
        ring: p.counter.slots(),
        lastArrivalMs: p.lastArrivalMs,
      });
    }
    return {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      savedAtMs: nowMs,
      lanes: laneNames(),
      bucketWidthMs: this.layout.widthMs,
      buckets: this.layout.buckets,
      pods,
    };
  }

  /**
   * Loads a checkpoint into an empty store. Another format or version is refused whole
   * (CheckpointRefused); lanes are matched by name, so a checkpoint written with other lifecycle
   * events keeps what both know. Windows are restored only when the bucket layout is the same
   * (the windows config did not change); totals and loops always. A malformed pod is skipped.
   * Active loops come back active without a new announcement. Returns how much was restored.
   */
  restore(data: unknown, nowMs: number): { pods: number; windows: boolean; skipped: number } {
    const cp = data as Partial<PodStateCheckpoint> | null;
    if (typeof cp !== 'object' || cp === null || cp.format !== CHECKPOINT_FORMAT) throw new CheckpointRefused('not a logsift pod-state checkpoint');
    if (cp.version !== CHECKPOINT_VERSION) throw new CheckpointRefused(`checkpoint version ${String(cp.version)} is not ${CHECKPOINT_VERSION}`);
    if (!Array.isArray(cp.pods) || !Array.isArray(cp.lanes)) throw new CheckpointRefused('checkpoint without pods or lanes');
    const here = laneNames();
    const laneMap = cp.lanes.map((name) => here.indexOf(String(name)));
    const windows = cp.bucketWidthMs === this.layout.widthMs && cp.buckets === this.layout.buckets;
    let restored = 0;
    let skipped = 0;
    for (const pc of cp.pods.slice(-this.opts.maxPods)) {
      try {
        if (this.restorePod(pc, laneMap, windows, nowMs)) restored++;
        else skipped++;
      } catch {
        skipped++;
      }
    }
    return { pods: restored, windows, skipped };
  }

  private restorePod(pc: PodCheckpoint, laneMap: number[], windows: boolean, nowMs: number): boolean {
    const id = pc?.pod;
    const name = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 253;
    if (!id || !name(id.namespace) || !name(id.pod) || !name(id.container)) return false;
    const pod: PodIdentity = Object.freeze(id.node === undefined ? { namespace: id.namespace, pod: id.pod, container: id.container } : { namespace: id.namespace, pod: id.pod, container: id.container, node: String(id.node) });
    const key = podKey(pod);
    if (this.pods.has(key)) return false;
    const lastArrivalMs = finiteOr(pc.lastArrivalMs, nowMs);
    const clock = typeof pc.clock === 'object' && pc.clock !== null ? PodClock.fromData(pc.clock, nowMs) : new PodClock(nowMs, nowMs);
    const p = this.create(key, pod, nowMs, nowMs);
    (p as { clock: PodClock }).clock = clock;
    p.lastArrivalMs = lastArrivalMs;
    for (const e of LIFECYCLE_EVENTS) {
      const n = pc.totals?.[e];
      if (typeof n === 'number' && Number.isFinite(n) && n > 0) p.totals[EVENT_LANE[e]] = n;
    }
    if (windows && Array.isArray(pc.ring)) {
      for (const slot of pc.ring) if (Array.isArray(slot) && Array.isArray(slot[1])) p.counter.loadSlot(slot[0], slot[1], laneMap);
    }
    if (typeof pc.loop === 'object' && pc.loop !== null) p.loop.loadData(pc.loop);
    if (p.loop.active) this.active.add(p);
    return true;
  }

  /** Finds or creates the pod and marks it the most recently seen. */
  private touch(pod: PodIdentity, eventTimeMs: number, nowMs: number): PodEntry {
    const key = podKey(pod);
    let p = this.pods.get(key);
    if (p === undefined) {
      p = this.create(key, pod, eventTimeMs, nowMs);
    } else if (p !== this.newest) {
      this.pods.delete(key);
      this.pods.set(key, p);
    }
    p.lastArrivalMs = nowMs;
    this.newest = p;
    return p;
  }

  private create(key: string, pod: PodIdentity, eventTimeMs: number, nowMs: number): PodEntry {
    // At the cap the idlest pod's typed arrays are reused: a flood of pod names churns here.
    const evicted = this.pods.size >= this.opts.maxPods ? this.evictIdlest() : undefined;
    const counter = evicted?.counter ?? new SlidingWindowCounter(this.layout);
    const totals = evicted?.totals.fill(0) ?? new Float64Array(EVENT_LANE_COUNT);
    if (evicted) counter.reset();
    const evidence = emptyEvidence();
    const p: PodEntry = {
      key,
      pod,
      clock: new PodClock(eventTimeMs, nowMs),
      loop: new RestartLoopDetector({ ...this.opts.loop, hintFor: this.opts.hintFor }, counter, evidence),
      counter,
      totals,
      evidence,
      lastArrivalMs: nowMs,
    };
    this.pods.set(key, p);
    return p;
  }

  /** Drops the least recently seen pod and returns it. */
  private evictIdlest(): PodEntry | undefined {
    const first = this.pods.values().next();
    if (first.done) return undefined;
    this.remove(first.value);
    return first.value;
  }

  private remove(p: PodEntry): void {
    this.pods.delete(p.key);
    this.active.delete(p);
    if (this.newest === p) this.newest = undefined;
  }

  private clearIfQuiet(p: PodEntry, clockMs: number, out: LoopTransition[]): void {
    const endMs = p.loop.quietSince(clockMs);
    if (endMs !== undefined) this.clearLoop(p, endMs, out);
  }

  private clearLoop(p: PodEntry, atMs: number, out: LoopTransition[]): void {
    this.active.delete(p);
    const state = p.loop.clear(atMs);
    // Bounded even if nobody ticks: at most one pending clear per tracked pod's worth.
    if (out === this.pending && out.length >= this.opts.maxPods) out.shift();
    out.push({ pod: p.pod, kind: 'clear', atMs, state });
  }
}

/** Ring lanes by name, in ring order. */
function laneNames(): string[] {
  const names: string[] = new Array(LANE_COUNT);
  for (const e of LIFECYCLE_EVENTS) names[EVENT_LANE[e]] = e;
  names[RESTART_LANE] = 'derived:restart';
  names[TRACEBACK_LANE] = 'derived:traceback';
  names[ERROR_LANE] = 'derived:error-before-restart';
  names[SATURATION_LANE] = 'derived:saturation';
  return names;
}

function eventCounts(lanes: ArrayLike<number>): EventCounts {
  const counts = {} as EventCounts;
  for (const e of LIFECYCLE_EVENTS) counts[e] = lanes[EVENT_LANE[e]];
  return counts;
}

function validateOptions(o: PodStateOptions): void {
  const bad: string[] = [];
  const positive = (v: number) => Number.isFinite(v) && v > 0;
  if (o.windows.length === 0) bad.push('windows: at least one window is required');
  for (const w of o.windows) if (!positive(w.ms)) bad.push(`windows: ${w.label} must be a positive duration`);
  if (!positive(o.loop.windowMs)) bad.push('loop.windowMs must be positive');
  if (!Number.isInteger(o.loop.minRestarts) || o.loop.minRestarts < 1) bad.push('loop.minRestarts must be an integer ≥ 1');
  if (!positive(o.loop.quietPeriodMs)) bad.push('loop.quietPeriodMs must be positive');
  if (!Number.isInteger(o.maxPods) || o.maxPods < 1) bad.push('maxPods must be an integer ≥ 1');
  if (!positive(o.idleTimeoutMs)) bad.push('idleTimeoutMs must be positive');
  if (bad.length > 0) throw new RangeError(`invalid pod state options: ${bad.join('; ')}`);
}

/**
 * The newest pack that evidenced a lane speaks for it, except that a fallback pack (the generic
 * one) does not displace a specific pack: the app's "listening on" after pm2's "starting" is the
 * same start, and pm2's hint is the one that knows the workload.
 */
function notePack(p: PodEntry, lane: number, pack: string | undefined, fallback: boolean): void {
  if (pack === undefined || (fallback && p.evidence.packs[lane] !== undefined)) return;
  p.evidence.packs[lane] = pack;
}
