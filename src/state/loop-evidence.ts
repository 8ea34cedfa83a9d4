import { ERROR_LANE, EVENT_LANE, SATURATION_LANE, TRACEBACK_LANE } from './event-lanes.js';
import type { LoopEvidence } from './loop-cause.js';
import { formatDuration } from '../config/duration.js';

export function evidenceFromLanes(lanes: ArrayLike<number>): LoopEvidence {
  return {
    boot: lanes[EVENT_LANE.boot],
    timeout: lanes[EVENT_LANE.timeout],
    kill: lanes[EVENT_LANE.kill],
    oom: lanes[EVENT_LANE.oom],
    exit: lanes[EVENT_LANE.exit],
    crash: lanes[EVENT_LANE.crash],
    probe_fail: lanes[EVENT_LANE.probe_fail],
    backoff: lanes[EVENT_LANE.backoff],
    restart: lanes[EVENT_LANE.restart],
    traceback: lanes[TRACEBACK_LANE],
    error: lanes[ERROR_LANE],
    saturation: lanes[SATURATION_LANE],
  };
}

/** Failures first, in the order a reader follows the story; restarts and boots last. */
const PHRASES: readonly [keyof LoopEvidence, string, string][] = [
  ['timeout', 'worker timeout', 'worker timeouts'],
  ['saturation', 'all-workers-busy warning', 'all-workers-busy warnings'],
  ['kill', 'kill', 'kills'],
  ['oom', 'OOM kill', 'OOM kills'],
  ['exit', 'exit', 'exits'],
  ['crash', 'crash', 'crashes'],
  ['traceback', 'traceback', 'tracebacks'],
  ['error', 'error before a restart', 'errors before restarts'],
  ['probe_fail', 'probe failure', 'probe failures'],
  ['backoff', 'back-off', 'back-offs'],
  ['restart', 'container restart', 'container restarts'],
  ['boot', 'boot', 'boots'],
];

/** "6 worker timeouts, 6 kills, 7 boots in 5m": non-zero kinds only. */
export function formatEvidence(e: LoopEvidence, windowMs: number): string {
  const parts: string[] = [];
  for (const [key, one, many] of PHRASES) {
    const n = e[key];
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`);
  }
  return `${parts.length > 0 ? parts.join(', ') : 'no events'} in ${formatDuration(windowMs)}`;
}
