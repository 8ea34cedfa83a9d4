import protobuf from 'protobufjs';
import { severityFromWord } from '../../parse/severity-words.js';
import { NO_RESOURCE, type OtlpEntryBatch, type ResourceContext } from './otlp-entry-batch.js';
import { AttributeFactsBuilder, FACT_KEYS, FactKey } from './otlp-identity.js';
import {
  AnyValueType,
  ExportLogsServiceRequest,
  KeyValueType,
  LogRecordType,
  ResourceLogsType,
  ResourceType,
  ScopeLogsType,
  type LogRecordMsg,
} from './otlp-logs-schema.js';
import type { ShapeLimits } from './request-shape.js';

/**
 * A lean reader for ExportLogsServiceRequest: one pass over the bytes with protobufjs' own
 * Reader primitives that builds RawEntries straight from the wire, without a message object per
 * LogRecord, body, KeyValue and AnyValue (that allocation was most of the OTLP decode cost).
 * The same pass makes the pre-scan's checks (messages per request, value nesting, truncation).
 *
 * It gives exactly what the pre-scan + `ExportLogsServiceRequest.decode` + OtlpEntryBatch would:
 * - a record it does not model (a kvlist body without a string, a `kubernetes` or
 *   `k8s.container.restart_count` record attribute) is decoded by protobufjs alone
 *   (`LogRecord.decode` at its own offset and depth) and goes through `addRecord`; a Resource
 *   is always decoded that way (once per ResourceLogs);
 * - anything the full path would refuse or might read differently (a limit passed, a known field
 *   with another wire type, a varint protobufjs and the pre-scan would frame differently, a
 *   message running past its parent, any Reader error, too many records) makes it give up, and
 *   the caller decodes the whole request the full way, which decides and reports as before.
 */

const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;

// How a field the hot path does not read is passed over.
const SKIP_VARINT32 = 0;
const SKIP_VARINT64 = 1;
const SKIP_FIXED64 = 2;
const SKIP_FIXED32 = 3;
const SKIP_LEN = 4;
const SKIP_MESSAGE = 5;

interface FieldRule {
  readonly wire: number;
  readonly skip: number;
  readonly message?: MessageRule;
}

interface MessageRule {
  /** Per field number; sparse. */
  readonly fields: (FieldRule | undefined)[];
  /** AnyValue: entering one is a level of value nesting (as the pre-scan counts). */
  readonly isValue: boolean;
}

const SCALARS: Readonly<Record<string, [number, number]>> = {
  int32: [VARINT, SKIP_VARINT32],
  uint32: [VARINT, SKIP_VARINT32],
  bool: [VARINT, SKIP_VARINT32],
  int64: [VARINT, SKIP_VARINT64],
  uint64: [VARINT, SKIP_VARINT64],
  fixed64: [I64, SKIP_FIXED64],
  sfixed64: [I64, SKIP_FIXED64],
  double: [I64, SKIP_FIXED64],
  fixed32: [I32, SKIP_FIXED32],
  sfixed32: [I32, SKIP_FIXED32],
  float: [I32, SKIP_FIXED32],
  string: [LEN, SKIP_LEN],
  bytes: [LEN, SKIP_LEN],
};

/** The read profile as rules (cyclic through AnyValue), built once from the protobufjs schema. */
function ruleOf(type: protobuf.Type, seen = new Map<protobuf.Type, MessageRule>()): MessageRule {
  const known = seen.get(type);
  if (known) return known;
  const rule: MessageRule = { fields: [], isValue: type === AnyValueType };
  seen.set(type, rule);
  for (const field of type.fieldsArray) {
    field.resolve();
    if (field.resolvedType instanceof protobuf.Type) {
      rule.fields[field.id] = { wire: LEN, skip: SKIP_MESSAGE, message: ruleOf(field.resolvedType, seen) };
      continue;
    }
    const scalar = field.resolvedType instanceof protobuf.Enum ? SCALARS.int32 : SCALARS[field.type];
    // Packed repeated scalars are not in the read profile; a schema change must decide them here.
    if (scalar === undefined || field.repeated) throw new Error(`lean OTLP reader: field ${type.name}.${field.name} (${field.type}) not modelled`);
    rule.fields[field.id] = { wire: scalar[0], skip: scalar[1] };
  }
  return rule;
}

