import { setFlagsFromString } from 'node:v8';

const MiB = 1024 * 1024;
/**
 * Share of the memory budget (memory-budget.ts) the workers' old generations may take together. A
 * fifth: the rest holds Node and the isolates (~60 MiB), the main thread's heap (MAIN_SHARE, with
 * its young generation), the workers' young generations, request bodies being received and
 * inflated, and the ingest queue, whose Fluent Bit msgpack batches are the request bodies
 * themselves (off the heap). Measured use is far below even this (MIN_OLD_MB suffices).
 */
export const WORKERS_SHARE = 0.2;
/** A pipeline worker's old generation: enough for 20,000 templates and 1,000 pods, and a cap. */
const MIN_OLD_MB = 64;
const MAX_OLD_MB = 512;
/** Young generation per worker: large enough that short-lived per-line objects die young. */
export const YOUNG_MB = 16;

/**
 * Share of the budget for the main thread's old generation: 160 MiB of the DaemonSet's 512 MiB.
 * The main thread holds HTTP, scrapes, exports and the ingest queue; inputs are pushed back once
 * its used heap passes half its limit (heap-pressure.ts), so input alone never reaches it.
 */
export const MAIN_SHARE = 0.3125;
const MAIN_MIN_OLD_MB = 64;
const MAIN_MAX_OLD_MB = 1024;
/**
 * The main thread's semi-space (its young generation is three of them): V8's default on a 64-bit
 * host is 16 MiB, 48 MiB of young generation that is mostly garbage between scavenges. Request
 * bodies live off the heap, so a small nursery costs little.
 */
export const MAIN_SEMI_MB = 4;

/**
 * V8 heap limits for each pipeline worker, from the memory budget: their old generations together
 * take WORKERS_SHARE of it (at least MIN_OLD_MB each), so the main thread, the queue, buffers and
 * the isolates' own overhead fit in the rest, and V8 collects before the kernel's OOM killer would
 * act.
 */
export function workerHeapLimits(workers: number, budgetBytes: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  const perWorker = Math.floor((budgetBytes * WORKERS_SHARE) / MiB / Math.max(1, workers));
  return { maxOldGenerationSizeMb: Math.min(MAX_OLD_MB, Math.max(MIN_OLD_MB, perWorker)), maxYoungGenerationSizeMb: YOUNG_MB };
}

/** The main thread's heap for a budget, as node flags take it (they can only be given at start). */
export function mainHeapFlags(budgetBytes: number): string[] {
  return [`--max-old-space-size=${mainOldMb(budgetBytes)}`, `--max-semi-space-size=${MAIN_SEMI_MB}`];
}

function mainOldMb(budgetBytes: number): number {
  return Math.min(MAIN_MAX_OLD_MB, Math.max(MAIN_MIN_OLD_MB, Math.round((budgetBytes * MAIN_SHARE) / MiB)));
}

/** The main thread's whole heap limit under mainHeapFlags: its old generation and three semi-spaces (172 MiB of 512). */
export function mainHeapBytes(budgetBytes: number): number {
  return (mainOldMb(budgetBytes) + 3 * MAIN_SEMI_MB) * MiB;
}

/**
 * A worker's whole heap limit under `limits`, as V8 sets it: the young generation is three
 * semi-spaces of a power of two each, so 16 MiB asked is 24 MiB given (64 + 16 -> 88 MiB, which
 * `getHeapStatistics().heap_size_limit` shows inside the worker).
 */
export function workerHeapBytes(limits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number }): number {
  const semi = 2 ** Math.ceil(Math.log2(limits.maxYoungGenerationSizeMb / 3));
  return (limits.maxOldGenerationSizeMb + 3 * semi) * MiB;
}

/**
 * Lets the isolates created from now on (the pipeline workers) take the heap limits they are
 * given (Worker resourceLimits). V8 applies --max-old-space-size and --max-semi-space-size, which
 * are process-wide, to every isolate it creates and they override resourceLimits: with the main
 * thread's flags (the DaemonSet's NODE_OPTIONS, or serve's own relaunch) each worker got the main
 * thread's 160 MiB instead of its share. V8 reads them only when it configures an isolate's heap
 * (Heap::ConfigureHeap), so this thread's heap keeps its limits; 0 is the flags' default, "unset".
 */
export function releaseHeapFlags(): void {
  setFlagsFromString('--max-old-space-size=0');
  setFlagsFromString('--max-semi-space-size=0');
}
