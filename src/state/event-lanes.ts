import { LIFECYCLE_EVENTS, type LifecycleEvent } from '../model/record.js';

/**
 * Lanes of the per-pod bucket ring: one per lifecycle event kind, in LIFECYCLE_EVENTS order (so a
 * new kind gets a lane without anyone renumbering), then the derived lanes that loop detection
 * counts over its own window. Anything that stores or restores the ring (a checkpoint) should
 * take its layout from these constants.
 */
export const EVENT_LANE: Readonly<Record<LifecycleEvent, number>> = Object.freeze(
  Object.fromEntries(LIFECYCLE_EVENTS.map((e, i) => [e, i])) as Record<LifecycleEvent, number>,
);
export const EVENT_LANE_COUNT = LIFECYCLE_EVENTS.length;
/** Restart cycles the loop detector counts: failure → boot, back-offs, new container instances. */
export const RESTART_LANE = EVENT_LANE_COUNT;
/** Stack traces (Python tracebacks, JVM stacks) with no event of their own. */
export const TRACEBACK_LANE = EVENT_LANE_COUNT + 1;
/** Container restarts whose last signal records before the restart include an error. */
export const ERROR_LANE = EVENT_LANE_COUNT + 2;
/**
 * Lines that say every worker is busy (Apache `MaxRequestWorkers`, php-fpm `pm.max_children`):
 * not an event, but evidence of starved workers for servers that log no worker timeout.
 */
export const SATURATION_LANE = EVENT_LANE_COUNT + 3;
export const LANE_COUNT = EVENT_LANE_COUNT + 4;

/** Events after which the next boot is a restart. */
export function isFailure(event: LifecycleEvent): boolean {
  return event === 'timeout' || event === 'kill' || event === 'oom' || event === 'exit' || event === 'crash';
}

/**
 * Events that keep a loop alive: the failures, plus the kubelet's own back-off and probe
 * failures (a container in CrashLoopBackOff logs no failure of its own while it waits), and new
 * container instances.
 */
export function sustainsLoop(event: LifecycleEvent): boolean {
  return isFailure(event) || event === 'backoff' || event === 'probe_fail' || event === 'restart';
}
