import type { PodIdentity } from '../model/record.js';

const keys = new WeakMap<PodIdentity, string>();
/**
 * The last pod asked for and its key: a line's pod is asked for by several stages in a row
 * (the pipeline's group key, the stream's headers, the pod's state), about half the calls on
 * the Fluent Bit workload, and a compare costs less than a WeakMap lookup.
 */
let lastPod: PodIdentity | undefined;
let lastKey = '';

/**
 * The store's map key for a pod. Identity objects are usually shared by all lines of a stream,
 * so the string is built once per object. '/' cannot occur in Kubernetes names.
 */
export function podKey(pod: PodIdentity): string {
  if (pod === lastPod) return lastKey;
  let key = keys.get(pod);
  if (key === undefined) {
    key = pod.namespace + '/' + pod.pod + '/' + pod.container;
    keys.set(pod, key);
  }
  lastPod = pod;
  lastKey = key;
  return key;
}
