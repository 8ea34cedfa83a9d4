import type { RawEntry } from '../../model/record.js';
import { severityFromWord } from '../../parse/severity-words.js';
import { malformed, tooLarge } from '../http/input-error.js';
import type { InternedPod, PodInterner } from '../http/pod-interner.js';
import { int64Number, isObject, kvlistObject, kvlistValues, stringValue } from './any-value.js';
import { attributeFacts, kubernetesFacts, streamName, type AttributeFacts } from './otlp-identity.js';
import type { ExportLogsRequestMsg, LogRecordMsg, ResourceLogsMsg, ScopeLogsMsg } from './otlp-logs-schema.js';

export interface OtlpBatchOptions {
  maxRecords: number;
  /** Keys of a kvlist body holding the log text, first present wins. */
  messageKeys: readonly string[];
  /** Containers kept when a kvlist body is read as a record. */
  maxValueDepth: number;
  interner: PodInterner;
}

/** What a resource says, with its pod interned once for all of its records. */
export interface ResourceContext {
  pod?: InternedPod;
  containerId?: string;
}

export const NO_RESOURCE: ResourceContext = {};

/**
 * One request's log records as RawEntries. A record logsift cannot use (no body text, or a
 * value of the wrong type in OTLP/JSON) is counted and skipped: the answer's `partial_success`
 * reports them and the rest of the request is taken. A wrong envelope (resourceLogs, scopeLogs
 * or logRecords not lists of objects) makes the whole request undecodable.
 */
export class OtlpEntryBatch {
  readonly entries: RawEntry[] = [];
  /** Approximate bytes held by the entries (line text), for the queue's byte bound. */
  bytes = 0;
  /** Records whose body carries no text: empty, bytes, a number, or a kvlist without a message key. */
  noMessage = 0;
  /** Records with a value of the wrong type (OTLP/JSON only: protobuf types are checked by decoding). */
  invalidRecords = 0;
  private records = 0;

  constructor(private readonly opts: OtlpBatchOptions) {}

  get rejected(): number {
    return this.noMessage + this.invalidRecords;
  }

  /** A human-readable `partial_success.error_message`. */
  rejectionMessage(): string {
    const parts: string[] = [];
    if (this.noMessage > 0) {
      parts.push(`${this.noMessage} without log text (the body must be a string, or a kvlist with one of ${this.opts.messageKeys.join(', ')})`);
    }
    if (this.invalidRecords > 0) parts.push(`${this.invalidRecords} with a field of the wrong type`);
    return `${this.rejected} log record(s) rejected: ${parts.join('; ')}`;
  }

  /** Every record of a decoded ExportLogsServiceRequest (protobufjs message or OTLP/JSON object). */
  addRequest(request: ExportLogsRequestMsg): void {
    const resourceLogs = listOf(request.resourceLogs, 'resourceLogs');
    for (let r = 0; r < resourceLogs.length; r++) {
      const rl = resourceLogs[r] as ResourceLogsMsg;
      if (!isObject(rl)) throw malformed('resourceLogs holds a value that is not an object');
      const scopeLogs = listOf(rl.scopeLogs, 'scopeLogs');
      if (scopeLogs.length === 0) continue;
      const resource = this.resourceContext(rl.resource);
      for (let s = 0; s < scopeLogs.length; s++) {
        const sl = scopeLogs[s] as ScopeLogsMsg;
        if (!isObject(sl)) throw malformed('scopeLogs holds a value that is not an object');
        const records = listOf(sl.logRecords, 'logRecords');
        for (let i = 0; i < records.length; i++) this.addRecord(records[i] as LogRecordMsg, resource);
      }
    }
  }

  /** A decoded Resource (or absent) as the context of its records. */
  resourceContext(resource: unknown): ResourceContext {
    if (!isObject(resource)) return NO_RESOURCE;
    const facts = attributeFacts(resource.attributes);
    if (facts === undefined) return NO_RESOURCE;
    return { pod: facts.pod === undefined ? undefined : this.opts.interner.intern(facts.pod), containerId: facts.containerId };
  }

