import type { LifecycleEvent } from '../model/record.js';
import { LANE_COUNT, RESTART_LANE, isFailure, sustainsLoop } from './event-lanes.js';
import { diagnose } from './loop-cause.js';
import { evidenceFromLanes, formatEvidence } from './loop-evidence.js';
import type { SlidingWindowCounter } from './sliding-window-counter.js';
import type { LoopState } from './pod-state-store.js';

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
  state: LoopState = INACTIVE;
  private failedSinceBoot = false;
  /** Newest failure, back-off or probe failure (pod clock); the quiet period runs from it. */
  private lastSustainMs = -Infinity;
  /** Restarts before the last clear do not count toward the next loop (no flapping). */
  private floorMs = -Infinity;

  constructor(private readonly opts: LoopOptions) {}

  /** Notes an event counted at atMs; returns whether it is a restart. */
  noteEvent(event: LifecycleEvent, atMs: number): boolean {
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

  /** True when no loop is active and the restarts in the loop window reach the threshold. */
  shouldStart(counter: SlidingWindowCounter, clockMs: number): boolean {
    if (this.state.active) return false;
    return counter.sum(RESTART_LANE, this.opts.windowMs, clockMs, this.floorMs) >= this.opts.minRestarts;
  }

  /** When the active loop has been quiet for the quiet period at clockMs: the time it ended. */
  quietSince(clockMs: number): number | undefined {
    if (!this.state.active) return undefined;
    const endMs = this.lastSustainMs + this.opts.quietPeriodMs;
    return clockMs >= endMs ? endMs : undefined;
  }

  /** Ends the active loop; returns its last state marked inactive (for the clear transition). */
  clear(atMs: number): LoopState {
    const ended = { ...this.state, active: false };
    this.state = INACTIVE;
    this.floorMs = atMs;
    return ended;
  }

  /** Recomputes cause, hint and evidence from the loop window ending at clockMs. */
  describe(counter: SlidingWindowCounter, clockMs: number, sinceMs: number, scratch: Uint32Array): LoopState {
    if (scratch.length < LANE_COUNT) throw new RangeError('scratch too small');
    counter.sumAll(this.opts.windowMs, clockMs, scratch);
    const evidence = evidenceFromLanes(scratch);
    const { cause, hint } = diagnose(evidence);
    this.state = { active: true, sinceMs, cause, hint, evidence: formatEvidence(evidence, this.opts.windowMs) };
    return this.state;
  }
}
