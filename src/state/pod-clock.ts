import { finiteOr, type ClockData } from './pod-state-checkpoint.js';

/**
 * How far ahead of a pod's clock one event may be and still move it. Containers on one node share
 * its clock, so a larger lead is a mangled timestamp (wrong zone, wrong year), a pod whose node
 * clock jumped, or a replay that skipped ahead.
 */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/**
 * A pod's own clock: the newest event time seen for it, advanced by the arrival time elapsed
 * since. Windows therefore decay in a live service when the pod goes quiet, and a post-mortem of
 * a 2023 file is counted on 2023 time.
 *
 * Skew rule. An event no more than MAX_FUTURE_SKEW_MS ahead of the clock moves the clock to its
 * time. An event further ahead is not trusted on its own: it is counted at the clock's current
 * time and remembered as a jump candidate. A second such event within MAX_FUTURE_SKEW_MS of the
 * (arrival-advanced) candidate confirms a genuine jump — a replay that skips an hour, a backlog
 * followed by live lines — and the clock moves to it. So one bad timestamp cannot empty every
 * window, and a real jump costs only the window placement of its first event.
 *
 * The clock never goes backwards: older events are placed at their own time (out of order is
 * fine), and the first event of a pod sets the clock whatever it says.
 */
export class PodClock {
  private anchorMs: number;
  private anchorArrivalMs: number;
  private candidateMs = NaN;
  private candidateArrivalMs = 0;

  constructor(eventTimeMs: number, nowMs: number) {
    this.anchorMs = Number.isFinite(eventTimeMs) ? eventTimeMs : nowMs;
    this.anchorArrivalMs = nowMs;
  }

  /** The clock at arrival time nowMs. */
  at(nowMs: number): number {
    return this.anchorMs + Math.max(0, nowMs - this.anchorArrivalMs);
  }

  /** Advances the clock for an event arriving at nowMs; returns the time to count the event at. */
  place(eventTimeMs: number, nowMs: number): number {
    const current = this.at(nowMs);
    this.anchorMs = current;
    this.anchorArrivalMs = nowMs;
    if (!Number.isFinite(eventTimeMs)) return current;
    if (eventTimeMs <= current) return eventTimeMs;
    if (eventTimeMs - current <= MAX_FUTURE_SKEW_MS) {
      this.anchorMs = eventTimeMs;
      return eventTimeMs;
    }
    if (this.confirmsCandidate(eventTimeMs, nowMs)) {
      this.anchorMs = eventTimeMs;
      this.candidateMs = NaN;
      return eventTimeMs;
    }
    this.candidateMs = eventTimeMs;
    this.candidateArrivalMs = nowMs;
    return current;
  }

  toData(): ClockData {
    return { anchorMs: this.anchorMs, anchorArrivalMs: this.anchorArrivalMs, candidateMs: Number.isNaN(this.candidateMs) ? null : this.candidateMs, candidateArrivalMs: this.candidateArrivalMs };
  }

  static fromData(d: ClockData, nowMs: number): PodClock {
    const c = new PodClock(finiteOr(d.anchorMs, nowMs), finiteOr(d.anchorArrivalMs, nowMs));
    c.candidateMs = d.candidateMs === null ? NaN : finiteOr(d.candidateMs, NaN);
    c.candidateArrivalMs = finiteOr(d.candidateArrivalMs, 0);
    return c;
  }

  private confirmsCandidate(eventTimeMs: number, nowMs: number): boolean {
    const candidate = this.candidateMs + Math.max(0, nowMs - this.candidateArrivalMs);
    return Math.abs(eventTimeMs - candidate) <= MAX_FUTURE_SKEW_MS;
  }
}
