import type { PodIdentity } from '../../model/record.js';
import { podKey } from '../../state/pod-key.js';

/** One interned pod with its stream keys built once (a string concat per record adds up). */
export interface InternedPod {
  readonly pod: PodIdentity;
  readonly key: string;
  readonly stdoutKey: string;
  readonly stderrKey: string;
}

/**
 * Gives the same PodIdentity object for the same pod, because the pipeline caches derived keys
 * per object. Bounded: past `max` distinct pods the map is cleared (a flood of pod names costs
 * cache misses, never memory); the most recent pod is kept aside as batches are usually one pod.
 */
export class PodInterner {
  private readonly pods = new Map<string, InternedPod>();
  private last?: InternedPod;

  constructor(private readonly max: number) {}

  intern(pod: PodIdentity): InternedPod {
    const last = this.last;
    if (
      last !== undefined &&
      last.pod.pod === pod.pod &&
      last.pod.namespace === pod.namespace &&
      last.pod.container === pod.container &&
      last.pod.node === pod.node
    ) {
      return last;
    }
    const id = pod.namespace + '/' + pod.pod + '/' + pod.container + '/' + (pod.node ?? '');
    let found = this.pods.get(id);
    if (found === undefined) {
      if (this.pods.size >= this.max) this.pods.clear();
      const frozen = Object.freeze({ ...pod });
      // podKey also caches the key on the object, so the pipeline's own lookup is a hit.
      const key = podKey(frozen);
      found = { pod: frozen, key, stdoutKey: key + '/stdout', stderrKey: key + '/stderr' };
      this.pods.set(id, found);
    }
    this.last = found;
    return found;
  }
}
