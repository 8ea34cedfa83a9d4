import type { LifecycleEvent } from '../model/record.js';
import { ERROR_LANE, EVENT_LANE, LANE_COUNT, RESTART_LANE, SATURATION_LANE, TRACEBACK_LANE, isFailure, sustainsLoop } from './event-lanes.js';
import { diagnose, type EvidenceKind, type HintSource, type LoopCause } from './loop-cause.js';
import { evidenceFromLanes, formatEvidence } from './loop-evidence.js';
import type { SlidingWindowCounter } from './sliding-window-counter.js';
import type { LoopState } from './pod-state-store.js';
import { finiteOr, infinityFromNull, nullFromInfinity, type LoopData } from './pod-state-checkpoint.js';

export interface LoopOptions {
  windowMs: number;
  minRestarts: number;
  quietPeriodMs: number;
  /** A rule pack's own hint for a loop cause (rule-pack `hints`); none: the generic hints. */
  hintFor?: (pack: string, cause: LoopCause) => string | undefined;
}

/**
 * What a pod's evidence says beyond its lane counts, kept by the store: per lane, the rule pack
 * whose rule gave the newest evidence of that kind; and the last signal records before the
 * newest container restart. Plain data, so a checkpoint can carry it.
 */
export interface PodEvidence {
  packs: (string | undefined)[];
  lastSignals: string[] | undefined;
}

export function emptyEvidence(): PodEvidence {
  return { packs: new Array<string | undefined>(LANE_COUNT).fill(undefined), lastSignals: undefined };
}

function laneOf(kind: EvidenceKind): number {
  if (kind === 'traceback') return TRACEBACK_LANE;
  if (kind === 'error') return ERROR_LANE;
  if (kind === 'saturation') return SATURATION_LANE;
  return EVENT_LANE[kind];
}

export const INACTIVE: LoopState = Object.freeze({ active: false });

/**
 * One pod's restart-loop state. A restart is one failure → boot cycle: the first boot after any
 * number of failure events (timeout, kill, oom, exit, crash), in arrival order, a kubelet
 * back-off, or a new container instance. So a master that boots eight workers after one crash
 * has restarted once, not eight times, and the two-worker incident restarts once per cycle; a new
 * container whose first line is a boot after its predecessor's last failure restarts once too.
 */
export class RestartLoopDetector {
  private current: LoopState = INACTIVE;
  private sinceMs = 0;
  /** Pod clock of the newest event since the description was built; NaN when it is current. */
  private staleAtMs = NaN;
  private failedSinceBoot = false;
  /** Newest failure, back-off or probe failure (pod clock); the quiet period runs from it. */
  private lastSustainMs = -Infinity;
  /** Restarts before the last clear do not count toward the next loop (no flapping). */
  private floorMs = -Infinity;

  private readonly hints: HintSource | undefined;

  constructor(
    private readonly opts: LoopOptions,
    private readonly counter: SlidingWindowCounter,
    private readonly evidence: PodEvidence = emptyEvidence(),
  ) {
    const hintFor = opts.hintFor;
    this.hints = hintFor && { packOf: (kind) => evidence.packs[laneOf(kind)], hintFor };
  }

  get active(): boolean {
    return this.current.active;
  }

  /**
   * The loop state, its evidence as of the pod's newest event. Built when read rather than on
   * every event of a loop: the ring still holds that window, since any later write to it would
   * itself have been an event and moved staleAtMs.
   */
  get state(): LoopState {
    if (!Number.isNaN(this.staleAtMs)) this.describe(this.staleAtMs);
    return this.current;
  }