const REQUEST_RULE = ruleOf(ExportLogsServiceRequest);
const RESOURCE_LOGS_RULE = ruleOf(ResourceLogsType);
const RESOURCE_RULE = ruleOf(ResourceType);
const SCOPE_LOGS_RULE = ruleOf(ScopeLogsType);
const LOG_RECORD_RULE = ruleOf(LogRecordType);
const KEY_VALUE_RULE = ruleOf(KeyValueType);
const ANY_VALUE_RULE = ruleOf(AnyValueType);

const tag = (type: protobuf.Type, field: string, wire: number): number => (type.fields[field].id << 3) | wire;

const T_RESOURCE_LOGS = tag(ExportLogsServiceRequest, 'resourceLogs', LEN);
const T_RESOURCE = tag(ResourceLogsType, 'resource', LEN);
const T_SCOPE_LOGS = tag(ResourceLogsType, 'scopeLogs', LEN);
const T_LOG_RECORD = tag(ScopeLogsType, 'logRecords', LEN);
const T_TIME = tag(LogRecordType, 'timeUnixNano', I64);
const T_OBSERVED_TIME = tag(LogRecordType, 'observedTimeUnixNano', I64);
const T_SEVERITY = tag(LogRecordType, 'severityNumber', VARINT);
const T_SEVERITY_TEXT = tag(LogRecordType, 'severityText', LEN);
const T_BODY = tag(LogRecordType, 'body', LEN);
const T_ATTRIBUTE = tag(LogRecordType, 'attributes', LEN);
const T_KEY = tag(KeyValueType, 'key', LEN);
const T_VALUE = tag(KeyValueType, 'value', LEN);
const T_STRING_VALUE = tag(AnyValueType, 'stringValue', LEN);
const T_KVLIST_VALUE = tag(AnyValueType, 'kvlistValue', LEN);

// protobufjs' decode depth (`n`) of each message, which bounds its recursion and skipType.
const DEPTH_RESOURCE_LOGS = 1;
const DEPTH_RESOURCE = 2;
const DEPTH_SCOPE_LOGS = 2;
const DEPTH_LOG_RECORD = 3;

/** Attribute keys by UTF-8 length, so a key is matched on the wire without making a string. */
const FACT_KEYS_BY_LENGTH: [Buffer, number][][] = [];
for (const [key, fact] of FACT_KEYS) {
  const bytes = Buffer.from(key);
  (FACT_KEYS_BY_LENGTH[bytes.length] ??= []).push([bytes, fact]);
}

const STDOUT = Buffer.from('stdout');
const STDERR = Buffer.from('stderr');

/** Thrown inside the reader for "not modelled here"; never leaves it. */
const UNUSUAL = new Error('not read by the lean OTLP reader');

function equalBytes(buf: Uint8Array, at: number, bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (buf[at + i] !== bytes[i]) return false;
  return true;
}

class LeanLogsReader {
  private r!: protobuf.Reader;
  private batch!: OtlpEntryBatch;
  private maxValues = 0;
  private maxValueDepth = 0;
  private maxRecords = 0;
  private values = 0;
  private records = 0;
  private readonly facts = new AttributeFactsBuilder();
  /** The record needs protobufjs (an attribute the reader does not model). */
  private unusual = false;
  // Output of anyValue(): offset of the last stringValue's length (-1 none), and whether a kvlist was seen.
  private textAt = -1;
  private sawKvlist = false;

