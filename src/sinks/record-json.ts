import type { HrTime } from '@opentelemetry/api';
import type { LogRecord, PodIdentity } from '../model/record.js';

/** Milliseconds (double) to an OTLP-style nanosecond string, exact to the microsecond. */
export function msToNanoString(ms: number): string {
  const micros = Math.round(ms * 1000);
  return micros === 0 ? '0' : `${micros}000`;
}

/** Milliseconds (double) to the SDK's `[seconds, nanoseconds]`. */
export function msToHrTime(ms: number): HrTime {
  const s = Math.floor(ms / 1000);
  return [s, Math.round((ms - s * 1000) * 1e6)];
}

/** The pod as OpenTelemetry resource attributes, as the Collector's k8sattributes processor sets them. */
export function podResourceAttributes(pod: PodIdentity): Record<string, string> {
  const resource: Record<string, string> = {
    'k8s.namespace.name': pod.namespace,
    'k8s.pod.name': pod.pod,
    'k8s.container.name': pod.container,
  };
  if (pod.node) resource['k8s.node.name'] = pod.node;
  return resource;
}

/** The record's `logsift.*` attributes (everything but resource, body, times and severity). */
export function recordAttributes(r: LogRecord): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {
    'logsift.relevance': r.relevance,
    'logsift.score': r.score,
    'logsift.rule': r.rule,
  };
  if (r.event) attributes['logsift.event'] = r.event;
  attributes['logsift.template.id'] = r.templateId;
  attributes['logsift.template'] = r.template;
  attributes['logsift.format'] = r.format;
  // What the line's header named: the logger (no standard attribute: OpenTelemetry's log bridges
  // make it the instrumentation scope), thread and pid as the semantic conventions name them.
  if (r.logger) attributes['logsift.logger'] = r.logger;
  if (r.thread) attributes['thread.name'] = r.thread;
  if (r.pid !== undefined && Number.isSafeInteger(r.pid)) attributes['process.pid'] = r.pid;
  if (r.lineCount > 1) attributes['logsift.lines'] = r.lineCount;
  if (r.reason) attributes['logsift.reason'] = r.reason;
  if (r.stream) attributes['log.iostream'] = r.stream;
  if (r.synthetic) attributes['logsift.synthetic'] = true;
  if (r.attributes) Object.assign(attributes, r.attributes);
  return attributes;
}

/**
 * One record in the shape of the OpenTelemetry log data model, as `logsift tag` prints it
 * and the stdout sink writes it. Timestamps are nanosecond strings, as in OTLP/JSON.
 */
export function recordToJson(r: LogRecord): Record<string, unknown> {
  const resource = podResourceAttributes(r.pod);
  const attributes = recordAttributes(r);
  return {
    timestamp: msToNanoString(r.timeMs),
    observedTimestamp: msToNanoString(r.observedMs),
    severityText: r.severityText,
    severityNumber: r.severityNumber,
    body: r.body,
    resource,
    attributes,
  };
}

/** The reference serialisation; `recordToJsonLine` must produce exactly this. */
export function recordToJsonLineSlow(r: LogRecord): string {
  return JSON.stringify(recordToJson(r)) + '\n';
}

/** Pieces that repeat across records are serialised once (pino's lesson). */
const resourceJson = new WeakMap<PodIdentity, string>();
const quoted = new Map<string, string>();
const MAX_QUOTED = 20_000;

function q(s: string): string {
  let v = quoted.get(s);
  if (v === undefined) {
    if (quoted.size >= MAX_QUOTED) quoted.clear();
    v = JSON.stringify(s);
    quoted.set(s, v);
  }
  return v;
}

/** `,"process.pid":N`, built once per pid: a record's JSON is a chain of such pieces. */
const pidPieces = new Map<number, string>();

function pidPiece(pid: number): string {
  let v = pidPieces.get(pid);
  if (v === undefined) {
    if (pidPieces.size >= MAX_QUOTED) pidPieces.clear();
    v = ',"process.pid":' + pid;
    pidPieces.set(pid, v);
  }
  return v;
}

function resourceOf(pod: PodIdentity): string {
  let v = resourceJson.get(pod);
  if (v === undefined) {
    v = JSON.stringify(podResourceAttributes(pod));
    resourceJson.set(pod, v);
  }
  return v;
}

/** The record's attributes object and the line's end: `{...}}\n` (the resource's `}` and the record's). */
function attributesTail(r: LogRecord): string {
  let a = '{"logsift.relevance":' + q(r.relevance) + ',"logsift.score":' + r.score + ',"logsift.rule":' + q(r.rule);
  if (r.event) a += ',"logsift.event":' + q(r.event);
  a += ',"logsift.template.id":' + q(r.templateId) + ',"logsift.template":' + q(r.template) + ',"logsift.format":' + q(r.format);
  if (r.logger) a += ',"logsift.logger":' + q(r.logger);
  if (r.thread) a += ',"thread.name":' + q(r.thread);
  if (r.pid !== undefined && Number.isSafeInteger(r.pid)) a += pidPiece(r.pid);
  if (r.lineCount > 1) a += ',"logsift.lines":' + r.lineCount;
  if (r.reason) a += ',"logsift.reason":' + q(r.reason);
  if (r.stream) a += ',"log.iostream":' + q(r.stream);
  if (r.synthetic) a += ',"logsift.synthetic":true';
  return a + '}}\n';
}

