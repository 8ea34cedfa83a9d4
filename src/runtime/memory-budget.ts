import { cgroupLimits, type CgroupLimits } from './cgroup-limits.js';

/** The memory the process sizes its heaps from, and where that figure came from. */
export interface MemoryBudget {
  bytes: number;
  source: 'cgroup' | 'config';
}

/**
 * The container's memory limit when the cgroup sets one (the kernel enforces it, so it is the
 * truth), else `memory.budgetBytes`. Without either, V8 sizes each heap from the host's RAM (4 GiB
 * per isolate on this machine's 24 GiB) and collects so late that RSS reflects garbage, not load.
 */
export function memoryBudget(configuredBytes: number, limits: CgroupLimits = cgroupLimits()): MemoryBudget {
  return limits.memoryBytes === undefined ? { bytes: configuredBytes, source: 'config' } : { bytes: limits.memoryBytes, source: 'cgroup' };
}