  read(body: Uint8Array, batch: OtlpEntryBatch, limits: ShapeLimits, maxRecords: number): boolean {
    const r = protobuf.Reader.create(body);
    this.r = r;
    this.batch = batch;
    this.maxValues = limits.maxValues;
    this.maxValueDepth = limits.maxValueDepth;
    this.maxRecords = maxRecords;
    this.values = 0;
    this.records = 0;
    try {
      const end = r.len;
      while (r.pos < end) {
        const t = r.uint32();
        if (t === T_RESOURCE_LOGS) this.resourceLogs(this.enter(end, 0, DEPTH_RESOURCE_LOGS));
        else this.other(REQUEST_RULE, t, end, 0, 0);
      }
      return r.pos === end;
    } catch {
      return false;
    } finally {
      this.r = undefined as unknown as protobuf.Reader;
      this.batch = undefined as unknown as OtlpEntryBatch;
      this.facts.reset();
    }
  }

  /** The length of a message field about to be read: its end, after the pre-scan's checks. */
  private enter(parentEnd: number, valueDepth: number, depth: number): number {
    const r = this.r;
    const end = r.uint32() + r.pos;
    if (end > parentEnd || ++this.values > this.maxValues || valueDepth > this.maxValueDepth || depth > protobuf.Reader.recursionLimit) throw UNUSUAL;
    return end;
  }

  /** A message the hot path does not read: checked and passed over (counted like the pre-scan). */
  private walk(rule: MessageRule, end: number, valueDepth: number, depth: number): void {
    const r = this.r;
    while (r.pos < end) this.other(rule, r.uint32(), end, valueDepth, depth);
    if (r.pos !== end) throw UNUSUAL;
  }

  /**
   * A field the hot path does not read, in a message at `depth` and `valueDepth`: unknown fields
   * skipped as protobufjs does; known ones must have their wire type, and varints a length that
   * protobufjs' readers and the pre-scan's skip() frame alike.
   */
  private other(rule: MessageRule, t: number, end: number, valueDepth: number, depth: number): void {
    const r = this.r;
    const f = rule.fields[t >>> 3];
    if (f === undefined) {
      r.skipType(t & 7, depth);
      return;
    }
    if ((t & 7) !== f.wire) throw UNUSUAL;
    const start = r.pos;
    switch (f.skip) {
      case SKIP_MESSAGE: {
        const child = f.message as MessageRule;
        const d = child.isValue ? valueDepth + 1 : valueDepth;
        this.walk(child, this.enter(end, d, depth + 1), d, depth + 1);
        return;
      }
      case SKIP_VARINT32:
        r.skip();
        if (r.pos - start > 5) throw UNUSUAL;
        return;
      case SKIP_VARINT64:
        r.skip();
        if (r.pos - start > 10) throw UNUSUAL;
        return;
      case SKIP_FIXED64:
        r.skip(8);
        return;
      case SKIP_FIXED32:
        r.skip(4);
        return;
      default:
        r.skip(r.uint32());
    }
  }

  private resourceLogs(end: number): void {
    const r = this.r;
    const start = r.pos;
    // The Resource may follow the ScopeLogs on the wire, and the last one counts (protobufjs
    // replaces a repeated singular message): find it first, then read the records.
    let resourceStart = -1;
    let resourceEnd = -1;
    let scopes = 0;
    while (r.pos < end) {
      const t = r.uint32();
      if (t === T_RESOURCE) {
        resourceEnd = this.enter(end, 0, DEPTH_RESOURCE);
        resourceStart = r.pos;
        this.walk(RESOURCE_RULE, resourceEnd, 0, DEPTH_RESOURCE);
      } else if (t === T_SCOPE_LOGS) {
        scopes++;
        r.skip(r.uint32());
      } else {
        this.other(RESOURCE_LOGS_RULE, t, end, 0, DEPTH_RESOURCE_LOGS);
      }
    }
    if (r.pos !== end || scopes === 0) {
      if (r.pos !== end) throw UNUSUAL;
      return;
    }
    let resource: ResourceContext = NO_RESOURCE;
    if (resourceStart >= 0) {
      r.pos = resourceStart;
      resource = this.batch.resourceContext(ResourceType.decode(r, resourceEnd - resourceStart, undefined, DEPTH_RESOURCE));
    }
    r.pos = start;
    while (r.pos < end) {
      const t = r.uint32();
      if (t === T_SCOPE_LOGS) this.scopeLogs(this.enter(end, 0, DEPTH_SCOPE_LOGS), resource);
      else r.skipType(t & 7, DEPTH_RESOURCE_LOGS); // checked and counted above
    }
  }

