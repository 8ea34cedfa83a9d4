import type { PodIdentity, RawEntry } from '../../model/record.js';
import { EntryPacker, unpackEntries, type PackedEntries } from '../../pipeline/workers/packed-entries.js';
import { containerIdFromKubernetesMap, containerIdOf, podFromKubernetesMap } from '../../decode/pod-identity.js';
import { timeFromJsonValue } from '../../decode/timestamp.js';
import { tooLarge } from './input-error.js';
import type { InternedPod, PodInterner } from './pod-interner.js';

export interface EntryBatchOptions {
  /** Keys holding the log text, first present wins. */
  messageKeys: readonly string[];
  /** Keys holding the record time, first decodable wins. */
  dateKeys: readonly string[];
  maxRecords: number;
  interner: PodInterner;
}

type Json = Record<string, unknown>;

/**
 * Collects one request's records, packed as they will cross to a pipeline worker
 * (packed-entries.ts): the msgpack reader's messages stay UTF-8 bytes, so the main thread makes
 * no string or object per record. A record that is not an object, or has no message, is counted
 * by reason and skipped, so one bad record does not poison the batch.
 * `fallbackPod` (from the tag or text/plain headers) applies to records without a kubernetes map,
 * and `fallbackContainerId` (the tag's container id) to records of that pod that name none.
 */
export class EntryBatch {
  private readonly packer = new EntryPacker();
  private packedBatch?: PackedEntries;
  private unpacked?: RawEntry[];
  invalidRecords = 0;
  noMessage = 0;

  constructor(
    private readonly opts: EntryBatchOptions,
    private readonly fallbackPod: InternedPod | undefined,
    private readonly fallbackContainerId?: string,
  ) {}

  get invalid(): number {
    return this.invalidRecords + this.noMessage;
  }

  /** Records kept. */
  get count(): number {
    return this.packedBatch?.count ?? this.packer.count;
  }

  /** What the records hold in memory, about (line text and columns), for the queue's byte bound. */
  get bytes(): number {
    return this.packedBatch === undefined ? this.packer.bytes : this.packedBytes;
  }

  private packedBytes = 0;

  /** The records as the queue takes them; the batch takes no more after this. */
  packed(): PackedEntries {
    if (this.packedBatch === undefined) {
      this.packedBytes = this.packer.bytes;
      this.packedBatch = this.packer.take();
    }
    return this.packedBatch;
  }

