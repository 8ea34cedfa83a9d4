import { readFileSync } from 'node:fs';

/** What the container runtime allows this process: CPUs (fractional) and memory in bytes. */
export interface CgroupLimits {
  /** CPU quota / period, undefined when unlimited or unknown. */
  cpus?: number;
  /** The memory limit in bytes, undefined when unlimited or unknown. */
  memoryBytes?: number;
}

type ReadFile = (path: string) => string | undefined;

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** v1 reports "no limit" as a huge page-aligned number. */
const UNLIMITED_V1 = 2 ** 60;

/**
 * The tightest CPU and memory limits of this process's cgroup and its ancestors, cgroup v2
 * (`cpu.max`, `memory.max`) or v1 (`cpu.cfs_quota_us` / `cpu.cfs_period_us`,
 * `memory.limit_in_bytes`), as Kubernetes sets them from a container's `resources.limits`.
 * Inside a container the cgroup namespace usually shows the container's own cgroup at the mount
 * root, so the mount root is read too. Never throws: unknown is unlimited.
 */
export function cgroupLimits(read: ReadFile = readOrUndefined): CgroupLimits {
  const self = read('/proc/self/cgroup');
  if (self === undefined) return {};
  const v1: Record<string, string> = {};
  let v2: string | undefined;
  for (const line of self.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === '0' && m[2] === '') v2 = m[3];
    for (const c of m[2].split(',')) if (c) v1[c] = m[3];
  }
  if (v1.cpu !== undefined || v1.memory !== undefined) {
    return {
      cpus: tightest(candidates('/sys/fs/cgroup/cpu', v1.cpu), (dir) => cpuV1(read, dir)) ??
        tightest(candidates('/sys/fs/cgroup/cpu,cpuacct', v1.cpu), (dir) => cpuV1(read, dir)),
      memoryBytes: tightest(candidates('/sys/fs/cgroup/memory', v1.memory), (dir) => memoryV1(read, dir)),
    };
  }
  if (v2 !== undefined) {
    const dirs = candidates('/sys/fs/cgroup', v2);
    return {
      cpus: tightest(dirs, (dir) => cpuV2(read, dir)),
      memoryBytes: tightest(dirs, (dir) => memoryV2(read, dir)),
    };
  }
  return {};
}

/** The cgroup's directory and its ancestors under the mount, then the mount root itself. */
function candidates(mount: string, path: string | undefined): string[] {
  const out: string[] = [];
  if (path !== undefined) {
    const parts = path.split('/').filter(Boolean);
    for (let n = parts.length; n > 0; n--) out.push(`${mount}/${parts.slice(0, n).join('/')}`);
  }
  out.push(mount);
  return out;
}

function tightest(dirs: string[], limit: (dir: string) => number | undefined): number | undefined {
  let min: number | undefined;
  for (const d of dirs) {
    const v = limit(d);
    if (v !== undefined && (min === undefined || v < min)) min = v;
  }
  return min;
}

function cpuV2(read: ReadFile, dir: string): number | undefined {
  const text = read(`${dir}/cpu.max`);
  if (text === undefined) return undefined;
  const [quota, period] = text.trim().split(/\s+/);
  const q = Number(quota);
  const p = Number(period ?? 100000);
  return quota === 'max' || !(q > 0) || !(p > 0) ? undefined : q / p;
}

function memoryV2(read: ReadFile, dir: string): number | undefined {
  const text = read(`${dir}/memory.max`)?.trim();
  if (text === undefined || text === 'max') return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}

function cpuV1(read: ReadFile, dir: string): number | undefined {
  const q = Number(read(`${dir}/cpu.cfs_quota_us`)?.trim());
  const p = Number(read(`${dir}/cpu.cfs_period_us`)?.trim());
  return q > 0 && p > 0 ? q / p : undefined;
}

function memoryV1(read: ReadFile, dir: string): number | undefined {
  const n = Number(read(`${dir}/memory.limit_in_bytes`)?.trim());
  return n > 0 && n < UNLIMITED_V1 ? n : undefined;
}