  private scopeLogs(end: number, resource: ResourceContext): void {
    const r = this.r;
    while (r.pos < end) {
      const t = r.uint32();
      if (t === T_LOG_RECORD) this.logRecord(this.enter(end, 0, DEPTH_LOG_RECORD), resource);
      else this.other(SCOPE_LOGS_RULE, t, end, 0, DEPTH_SCOPE_LOGS);
    }
    if (r.pos !== end) throw UNUSUAL;
  }

  private logRecord(end: number, resource: ResourceContext): void {
    if (++this.records > this.maxRecords) throw UNUSUAL;
    const r = this.r;
    const start = r.pos;
    // fixed64 as two fixed32 halves: the unsigned value int64Number makes of protobufjs' Long.
    let timeLo = 0;
    let timeHi = 0;
    let observedLo = 0;
    let observedHi = 0;
    let severity = 0;
    let severityTextAt = -1;
    let bodyTextAt = -1;
    let bodyKvlist = false;
    const facts = this.facts;
    facts.reset();
    this.unusual = false;
    while (r.pos < end) {
      const t = r.uint32();
      switch (t) {
        case T_TIME:
          timeLo = r.fixed32();
          timeHi = r.fixed32();
          break;
        case T_OBSERVED_TIME:
          observedLo = r.fixed32();
          observedHi = r.fixed32();
          break;
        case T_SEVERITY: {
          const p = r.pos;
          severity = r.int32();
          if (r.pos - p > 5) throw UNUSUAL;
          break;
        }
        case T_SEVERITY_TEXT:
          severityTextAt = r.pos;
          r.skip(r.uint32());
          break;
        case T_BODY:
          this.anyValue(this.enter(end, 1, DEPTH_LOG_RECORD + 1), 1, DEPTH_LOG_RECORD + 1);
          bodyTextAt = this.textAt;
          bodyKvlist = this.sawKvlist;
          break;
        case T_ATTRIBUTE:
          this.attribute(this.enter(end, 0, DEPTH_LOG_RECORD + 1));
          break;
        default:
          this.other(LOG_RECORD_RULE, t, end, 0, DEPTH_LOG_RECORD);
      }
    }
    if (r.pos !== end) throw UNUSUAL;
    if (this.unusual || (bodyTextAt < 0 && bodyKvlist)) {
      r.pos = start;
      this.batch.addRecord(LogRecordType.decode(r, end - start, undefined, DEPTH_LOG_RECORD) as LogRecordMsg, resource);
      return;
    }
    const text = bodyTextAt < 0 ? undefined : this.stringAt(bodyTextAt);
    const t = timeHi * 4294967296 + timeLo;
    const o = observedHi * 4294967296 + observedLo;
    const timeMs = t > 0 ? t / 1e6 : o > 0 ? o / 1e6 : undefined;
    let severityNumber = 0;
    if (severity !== 0) severityNumber = severity >= 1 && severity <= 24 ? severity : 0;
    else if (severityTextAt >= 0) {
      const word = this.stringAt(severityTextAt);
      severityNumber = word === '' ? 0 : severityFromWord(word);
    }
    r.pos = end;
    let pod = resource.pod;
    let containerId = resource.containerId;
    let stream = facts.stream;
    if (text !== undefined && !facts.streamOnly) {
      const f = facts.facts();
      if (f !== undefined) {
        stream = f.stream;
        if (pod === undefined && f.pod !== undefined) pod = this.batch.interner.intern(f.pod);
        containerId ??= f.containerId;
      }
    }
    this.batch.addFields(text, timeMs, severityNumber, pod, stream, containerId);
  }