  /** Notes an event counted at atMs, the pod clock now at clockMs; returns whether it is a restart. */
  noteEvent(event: LifecycleEvent, atMs: number, clockMs: number): boolean {
    if (this.current.active) this.staleAtMs = clockMs;
    if (sustainsLoop(event) && atMs > this.lastSustainMs) this.lastSustainMs = atMs;
    if (isFailure(event)) {
      this.failedSinceBoot = true;
      return false;
    }
    if (event === 'boot') {
      const restart = this.failedSinceBoot;
      this.failedSinceBoot = false;
      return restart;
    }
    if (event === 'restart') {
      // The new container's own first boot is part of this restart, not another one.
      this.failedSinceBoot = false;
      return true;
    }
    return event === 'backoff';
  }

  /**
   * Notes a supervisor starting a child again before the child says it is up (no boot event):
   * after a failure that is the restart, so a child dying before its ready line still loops, and
   * the ready line that may follow is the same restart.
   */
  noteRespawn(clockMs: number): boolean {
    if (this.current.active) this.staleAtMs = clockMs;
    const restart = this.failedSinceBoot;
    this.failedSinceBoot = false;
    return restart;
  }

  /** Notes evidence that is not an event (a traceback, every worker busy). */
  noteEvidence(clockMs: number): void {
    if (this.current.active) this.staleAtMs = clockMs;
  }

  /** Declares a loop when none is active and the restarts in the loop window reach the threshold. */
  tryStart(clockMs: number, sinceMs: number): LoopState | undefined {
    if (this.current.active) return undefined;
    const restarts = this.counter.sum(RESTART_LANE, this.opts.windowMs, clockMs, this.floorMs);
    if (restarts < this.opts.minRestarts) return undefined;
    this.sinceMs = sinceMs;
    this.describe(clockMs);
    return this.current;
  }

  /** When the active loop has been quiet for the quiet period at clockMs: the time it ended. */
  quietSince(clockMs: number): number | undefined {
    if (!this.current.active) return undefined;
    const endMs = this.lastSustainMs + this.opts.quietPeriodMs;
    return clockMs >= endMs ? endMs : undefined;
  }

  /** Ends the active loop; returns its last state marked inactive (for the clear transition). */
  clear(atMs: number): LoopState {
    const ended = { ...this.state, active: false };
    this.current = INACTIVE;
    this.floorMs = atMs;
    return ended;
  }

  toData(): LoopData {
    const s = this.state;
    return {
      active: s.active, sinceMs: s.sinceMs, cause: s.cause, hint: s.hint, evidence: s.evidence,
      failedSinceBoot: this.failedSinceBoot, lastSustainMs: nullFromInfinity(this.lastSustainMs), floorMs: nullFromInfinity(this.floorMs),
    };
  }

  /** Restores a checkpointed state; an active loop comes back active, with its description. */
  loadData(d: LoopData): void {
    this.failedSinceBoot = d.failedSinceBoot === true;
    this.lastSustainMs = infinityFromNull(d.lastSustainMs);
    this.floorMs = infinityFromNull(d.floorMs);
    if (d.active === true) {
      this.sinceMs = finiteOr(d.sinceMs, 0);
      const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 1000) : undefined);
      this.current = { active: true, sinceMs: this.sinceMs, cause: text(d.cause), hint: text(d.hint), evidence: text(d.evidence) };
      this.staleAtMs = NaN;
    }
  }

  /** Cause, hint and evidence from the loop window ending at clockMs. */
  private describe(clockMs: number): void {
    this.counter.sumAll(this.opts.windowMs, clockMs, scratch);
    const evidence = evidenceFromLanes(scratch);
    const { cause, hint, pack } = diagnose(evidence, this.hints);
    const text = formatEvidence(evidence, this.opts.windowMs);
    const state: LoopState = { active: true, sinceMs: this.sinceMs, cause, hint, evidence: text };
    if (pack !== undefined) state.pack = pack;
    const last = this.evidence.lastSignals;
    if (evidence.restart > 0 && last !== undefined) state.lastSignals = [...last];
    this.current = state;
    this.staleAtMs = NaN;
  }
}

/** Shared by all detectors: the store is single-threaded and describe() does not re-enter. */
const scratch = new Uint32Array(LANE_COUNT);
