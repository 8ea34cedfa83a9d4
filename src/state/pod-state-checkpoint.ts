import type { PodIdentity } from '../model/record.js';
import type { InstancesCheckpoint } from './container-instances.js';
import type { EpisodesCheckpoint } from './lifecycle-episodes.js';

/**
 * Per-pod state as plain data (JSON and structured-clone friendly), written at shutdown and
 * restored at start so a restarted sidecar does not forget a loop in progress. Lanes are named,
 * not numbered: a checkpoint from a build with other lanes (a new lifecycle event) is mapped by
 * name, and what has no lane here is left out.
 */
export interface PodStateCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  savedAtMs: number;
  /** Ring lane names in ring order: lifecycle events, then `derived:restart`, `derived:traceback`. */
  lanes: string[];
  bucketWidthMs: number;
  buckets: number;
  pods: PodCheckpoint[];
  /**
   * The container instances each pod was on (container-instances.ts), so a restart of logsift
   * neither misses nor double-counts a container restart. Optional: a checkpoint written before
   * it existed restores without it (each pod's next id is then its first again).
   */
  instances?: InstancesCheckpoint[];
  /**
   * What came before each pod's lifecycle lines (lifecycle-episodes.ts): its last boot and
   * failure, the pids of recent starts and failures. Optional, like `instances`.
   */
  episodes?: EpisodesCheckpoint[];
}

export interface PodCheckpoint {
  pod: PodIdentity;
  /** Totals by lifecycle event name. */
  totals: Record<string, number>;
  clock: ClockData;
  loop: LoopData;
  /** Non-empty ring slots: absolute bucket number, then counts in `lanes` order. */
  ring: [number, number[]][];
  lastArrivalMs: number;
}

export interface ClockData {
  anchorMs: number;
  anchorArrivalMs: number;
  candidateMs: number | null;
  candidateArrivalMs: number;
}

export interface LoopData {
  active: boolean;
  sinceMs?: number;
  cause?: string;
  hint?: string;
  evidence?: string;
  failedSinceBoot: boolean;
  /** null stands for -Infinity (JSON has no infinities). */
  lastSustainMs: number | null;
  floorMs: number | null;
}

export const CHECKPOINT_FORMAT = 'logsift.pod-state';
export const CHECKPOINT_VERSION = 1;

/** A checkpoint that cannot be used at all (another format or version, not an object). */
export class CheckpointRefused extends Error {}

export function finiteOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function infinityFromNull(v: number | null | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : -Infinity;
}

export function nullFromInfinity(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