/** `{"timestamp":"...","observedTimestamp":"...","severityText":...,"severityNumber":N,"body":`. */
function head(r: LogRecord): string {
  return (
    '{"timestamp":"' + msToNanoString(r.timeMs) +
    '","observedTimestamp":"' + msToNanoString(r.observedMs) +
    '","severityText":' + q(r.severityText) +
    ',"severityNumber":' + r.severityNumber +
    ',"body":'
  );
}

/**
 * One record as a JSON line, identical to `recordToJsonLineSlow` but built from cached pieces:
 * only the body and the times are serialised per record. Records with extra attributes
 * (synthesized, sampled) take the reference path.
 */
export function recordToJsonLine(r: LogRecord): string {
  if (r.attributes) return recordToJsonLineSlow(r);
  return head(r) + JSON.stringify(r.body) + ',"resource":' + resourceOf(r.pod) + ',"attributes":' + attributesTail(r);
}

/**
 * A record's line in pieces for a byte buffer (JsonLineBuffer.addRecord): the two times and the
 * body are written per record, the rest are runs of bytes encoded before.
 */
export interface RecordLinePieces {
  /** `","severityText":"...","severityNumber":N,"body":` */
  severity: Uint8Array;
  /** `,"resource":{...},"attributes":` */
  resource: Uint8Array;
  /** `{...}}\n` */
  attributes: Uint8Array;
}

/**
 * The encoded `,"resource":...,"attributes":` of each pod. A WeakMap: pods are frozen identities
 * that live as long as the pipeline keeps them.
 */
const resourceBytes = new WeakMap<PodIdentity, Uint8Array>();

/**
 * Encoded attribute objects, by template id: the records of one template mostly carry the same
 * attributes (same rule, format, logger, often the same pid). A few variants are kept per
 * template, each checked field by field (identity compares), so a hit encodes nothing.
 */
interface AttributesMemo {
  relevance: string;
  score: number;
  rule: string;
  event: string | undefined;
  template: string;
  format: string;
  logger: string | undefined;
  thread: string | undefined;
  pid: number | undefined;
  lineCount: number;
  reason: string | undefined;
  stream: string | undefined;
  synthetic: boolean | undefined;
  bytes: Uint8Array;
}
const attributesMemo = new Map<string, AttributesMemo[]>();
const VARIANTS = 4;

function sameAttributes(m: AttributesMemo, r: LogRecord): boolean {
  return (
    m.rule === r.rule && m.pid === r.pid && m.lineCount === r.lineCount && m.relevance === r.relevance && m.score === r.score &&
    m.event === r.event && m.template === r.template && m.format === r.format && m.logger === r.logger && m.thread === r.thread &&
    m.reason === r.reason && m.stream === r.stream && m.synthetic === r.synthetic
  );
}

function attributesBytes(r: LogRecord): Uint8Array {
  let list = attributesMemo.get(r.templateId);
  if (list !== undefined) {
    for (let i = 0; i < list.length; i++) if (sameAttributes(list[i], r)) return list[i].bytes;
  } else {
    if (attributesMemo.size >= MAX_QUOTED) attributesMemo.clear();
    attributesMemo.set(r.templateId, (list = []));
  }
  const bytes = Buffer.from(attributesTail(r));
  if (list.length >= VARIANTS) list.shift();
  list.push({
    relevance: r.relevance, score: r.score, rule: r.rule, event: r.event, template: r.template, format: r.format, logger: r.logger,
    thread: r.thread, pid: r.pid, lineCount: r.lineCount, reason: r.reason, stream: r.stream, synthetic: r.synthetic, bytes,
  });
  return bytes;
}

/** `","severityText":"...","severityNumber":N,"body":` by severity number (its text checked). */
const severityBytes: { text: string; bytes: Uint8Array }[] = [];

function severityPiece(r: LogRecord): Uint8Array {
  const n = r.severityNumber;
  const known = Number.isInteger(n) && n >= 0 && n < 64 ? severityBytes[n] : undefined;
  if (known !== undefined && known.text === r.severityText) return known.bytes;
  const bytes = Buffer.from('","severityText":' + q(r.severityText) + ',"severityNumber":' + n + ',"body":');
  if (Number.isInteger(n) && n >= 0 && n < 64) severityBytes[n] = { text: r.severityText, bytes };
  return bytes;
}

/**
 * The pieces of `recordToJsonLine(r)` for a byte buffer (JsonLineBuffer.addRecord), written into
 * `into`; false for a record that takes the reference path. Everything but the times and the
 * body repeats from record to record, so it is encoded once and copied as bytes: a line built as
 * one string had to be flattened by V8 before it could be encoded, which cost more than building it.
 */
export function recordLinePieces(r: LogRecord, into: RecordLinePieces): boolean {
  if (r.attributes) return false;
  into.severity = severityPiece(r);
  let resource = resourceBytes.get(r.pod);
  if (resource === undefined) {
    resource = Buffer.from(',"resource":' + resourceOf(r.pod) + ',"attributes":');
    resourceBytes.set(r.pod, resource);
  }
  into.resource = resource;
  into.attributes = attributesBytes(r);
  return true;
}
