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

/** The attribute keys identity reads, as numbers (the lean reader matches them on the wire). */
export const FactKey = {
  NONE: 0,
  NAMESPACE: 1,
  POD: 2,
  CONTAINER: 3,
  NODE: 4,
  CONTAINER_ID: 5,
  RESTART_COUNT: 6,
  STREAM: 7,
  KUBERNETES: 8,
} as const;

/** Attribute key → FactKey (`log.iostream` is the semantic convention, `stream` Fluent Bit's). */
export const FACT_KEYS: ReadonlyMap<string, number> = new Map([
  ['k8s.namespace.name', FactKey.NAMESPACE],
  ['k8s.pod.name', FactKey.POD],
  ['k8s.container.name', FactKey.CONTAINER],
  ['k8s.node.name', FactKey.NODE],
  ['container.id', FactKey.CONTAINER_ID],
  ['k8s.container.restart_count', FactKey.RESTART_COUNT],
  ['log.iostream', FactKey.STREAM],
  ['stream', FactKey.STREAM],
  ['kubernetes', FactKey.KUBERNETES],
]);

/**
 * Accumulates one attribute list, entry by entry in wire order (a later entry for a key
 * replaces an earlier one; a stream only when it names one). Reused: `reset()` between lists.
 * Fed by attributeFacts (decoded attributes) and by the lean protobuf reader (wire bytes).
 */
export class AttributeFactsBuilder {
  namespace: string | undefined;
  pod: string | undefined;
  container: string | undefined;
  node: string | undefined;
  containerId: string | undefined;
  restartCount: string | undefined;
  stream: 'stdout' | 'stderr' | undefined;
  kubernetes: unknown[] | undefined;

  reset(): void {
    this.namespace = this.pod = this.container = this.node = this.containerId = this.restartCount = undefined;
    this.stream = undefined;
    this.kubernetes = undefined;
  }

  /** One decoded KeyValue's key and AnyValue. */
  add(key: unknown, value: unknown): void {
    const fact = typeof key === 'string' ? (FACT_KEYS.get(key) ?? FactKey.NONE) : FactKey.NONE;
    if (fact === FactKey.RESTART_COUNT) this.restartCount = textOrInteger(value);
    else if (fact === FactKey.KUBERNETES) this.kubernetes = kvlistValues(value);
    else if (fact !== FactKey.NONE) this.addText(fact, stringValue(value));
  }

  /** A fact read as text (undefined: the value is not a string AnyValue); not RESTART_COUNT or KUBERNETES. */
  addText(fact: number, text: string | undefined): void {
    switch (fact) {
      case FactKey.NAMESPACE:
        this.namespace = nonEmpty(text);
        break;
      case FactKey.POD:
        this.pod = nonEmpty(text);
        break;
      case FactKey.CONTAINER:
        this.container = nonEmpty(text);
        break;
      case FactKey.NODE:
        this.node = nonEmpty(text);
        break;
      case FactKey.CONTAINER_ID:
        this.containerId = nonEmpty(text);
        break;
      case FactKey.STREAM:
        this.stream = streamName(text) ?? this.stream;
        break;
      default:
        break;
    }
  }

  /** True when nothing but (possibly) a stream was read: the facts need no object. */
  get streamOnly(): boolean {
    return (
      this.namespace === undefined &&
      this.pod === undefined &&
      this.container === undefined &&
      this.node === undefined &&
      this.containerId === undefined &&
      this.restartCount === undefined &&
      this.kubernetes === undefined
    );
  }

  /** The facts of the list read so far; undefined when it says nothing logsift uses. */
  facts(): AttributeFacts | undefined {
    const { namespace, pod, container, node, kubernetes, stream } = this;
    let containerId = this.containerId;
    let identity: PodIdentity | undefined;
    if (pod !== undefined && namespace !== undefined) {
      identity = node === undefined ? { namespace, pod, container: container ?? UNKNOWN } : { namespace, pod, container: container ?? UNKNOWN, node };
    }
    if (kubernetes !== undefined && (identity === undefined || containerId === undefined)) {
      const map = kubernetesFacts(kvlistObject(kubernetes, KUBERNETES_MAP_DEPTH));
      identity ??= map.pod;
      containerId ??= map.containerId;
    }
    if (containerId === undefined && this.restartCount !== undefined) containerId = 'restart:' + this.restartCount;
    if (identity === undefined && containerId === undefined && stream === undefined) return undefined;
    return { pod: identity, containerId, stream };
  }
}

const scratch = new AttributeFactsBuilder();

/** Facts from one attribute list (resource or log record); a malformed entry is ignored. */
export function attributeFacts(attributes: unknown): AttributeFacts | undefined {
  if (!Array.isArray(attributes) || attributes.length === 0) return undefined;
  scratch.reset();
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i] as { key?: unknown; value?: unknown };
    if (isObject(kv)) scratch.add(kv.key, kv.value);
  }
  const facts = scratch.facts();
  scratch.reset();
  return facts;
}

/** Fluent Bit's kubernetes filter map: the pod, and `docker_id` as the container instance. */
export function kubernetesFacts(map: unknown): { pod?: PodIdentity; containerId?: string } {
  if (!isObject(map)) return {};
  const id = map.docker_id;
  return { pod: podFromKubernetesMap(map), containerId: typeof id === 'string' && id !== '' ? id : undefined };
}

export { streamName };
