import { availableParallelism } from 'node:os';
import { cgroupLimits, type CgroupLimits } from '../../runtime/cgroup-limits.js';

export type WorkersSetting = 'auto' | number;

/**
 * Below this much input, `analyze` and `tag` run the pipeline on the main thread under `auto`:
 * each worker pays again what the main thread would pay once: its start (~0.27 CPU-s: an
 * isolate, the modules, the rule packs), V8 compiling the pipeline's code while it runs cold
 * (~0.7 CPU-s over its first 25k lines, bench/warm-up.mjs) and the templates learned anew
 * (~0.2). On the realistic workload 2 workers took 69-75 % more CPU and twice the RSS at 31 and
 * 60 MiB (1.74 -> 3.0 and 2.17 -> 3.67 CPU-s, ~125 -> ~245 MiB), so they can only gain wall
 * time on an idle second core, and that gain (half the per-line work, ~3.5 µs a line, against
 * the second isolate's start) breaks even around 45-64 MiB.
 */
export const SMALL_INPUT_BYTES = 64 * 1024 * 1024;

/** CPUs this process may use: the machine's, bounded by the cgroup CPU quota, at least 1. */
export function cpuBudget(limits: CgroupLimits = cgroupLimits(), cpus = availableParallelism()): number {
  const quota = limits.cpus === undefined ? cpus : Math.min(cpus, Math.floor(limits.cpus));
  return Math.max(1, quota);
}

/** `serve`: `auto` is one worker per CPU of the budget; the main thread keeps HTTP and scrapes. */
export function serviceWorkers(setting: WorkersSetting, budget = cpuBudget()): number {
  return setting === 'auto' ? budget : setting;
}

/**
 * `analyze` and `tag`: `auto` is in-thread for small or unknown-size input (stdin) and when only
 * one CPU is allowed (a worker would only add copying), else one worker per CPU.
 */
export function commandWorkers(setting: WorkersSetting, inputBytes: number | undefined, budget = cpuBudget()): number {
  if (setting !== 'auto') return setting;
  if (inputBytes === undefined || inputBytes < SMALL_INPUT_BYTES || budget < 2) return 0;
  return budget;
}
