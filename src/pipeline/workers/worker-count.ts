import { availableParallelism } from 'node:os';
import { cgroupLimits, type CgroupLimits } from '../../runtime/cgroup-limits.js';

export type WorkersSetting = 'auto' | number;

/** Below this much input, `analyze` and `tag` run the pipeline on the main thread under `auto`:
 * starting workers (a V8 isolate each, the modules, the rule packs) costs more than they save. */
export const SMALL_INPUT_BYTES = 16 * 1024 * 1024;

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