  /** The records as RawEntries (tests, and whatever wants them one by one). */
  get entries(): RawEntry[] {
    this.unpacked ??= unpackEntries(this.packed(), [], (pod) => pod);
    return this.unpacked;
  }
  /** A decoded record (JSON object or msgpack map); `timeMs` when the transport carried one. */
  addRecord(value: unknown, timeMs: number | undefined): void {
    this.checkCount();
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.invalidRecords++;
      return;
    }
    const rec = value as Json;
    const text = this.messageOf(rec);
    if (text === undefined) {
      this.noMessage++;
      return;
    }
    const stream = rec.stream === 'stderr' ? 'stderr' : rec.stream === 'stdout' ? 'stdout' : undefined;
    const pod = this.podOf(rec);
    this.pushRecord(text, timeMs ?? this.timeOf(rec), pod, stream, pod === undefined ? undefined : containerIdOfRecord(rec));
  }

  /**
   * A record the lean msgpack reader already took apart, with what addRecord would have found:
   * the message as the UTF-8 bytes `body[start, end)` (start -1: no message), the time, the
   * kubernetes map's pod, the stream, the map's container id. The bytes are packed as they are,
   * less a final newline (what stripNewline removes: an LF or CR LF byte pair decodes to exactly
   * those chars, whatever precedes it).
   */
  addFieldBytes(
    body: Uint8Array,
    start: number,
    end: number,
    timeMs: number | undefined,
    recordPod: InternedPod | undefined,
    stream: 'stdout' | 'stderr' | undefined,
    recordContainerId?: string,
  ): void {
    this.checkCount();
    if (start < 0) {
      this.noMessage++;
      return;
    }
    let to = end;
    if (to > start && body[to - 1] === 10) {
      to--;
      if (to > start && body[to - 1] === 13) to--;
    }
    const pod = recordPod ?? this.fallbackPod;
    const containerId = recordContainerId ?? (pod !== undefined && pod.key === this.fallbackPod?.key ? this.fallbackContainerId : undefined);
    const streamKey = pod === undefined ? undefined : stream === 'stderr' ? pod.stderrKey : stream === 'stdout' ? pod.stdoutKey : pod.key;
    this.writable().addBytes(body, start, to, timeMs, pod?.pod, streamKey, stream, true, containerId);
  }

  /**
   * The lean reader's messages are referenced in `body` rather than copied (EntryPacker.lend):
   * `owned` when the body is this request's own buffer, which the batch may then hand to a
   * worker as it is. Before any record is added.
   */
  lendBody(body: Uint8Array, owned: boolean): void {
    this.writable().lend(body, owned);
  }

  private writable(): EntryPacker {
    if (this.packedBatch !== undefined) throw new Error('records added to a batch already queued');
    return this.packer;
  }

  get interner(): PodInterner {
    return this.opts.interner;
  }

  get messageKeys(): readonly string[] {
    return this.opts.messageKeys;
  }

  get dateKeys(): readonly string[] {
    return this.opts.dateKeys;
  }

  private pushRecord(
    text: string,
    timeMs: number | undefined,
    recordPod: InternedPod | undefined,
    stream: 'stdout' | 'stderr' | undefined,
    recordContainerId: string | undefined,
  ): void {
    const pod = recordPod ?? this.fallbackPod;
    // The tag's id is the tag's file: it names the instance only for records of the tag's pod.
    const containerId = recordContainerId ?? (pod !== undefined && pod.key === this.fallbackPod?.key ? this.fallbackContainerId : undefined);
    this.push(
      text,
      timeMs,
      pod?.pod,
      pod === undefined ? undefined : stream === 'stderr' ? pod.stderrKey : stream === 'stdout' ? pod.stdoutKey : pod.key,
      true,
      stream,
      containerId,
    );
  }

  /** A plain-text line; framing (CRI, docker json) is left for the pipeline's decoder. */
  addLine(line: string): void {
    this.checkCount();
    const pod = this.fallbackPod;
    this.push(line, undefined, pod?.pod, pod?.key, false, undefined, pod === undefined ? undefined : this.fallbackContainerId);
  }

  /** A piece of the body that could not be decoded as a record. */
  addInvalid(): void {
    this.checkCount();
    this.invalidRecords++;
  }

  private push(
    line: string,
    timeMs: number | undefined,
    pod: PodIdentity | undefined,
    streamKey: string | undefined,
    unwrapped: boolean,
    stream: string | undefined,
    containerId: string | undefined,
  ): void {
    const e = this.scratch;
    e.line = line;
    e.timeMs = timeMs;
    e.pod = pod;
    e.streamKey = streamKey;
    e.unwrapped = unwrapped;
    e.stream = stream;
    e.containerId = containerId;
    this.writable().add(e);
    e.line = '';
  }

  private readonly scratch: RawEntry = { line: '', timeMs: undefined, pod: undefined, streamKey: undefined, unwrapped: false, stream: undefined, containerId: undefined, severityNumber: undefined };

  private checkCount(): void {
    if (this.packer.count + this.invalidRecords + this.noMessage >= this.opts.maxRecords) {
      throw tooLarge(`more than ${this.opts.maxRecords} records in one request`);
    }
  }

  private messageOf(rec: Json): string | undefined {
    const keys = this.opts.messageKeys;
    for (let i = 0; i < keys.length; i++) {
      const v = rec[keys[i]];
      if (typeof v === 'string') return stripNewline(v);
    }
    // GELF (Fluent Bit `Format gelf`): the message key was renamed to short_message.
    const s = rec.short_message;
    if (typeof s === 'string') return stripNewline(s);
    const f = rec.full_message;
    if (typeof f === 'string') return stripNewline(f);
    return undefined;
  }

  private timeOf(rec: Json): number | undefined {
    const keys = this.opts.dateKeys;
    for (let i = 0; i < keys.length; i++) {
      const v = rec[keys[i]];
      if (v === undefined) continue;
      const ms = timeFromJsonValue(v);
      if (ms !== undefined) return ms;
    }
    return undefined;
  }

  private podOf(rec: Json): InternedPod | undefined {
    let pod: PodIdentity | undefined;
    const k = rec.kubernetes;
    if (k !== undefined) pod = podFromKubernetesMap(k);
    else if (rec._kubernetes_pod_name !== undefined) pod = podFromGelf(rec);
    return pod === undefined ? undefined : this.opts.interner.intern(pod);
  }
}

/** The container instance a record's kubernetes map (or GELF's flattened fields) names. */
function containerIdOfRecord(rec: Json): string | undefined {
  if (rec.kubernetes !== undefined) return containerIdFromKubernetesMap(rec.kubernetes);
  return containerIdOf(rec._kubernetes_docker_id, rec._kubernetes_container_hash);
}

/** GELF flattens the kubernetes map into `_kubernetes_<key>` fields. */
function podFromGelf(rec: Json): PodIdentity | undefined {
  return podFromKubernetesMap({
    pod_name: rec._kubernetes_pod_name,
    namespace_name: rec._kubernetes_namespace_name,
    container_name: rec._kubernetes_container_name,
    host: rec._kubernetes_host,
  });
}

/** Docker json-file `log` values end with the line's newline; the pipeline wants the line. */
function stripNewline(s: string): string {
  if (s.charCodeAt(s.length - 1) !== 10) return s;
  return s.charCodeAt(s.length - 2) === 13 ? s.slice(0, -2) : s.slice(0, -1);
}
