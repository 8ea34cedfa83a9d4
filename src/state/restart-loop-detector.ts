import type { LifecycleEvent } from '../model/record.js';
import { LANE_COUNT, RESTART_LANE, isFailure, sustainsLoop } from './event-lanes.js';
import { diagnose } from './loop-cause.js';
import { evidenceFromLanes, formatEvidence } from './loop-evidence.js';
import type { SlidingWindowCounter } from './sliding-window-counter.js';
import type { LoopState } from './pod-state-store.js';
import { finiteOr, infinityFromNull, nullFromInfinity, type LoopData } from './pod-state-checkpoint.js';

export interface LoopOptions {
  windowMs: number;
  minRestarts: number;
  quietPeriodMs: number;
}

export const INACTIVE: LoopState = Object.freeze({ active: false });

/**
 * One pod's restart-loop state. A restart is one failure → boot cycle: the first boot after any
 * number of failure events (timeout, kill, oom, exit, crash), in arrival order, or a kubelet
 * back-off. So a master that boots eight workers after one crash has restarted once, not eight
 * times, and the two-worker incident restarts once per cycle.
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

  constructor(
    private readonly opts: LoopOptions,
    private readonly counter: SlidingWindowCounter,
  ) {}

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
    return event === 'backoff';
  }

  /** Notes evidence that is not an event (a traceback). */
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
    const { cause, hint } = diagnose(evidence);
    const text = formatEvidence(evidence, this.opts.windowMs);
    this.current = { active: true, sinceMs: this.sinceMs, cause, hint, evidence: text };
    this.staleAtMs = NaN;
  }
}

/** Shared by all detectors: the store is single-threaded and describe() does not re-enter. */
const scratch = new Uint32Array(LANE_COUNT);
