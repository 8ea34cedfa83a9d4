import type { PodCheckpoint, PodStateCheckpoint } from './pod-state-checkpoint.js';

/**
 * The checkpoints of several pipeline workers as one file: the same header (every worker has the
 * same lanes and bucket layout), the pods of all, idlest first as one store would list them (a
 * restore into fewer pods keeps the busiest).
 */
export function mergeCheckpoints(parts: PodStateCheckpoint[]): PodStateCheckpoint {
  if (parts.length === 1) return parts[0];
  const pods = parts.flatMap((p) => p.pods);
  pods.sort((a, b) => a.lastArrivalMs - b.lastArrivalMs);
  const instances = parts.flatMap((p) => p.instances ?? []);
  const episodes = parts.flatMap((p) => p.episodes ?? []);
  return { ...parts[0], pods, ...(instances.length > 0 ? { instances } : {}), ...(episodes.length > 0 ? { episodes } : {}) };
}

/**
 * A checkpoint cut into one per worker, each with the pods `workerOf` gives it (the worker that
 * will see their lines). Anything that is not a checkpoint with a list of pods goes whole to
 * every worker, which refuses it as a single store would.
 */
export function splitCheckpoint(data: unknown, workers: number, workerOf: (pod: PodCheckpoint['pod']) => number): unknown[] {
  const cp = data as Partial<PodStateCheckpoint> | null;
  if (typeof cp !== 'object' || cp === null || !Array.isArray(cp.pods)) return Array.from({ length: workers }, () => data);
  // A malformed pod entry is skipped (and counted) by worker 0, as a single store would; container
  // instances and lifecycle episodes go with their pod (its next line goes to that worker).
  const pods = byWorker(cp.pods, workers, workerOf) as PodCheckpoint[][];
  const instances = byWorker(cp.instances, workers, workerOf);
  const episodes = byWorker(cp.episodes, workers, workerOf);
  return pods.map((own, w) => ({ ...cp, pods: own, instances: instances[w], episodes: episodes[w] }));
}

/** Per-pod entries (`{ pod, ... }`) to the worker that will see the pod's lines. */
function byWorker(list: unknown, workers: number, workerOf: (pod: PodCheckpoint['pod']) => number): unknown[][] {
  const out: unknown[][] = Array.from({ length: workers }, () => []);
  for (const entry of Array.isArray(list) ? (list as unknown[]) : []) {
    const pod = (entry as { pod?: PodCheckpoint['pod'] } | null)?.pod;
    out[pod && typeof pod.pod === 'string' ? workerOf(pod) : 0].push(entry);
  }
  return out;
}
