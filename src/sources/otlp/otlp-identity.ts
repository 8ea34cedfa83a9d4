import { UNKNOWN, type PodIdentity } from '../../model/record.js';
import { podFromKubernetesMap } from '../../decode/pod-identity.js';
import { isObject, kvlistObject, kvlistValues, stringValue, textOrInteger } from './any-value.js';

/**
 * What a set of OTLP attributes says about where lines came from. Semantic conventions:
 * `k8s.namespace.name`, `k8s.pod.name`, `k8s.container.name`, `k8s.node.name` (the Collector's
 * container parser and k8sattributes processor), `container.id`, and
 * `k8s.container.restart_count` (the container parser, from the kubelet's `<n>.log` name).
 * Fluent Bit's `opentelemetry` output with `logs_body_key_attributes` sends its kubernetes
 * filter's map as a kvlist attribute `kubernetes` instead.
 */
export interface AttributeFacts {
  pod?: PodIdentity;
  /** The container instance: `container.id`, else `restart:<k8s.container.restart_count>`. */
  containerId?: string;
  /** `log.iostream` (semantic conventions) or Fluent Bit's `stream`. */
  stream?: 'stdout' | 'stderr';
}

/** The `kubernetes` map depth kept: its `labels` and `annotations` maps are one level down. */
const KUBERNETES_MAP_DEPTH = 3;

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

function streamName(s: unknown): 'stdout' | 'stderr' | undefined {
  return s === 'stderr' ? 'stderr' : s === 'stdout' ? 'stdout' : undefined;
}

/** Facts from one attribute list (resource or log record); a malformed entry is ignored. */
export function attributeFacts(attributes: unknown): AttributeFacts | undefined {
  if (!Array.isArray(attributes) || attributes.length === 0) return undefined;
  let namespace: string | undefined;
  let pod: string | undefined;
  let container: string | undefined;
  let node: string | undefined;
  let containerId: string | undefined;
  let restartCount: string | undefined;
  let stream: 'stdout' | 'stderr' | undefined;
  let kubernetes: unknown[] | undefined;
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i] as { key?: unknown; value?: unknown };
    if (!isObject(kv)) continue;
    switch (kv.key) {
      case 'k8s.namespace.name':
        namespace = nonEmpty(stringValue(kv.value));
        break;
      case 'k8s.pod.name':
        pod = nonEmpty(stringValue(kv.value));
        break;
      case 'k8s.container.name':
        container = nonEmpty(stringValue(kv.value));
        break;
      case 'k8s.node.name':
        node = nonEmpty(stringValue(kv.value));
        break;
      case 'container.id':
        containerId = nonEmpty(stringValue(kv.value));
        break;
      case 'k8s.container.restart_count':
        restartCount = textOrInteger(kv.value);
        break;
      case 'log.iostream':
      case 'stream':
        stream = streamName(stringValue(kv.value)) ?? stream;
        break;
      case 'kubernetes':
        kubernetes = kvlistValues(kv.value);
        break;
      default:
        break;
    }
  }
  let identity: PodIdentity | undefined;
  if (pod !== undefined && namespace !== undefined) {
    identity = node === undefined ? { namespace, pod, container: container ?? UNKNOWN } : { namespace, pod, container: container ?? UNKNOWN, node };
  }
  if (kubernetes !== undefined && (identity === undefined || containerId === undefined)) {
    const map = kubernetesFacts(kvlistObject(kubernetes, KUBERNETES_MAP_DEPTH));
    identity ??= map.pod;
    containerId ??= map.containerId;
  }
  if (containerId === undefined && restartCount !== undefined) containerId = 'restart:' + restartCount;
  if (identity === undefined && containerId === undefined && stream === undefined) return undefined;
  return { pod: identity, containerId, stream };
}

/** Fluent Bit's kubernetes filter map: the pod, and `docker_id` as the container instance. */
export function kubernetesFacts(map: unknown): { pod?: PodIdentity; containerId?: string } {
  if (!isObject(map)) return {};
  const id = map.docker_id;
  return { pod: podFromKubernetesMap(map), containerId: typeof id === 'string' && id !== '' ? id : undefined };
}

export { streamName };
