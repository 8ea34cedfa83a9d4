import { cgroupLimits, type CgroupLimits } from './cgroup-limits.js';

const MiB = 1024 * 1024;
/**
 * Share of the container's memory limit the workers' old generations may take together. A fifth:
 * the rest holds Node and the isolates (~60 MiB), the main thread's heap (the DaemonSet gives it
 * 172 MiB with its young generation), the workers' young generations, request bodies being
 * received and inflated, and the ingest queue, whose Fluent Bit msgpack batches are the request
 * bodies themselves (off the heap). Measured use is far below even this (MIN_OLD_MB suffices).
 */
export const WORKERS_SHARE = 0.2;
/** A pipeline worker's old generation: enough for 20,000 templates and 1,000 pods, and a cap. */
const MIN_OLD_MB = 64;
const MAX_OLD_MB = 512;
/** Young generation per worker: large enough that short-lived per-line objects die young. */
export const YOUNG_MB = 16;

/**
 * V8 heap limits for each pipeline worker, from the container's memory limit (cgroup
 * memory.max): their old generations together take WORKERS_SHARE of it (at least MIN_OLD_MB
 * each), so the main thread, the queue, buffers and the isolates' own overhead fit in the rest,
 * and V8 collects before the kernel's OOM killer would act. Without a limit, only the young
 * generation is set.
 */
export function workerHeapLimits(workers: number, limits: CgroupLimits = cgroupLimits()): { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb: number } {
  if (limits.memoryBytes === undefined || workers < 1) return { maxYoungGenerationSizeMb: YOUNG_MB };
  const perWorker = Math.floor((limits.memoryBytes * WORKERS_SHARE) / MiB / workers);
  return { maxOldGenerationSizeMb: Math.min(MAX_OLD_MB, Math.max(MIN_OLD_MB, perWorker)), maxYoungGenerationSizeMb: YOUNG_MB };
}