  /** An AnyValue: sets textAt (its last stringValue) and sawKvlist; everything else checked and skipped. */
  private anyValue(end: number, valueDepth: number, depth: number): void {
    const r = this.r;
    let textAt = -1;
    let kvlist = false;
    while (r.pos < end) {
      const t = r.uint32();
      if (t === T_STRING_VALUE) {
        textAt = r.pos;
        r.skip(r.uint32());
      } else {
        if (t === T_KVLIST_VALUE) kvlist = true;
        this.other(ANY_VALUE_RULE, t, end, valueDepth, depth);
      }
    }
    if (r.pos !== end) throw UNUSUAL;
    this.textAt = textAt;
    this.sawKvlist = kvlist;
  }

  /** A record attribute: identity keys go to the facts builder; the others are only checked. */
  private attribute(end: number): void {
    const r = this.r;
    const depth = DEPTH_LOG_RECORD + 1;
    let keyAt = -1;
    let keyLength = 0;
    let valueTextAt = -1;
    while (r.pos < end) {
      const t = r.uint32();
      if (t === T_KEY) {
        keyLength = r.uint32();
        keyAt = r.pos;
        r.skip(keyLength);
      } else if (t === T_VALUE) {
        this.anyValue(this.enter(end, 1, depth + 1), 1, depth + 1);
        valueTextAt = this.textAt;
      } else {
        this.other(KEY_VALUE_RULE, t, end, 0, depth);
      }
    }
    if (r.pos !== end) throw UNUSUAL;
    if (keyAt < 0) return;
    const fact = this.factAt(keyAt, keyLength);
    if (fact === FactKey.NONE) return;
    if (fact === FactKey.RESTART_COUNT || fact === FactKey.KUBERNETES) {
      this.unusual = true;
    } else if (fact === FactKey.STREAM) {
      this.facts.addText(fact, valueTextAt < 0 ? undefined : this.streamAt(valueTextAt));
    } else {
      this.facts.addText(fact, valueTextAt < 0 ? undefined : this.stringAt(valueTextAt));
    }
    r.pos = end;
  }

  private factAt(at: number, length: number): number {
    const candidates = FACT_KEYS_BY_LENGTH[length];
    if (candidates === undefined) return FactKey.NONE;
    const buf = this.r.buf;
    for (let i = 0; i < candidates.length; i++) if (equalBytes(buf, at, candidates[i][0])) return candidates[i][1];
    return FactKey.NONE;
  }

  /** The string whose length varint is at `at` (the reader is left after it). */
  private stringAt(at: number): string {
    this.r.pos = at;
    return this.r.string();
  }

  /** `stdout` / `stderr` for a string with exactly those bytes, else undefined; no string made. */
  private streamAt(at: number): 'stdout' | 'stderr' | undefined {
    const r = this.r;
    r.pos = at;
    if (r.uint32() !== 6) return undefined;
    return equalBytes(r.buf, r.pos, STDERR) ? 'stderr' : equalBytes(r.buf, r.pos, STDOUT) ? 'stdout' : undefined;
  }
}

const reader = new LeanLogsReader();

/**
 * Reads a protobuf ExportLogsServiceRequest into `batch`; false when the request needs the full
 * decode (then `batch` is partly filled and must be dropped). Synchronous, not re-entrant.
 */
export function readLogsRequestLean(body: Uint8Array, batch: OtlpEntryBatch, limits: ShapeLimits, maxRecords: number): boolean {
  return reader.read(body, batch, limits, maxRecords);
}
