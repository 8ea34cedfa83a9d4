/**
 * The record model shared by every stage (design notes §3).
 *
 * Times are kept as milliseconds since the epoch in a double (sub-millisecond precision is
 * preserved to about a microsecond) because a number is cheaper than a bigint on the hot path;
 * sinks turn them into nanoseconds at the edge.
 */

export type Relevance = 'signal' | 'context' | 'noise';

export const RELEVANCE_ORDER: Readonly<Record<Relevance, number>> = { noise: 0, context: 1, signal: 2 };

/**
 * RELEVANCE_ORDER[relevance] for the per-record paths: one keyed load site that sees all three
 * names goes megamorphic in V8 (a stub-cache probe, ~30 ns a record); two compares of
 * internalised strings and a named load cost a few.
 */
export function relevanceOrder(relevance: Relevance): number {
  return relevance === 'noise' ? RELEVANCE_ORDER.noise : relevance === 'context' ? RELEVANCE_ORDER.context : RELEVANCE_ORDER.signal;
}

export type LifecycleEvent =
  | 'boot'
  | 'timeout'
  | 'kill'
  | 'oom'
  | 'exit'
  | 'crash'
  | 'probe_fail'
  | 'backoff'
  | 'restart';

/**
 * Every event kind, in the order of the state store's lanes (new kinds go at the end). `restart`
 * is a new container instance for the same namespace/pod/container (see RawEntry.containerId).
 */
export const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = [
  'boot', 'timeout', 'kill', 'oom', 'exit', 'crash', 'probe_fail', 'backoff', 'restart',
];

/** Pod identity; `unknown` is explicit rather than an empty string so it groups visibly. */
export interface PodIdentity {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly node?: string;
}

export const UNKNOWN = 'unknown';

/**
 * What a source hands to the pipeline: one physical line (or one already-complete message)
 * with whatever the transport knew about it. Sources do no parsing beyond their framing.
 */
export interface RawEntry {
  /** The line as received (container framing such as CRI or docker json still attached). */
  line: string;
  /** Event time from the transport (Fluent Bit record time, CRI time), ms since epoch. */
  timeMs?: number;
  /** Pod identity from the transport (kubernetes map, file name, tag, flags). */
  pod?: PodIdentity;
  /** Where consecutive lines belong together (file path, pod+stream); used for multi-line groups. */
  streamKey?: string;
  /** stdout / stderr when the transport says (a Fluent Bit record's `stream`). */
  stream?: string;
  /** True when the transport already removed container framing (e.g. Fluent Bit `log` key). */
  unwrapped?: boolean;
  /**
   * The container instance the line came from (kubelet file-name id, Fluent Bit
   * `kubernetes.docker_id`, OTLP `container.id`), when the transport knows it: a new instance
   * for the same namespace/pod/container is a container restart. A short id and the full id it
   * begins (`0123456789ab` / `0123456789abcdef…`) are one instance. Ids of another kind than a
   * runtime's container id carry a `kind:` prefix (`image:sha256…`, `restarts:3`); ids of
   * different kinds are never compared, so a pod whose transport mixes kinds counts no restart.
   */
  containerId?: string;
  /**
   * The sender's OpenTelemetry SeverityNumber (1-24), when the transport carries one (OTLP);
   * used only when the line has no level word of its own.
   */
  severityNumber?: number;
}

/** A record after tokenizing and tagging; this is what sinks and counters consume. */
export interface LogRecord {
  timeMs: number;
  /** True when timeMs came from the line or transport rather than the arrival clock. */
  timeFromSource: boolean;
  observedMs: number;
  /** Original line(s), container framing removed; grouped lines joined with '\n'. */
  body: string;
  /** Number of physical input lines in this record (multi-line groups > 1). */
  lineCount: number;
  pod: PodIdentity;
  severityNumber: number;
  severityText: string;
  relevance: Relevance;
  score: number;
  rule: string;
  /** Short human explanation (benign-warning catalogue entries, loop hints). */
  reason?: string;
  event?: LifecycleEvent;
  templateId: string;
  template: string;
  /** Application format that parsed the message (gunicorn, klog, json, ...). */
  format: string;
  /** Logger/tag, thread and process id the line's header named (set aside from the template). */
  logger?: string;
  thread?: string;
  pid?: number;
  stream?: string;
  synthetic?: boolean;
  /** Extra attributes (restart-loop evidence, suppressed counts, parsed fields). */
  attributes?: Record<string, string | number | boolean>;
}