  /** One decoded LogRecord (protobufjs message or OTLP/JSON object). */
  addRecord(rec: LogRecordMsg, resource: ResourceContext): void {
    if (++this.records > this.opts.maxRecords) throw tooLarge(`more than ${this.opts.maxRecords} log records in one request (input.otlp.maxRecordsPerRequest)`);
    if (!isObject(rec)) {
      this.invalidRecords++;
      return;
    }
    const timeMs = recordTime(rec);
    const severityNumber = recordSeverity(rec);
    if (timeMs !== timeMs || severityNumber < 0) {
      this.invalidRecords++;
      return;
    }
    let pod = resource.pod;
    let containerId = resource.containerId;
    let stream: 'stdout' | 'stderr' | undefined;
    let text = stringValue(rec.body);
    if (text === undefined) {
      // Fluent Bit sends the whole record as a kvlist body when no logs_body_key matches.
      const kv = kvlistValues(rec.body);
      if (kv === undefined) {
        this.noMessage++;
        return;
      }
      const fields = kvlistObject(kv, this.opts.maxValueDepth);
      text = this.messageOf(fields);
      if (text === undefined) {
        this.noMessage++;
        return;
      }
      stream = streamName(fields.stream);
      if (pod === undefined || containerId === undefined) {
        const k = kubernetesFacts(fields.kubernetes);
        if (pod === undefined && k.pod !== undefined) pod = this.opts.interner.intern(k.pod);
        containerId ??= k.containerId;
      }
    }
    const attrs = rec.attributes;
    if (attrs !== undefined && attrs !== null) {
      if (!Array.isArray(attrs)) {
        this.invalidRecords++;
        return;
      }
      const facts: AttributeFacts | undefined = attrs.length === 0 ? undefined : attributeFacts(attrs);
      if (facts !== undefined) {
        stream = facts.stream ?? stream;
        if (pod === undefined && facts.pod !== undefined) pod = this.opts.interner.intern(facts.pod);
        containerId ??= facts.containerId;
      }
    }
    this.push(text, timeMs, severityNumber, pod, stream, containerId);
  }

  /**
   * A record the lean protobuf reader took apart, with what addRecord would have found: the body
   * text (undefined: none), time, severity (0 none), and the record attributes' facts merged over
   * the resource's (the reader has already counted the record against maxRecords).
   */
  addFields(
    text: string | undefined,
    timeMs: number | undefined,
    severityNumber: number,
    pod: InternedPod | undefined,
    stream: 'stdout' | 'stderr' | undefined,
    containerId: string | undefined,
  ): void {
    this.records++;
    if (text === undefined) this.noMessage++;
    else this.push(text, timeMs, severityNumber, pod, stream, containerId);
  }

  get interner(): PodInterner {
    return this.opts.interner;
  }

  private push(
    text: string,
    timeMs: number | undefined,
    severityNumber: number,
    pod: InternedPod | undefined,
    stream: 'stdout' | 'stderr' | undefined,
    containerId: string | undefined,
  ): void {
    const line = stripNewline(text);
    // One property set in one order for every entry: one hidden class downstream.
    this.entries.push({
      line,
      timeMs,
      pod: pod?.pod,
      streamKey: pod === undefined ? undefined : stream === 'stderr' ? pod.stderrKey : stream === 'stdout' ? pod.stdoutKey : pod.key,
      unwrapped: true,
      stream,
      containerId,
      severityNumber: severityNumber === 0 ? undefined : severityNumber,
    });
    this.bytes += line.length + 1;
  }

  private messageOf(fields: Record<string, unknown>): string | undefined {
    const keys = this.opts.messageKeys;
    for (let i = 0; i < keys.length; i++) {
      const v = fields[keys[i]];
      if (typeof v === 'string') return v;
    }
    return undefined;
  }
}

function listOf(v: unknown, name: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw malformed(`${name} is not a list`);
  return v;
}

/** Event time in ms: `timeUnixNano`, else `observedTimeUnixNano`; undefined when neither is set, NaN when malformed. */
function recordTime(rec: LogRecordMsg): number | undefined {
  const t = rec.timeUnixNano;
  if (t !== undefined && t !== null) {
    const ns = int64Number(t);
    if (ns !== ns || ns < 0) return NaN;
    if (ns > 0) return ns / 1e6;
  }
  const o = rec.observedTimeUnixNano;
  if (o !== undefined && o !== null) {
    const ns = int64Number(o);
    if (ns !== ns || ns < 0) return NaN;
    if (ns > 0) return ns / 1e6;
  }
  return undefined;
}

/** The sender's SeverityNumber (1-24), from `severityText` when only that is set; 0 none, -1 malformed. */
function recordSeverity(rec: LogRecordMsg): number {
  const n = rec.severityNumber;
  if (n !== undefined && n !== null && n !== 0) {
    if (typeof n !== 'number' || !Number.isInteger(n)) return -1;
    return n >= 1 && n <= 24 ? n : 0;
  }
  const text = rec.severityText;
  if (text === undefined || text === null || text === '') return 0;
  if (typeof text !== 'string') return -1;
  return severityFromWord(text);
}

/** A body that is a whole line read from a file still ends with its newline. */
function stripNewline(s: string): string {
  if (s.charCodeAt(s.length - 1) !== 10) return s;
  return s.charCodeAt(s.length - 2) === 13 ? s.slice(0, -2) : s.slice(0, -1);
}
