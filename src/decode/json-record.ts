import type { ContainerLine } from './container-line.js';
import { decodeCri } from './cri.js';
import { containerIdFromKubernetesMap, podFromKubernetesMap } from './pod-identity.js';
import { timeFromJsonValue } from './timestamp.js';
import { endsWithBrace, parseJsonObject, type JsonObject } from './json-object.js';
import { knownKubernetesPod, scanJsonRecord } from './json-record-scan.js';
import { sternJsonLine } from './stern-json.js';
import type { PodIdentity } from '../model/record.js';

function stripNewline(s: string): string {
  if (s.charCodeAt(s.length - 1) !== 10) return s;
  return s.charCodeAt(s.length - 2) === 13 ? s.slice(0, -2) : s.slice(0, -1);
}

/** The record's text: `log`, or `message`/`msg` when a kubernetes map says it is a Fluent Bit record. */
function recordText(o: JsonObject): string | undefined {
  if (typeof o.log === 'string') return o.log;
  if (typeof o.kubernetes !== 'object' || o.kubernetes === null) return undefined;
  if (typeof o.message === 'string') return o.message;
  if (typeof o.msg === 'string') return o.msg;
  return undefined;
}

/** Docker's json-file driver writes exactly `log`, `stream`, `time` (and `attrs` with --log-opt). */
function isDockerShape(o: JsonObject): boolean {
  for (const k in o) {
    if (k !== 'log' && k !== 'stream' && k !== 'time' && k !== 'attrs') return false;
  }
  return typeof o.time === 'string';
}

function recordTime(o: JsonObject): number | undefined {
  return timeFromJsonValue(o.date) ?? timeFromJsonValue(o.time) ?? timeFromJsonValue(o['@timestamp']);
}

function streamName(v: unknown): string | undefined {
  if (v === 'stderr') return 'stderr';
  if (v === 'stdout') return 'stdout';
  return typeof v === 'string' ? v : undefined;
}

/**
 * Decodes a Docker json-file line, a Fluent Bit record written as a JSON line, or a line of
 * `stern -o json` (stern-json.ts). Returns
 * undefined for anything else, including JSON application logs (no `log` key), which stay raw
 * so the application parser sees them. Only parses lines that can be such an object.
 */
export function decodeJsonRecord(line: string): ContainerLine | undefined {
  const scanned = scanJsonRecord(line);
  if (scanned !== null) return scanned;
  return parseJsonRecord(line);
}

/** decodeJsonRecord by a full JSON.parse: the reference, and the path for what the scanner leaves. */
export function parseJsonRecord(line: string): ContainerLine | undefined {
  if (!endsWithBrace(line)) return undefined;
  const stern = line.includes('"podName"');
  if (!stern && !line.includes('"log"') && !line.includes('"kubernetes"')) return undefined;
  const o = parseJsonObject(line);
  if (o === undefined) return undefined;
  const raw = recordText(o);
  if (raw === undefined) return stern ? sternJsonLine(o) : undefined;
  const docker = isDockerShape(o);
  const text = stripNewline(raw);
  // A tail input without the CRI parser leaves the kubelet's framing inside `log`.
  const inner = text.charCodeAt(0) >= 48 && text.charCodeAt(0) <= 57 ? decodeCri(text) : undefined;
  const pod = docker ? undefined : podFromKubernetesMap(o.kubernetes);
  const containerId = pod === undefined ? undefined : containerIdFromKubernetesMap(o.kubernetes);
  if (inner !== undefined) {
    inner.framing = docker ? 'docker' : 'fluent-bit';
    inner.pod = pod;
    inner.containerId = containerId;
    return inner;
  }
  return {
    text,
    timeMs: recordTime(o),
    stream: streamName(o.stream),
    partial: o._p === 'P',
    framing: docker ? 'docker' : 'fluent-bit',
    pod,
    containerId,
  };
}

/**
 * The pod a JSON line's record names (what decodeJsonRecord would give), usually without decoding
 * it: the main thread routes lines by pod to the pipeline workers with this.
 */
export function podOfJsonLine(line: string): PodIdentity | undefined {
  const known = knownKubernetesPod(line);
  if (known !== undefined) return known ?? undefined;
  return decodeJsonRecord(line)?.pod;
}
