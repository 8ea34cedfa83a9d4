import type { LifecycleEvent } from '../model/record.js';

/**
 * Lanes of the per-pod bucket ring: one per lifecycle event kind (in LIFECYCLE_EVENTS order),
 * plus derived restarts and tracebacks, which loop detection counts over its own window.
 */
export const EVENT_LANE: Readonly<Record<LifecycleEvent, number>> = {
  boot: 0, timeout: 1, kill: 2, oom: 3, exit: 4, crash: 5, probe_fail: 6, backoff: 7,
};
export const EVENT_LANE_COUNT = 8;
export const RESTART_LANE = 8;
export const TRACEBACK_LANE = 9;
export const LANE_COUNT = 10;

/** Events after which the next boot is a restart. */
export function isFailure(event: LifecycleEvent): boolean {
  return event === 'timeout' || event === 'kill' || event === 'oom' || event === 'exit' || event === 'crash';
}

/**
 * Events that keep a loop alive: the failures, plus the kubelet's own back-off and probe
 * failures (a container in CrashLoopBackOff logs no failure of its own while it waits).
 */
export function sustainsLoop(event: LifecycleEvent): boolean {
  return isFailure(event) || event === 'backoff' || event === 'probe_fail';
}
