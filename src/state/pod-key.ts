import type { PodIdentity } from '../model/record.js';

const keys = new WeakMap<PodIdentity, string>();

/**
 * The store's map key for a pod. Identity objects are usually shared by all lines of a stream,
 * so the string is built once per object. '/' cannot occur in Kubernetes names.
 */
export function podKey(pod: PodIdentity): string {
  let key = keys.get(pod);
  if (key === undefined) {
    key = pod.namespace + '/' + pod.pod + '/' + pod.container;
    keys.set(pod, key);
  }
  return key;
}
