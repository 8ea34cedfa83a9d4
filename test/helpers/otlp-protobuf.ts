/**
 * A small OTLP protobuf decoder for tests: the wire format, plus a field table for the
 * messages of ExportLogsServiceRequest and ExportMetricsServiceRequest (opentelemetry-proto
 * v1). It decodes into the same shape as OTLP/JSON so one normaliser reads both.
 */

type Kind = 'string' | 'bytes' | 'varint' | 'bool' | 'fixed64' | 'sfixed64' | 'double' | 'fixed32' | { msg: string };
interface Field {
  name: string;
  kind: Kind;
  repeated?: boolean;
}

const SCHEMA: Record<string, Record<number, Field>> = {
  ExportLogsServiceRequest: { 1: { name: 'resourceLogs', kind: { msg: 'ResourceLogs' }, repeated: true } },
  ResourceLogs: {
    1: { name: 'resource', kind: { msg: 'Resource' } },
    2: { name: 'scopeLogs', kind: { msg: 'ScopeLogs' }, repeated: true },
    3: { name: 'schemaUrl', kind: 'string' },
  },
  Resource: { 1: { name: 'attributes', kind: { msg: 'KeyValue' }, repeated: true }, 2: { name: 'droppedAttributesCount', kind: 'varint' } },
  ScopeLogs: {
    1: { name: 'scope', kind: { msg: 'InstrumentationScope' } },
    2: { name: 'logRecords', kind: { msg: 'LogRecord' }, repeated: true },
    3: { name: 'schemaUrl', kind: 'string' },
  },
  InstrumentationScope: {
    1: { name: 'name', kind: 'string' },
    2: { name: 'version', kind: 'string' },
    3: { name: 'attributes', kind: { msg: 'KeyValue' }, repeated: true },
    4: { name: 'droppedAttributesCount', kind: 'varint' },
  },
  LogRecord: {
    1: { name: 'timeUnixNano', kind: 'fixed64' },
    11: { name: 'observedTimeUnixNano', kind: 'fixed64' },
    2: { name: 'severityNumber', kind: 'varint' },
    3: { name: 'severityText', kind: 'string' },
    5: { name: 'body', kind: { msg: 'AnyValue' } },
    6: { name: 'attributes', kind: { msg: 'KeyValue' }, repeated: true },
    7: { name: 'droppedAttributesCount', kind: 'varint' },
    8: { name: 'flags', kind: 'fixed32' },
    9: { name: 'traceId', kind: 'bytes' },
    10: { name: 'spanId', kind: 'bytes' },
    12: { name: 'eventName', kind: 'string' },
  },
  KeyValue: { 1: { name: 'key', kind: 'string' }, 2: { name: 'value', kind: { msg: 'AnyValue' } } },
  AnyValue: {
    1: { name: 'stringValue', kind: 'string' },
    2: { name: 'boolValue', kind: 'bool' },
    3: { name: 'intValue', kind: 'varint' },
    4: { name: 'doubleValue', kind: 'double' },
    5: { name: 'arrayValue', kind: { msg: 'ArrayValue' } },
    6: { name: 'kvlistValue', kind: { msg: 'KeyValueList' } },
    7: { name: 'bytesValue', kind: 'bytes' },
  },
  ArrayValue: { 1: { name: 'values', kind: { msg: 'AnyValue' }, repeated: true } },
  KeyValueList: { 1: { name: 'values', kind: { msg: 'KeyValue' }, repeated: true } },
  ExportMetricsServiceRequest: { 1: { name: 'resourceMetrics', kind: { msg: 'ResourceMetrics' }, repeated: true } },
  ResourceMetrics: {
    1: { name: 'resource', kind: { msg: 'Resource' } },
    2: { name: 'scopeMetrics', kind: { msg: 'ScopeMetrics' }, repeated: true },
    3: { name: 'schemaUrl', kind: 'string' },
  },
  ScopeMetrics: {
    1: { name: 'scope', kind: { msg: 'InstrumentationScope' } },
    2: { name: 'metrics', kind: { msg: 'Metric' }, repeated: true },
    3: { name: 'schemaUrl', kind: 'string' },
  },
  Metric: {
    1: { name: 'name', kind: 'string' },
    2: { name: 'description', kind: 'string' },
    3: { name: 'unit', kind: 'string' },
    5: { name: 'gauge', kind: { msg: 'Gauge' } },
    7: { name: 'sum', kind: { msg: 'Sum' } },
  },
  Gauge: { 1: { name: 'dataPoints', kind: { msg: 'NumberDataPoint' }, repeated: true } },
  Sum: {
    1: { name: 'dataPoints', kind: { msg: 'NumberDataPoint' }, repeated: true },
    2: { name: 'aggregationTemporality', kind: 'varint' },
    3: { name: 'isMonotonic', kind: 'bool' },
  },
  NumberDataPoint: {
    7: { name: 'attributes', kind: { msg: 'KeyValue' }, repeated: true },
    2: { name: 'startTimeUnixNano', kind: 'fixed64' },
    3: { name: 'timeUnixNano', kind: 'fixed64' },
    4: { name: 'asDouble', kind: 'double' },
    6: { name: 'asInt', kind: 'sfixed64' },
    5: { name: 'flags', kind: 'varint' },
  },
};

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  bytes(): Buffer {
    const len = Number(this.varint());
    if (this.pos + len > this.buf.length) throw new Error('truncated bytes');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  fixed(n: 4 | 8): Buffer {
    if (this.pos + n > this.buf.length) throw new Error('truncated fixed');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.fixed(8);
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.fixed(4);
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function decodeMessage(buf: Buffer, type: string): Record<string, unknown> {
  const fields = SCHEMA[type];
  const out: Record<string, unknown> = {};
  const r = new Reader(buf);
  while (!r.done) {
    const tag = Number(r.varint());
    const num = tag >>> 3;
    const wire = tag & 7;
    const f = fields[num];
    if (!f) {
      r.skip(wire);
      continue;
    }
    let value: unknown;
    const k = f.kind;
    if (typeof k === 'object') value = decodeMessage(r.bytes(), k.msg);
    else if (k === 'string') value = r.bytes().toString('utf8');
    else if (k === 'bytes') value = r.bytes().toString('hex');
    else if (k === 'bool') value = r.varint() !== 0n;
    else if (k === 'varint') value = Number(BigInt.asIntN(64, r.varint()));
    else if (k === 'fixed64') value = r.fixed(8).readBigUInt64LE().toString();
    else if (k === 'sfixed64') value = Number(r.fixed(8).readBigInt64LE());
    else if (k === 'double') value = r.fixed(8).readDoubleLE();
    else value = r.fixed(4).readUInt32LE();
    if (f.repeated) ((out[f.name] ??= []) as unknown[]).push(value);
    else out[f.name] = value;
  }
  return out;
}

export function decodeLogsRequest(buf: Buffer): Record<string, unknown> {
  return decodeMessage(buf, 'ExportLogsServiceRequest');
}

export function decodeMetricsRequest(buf: Buffer): Record<string, unknown> {
  return decodeMessage(buf, 'ExportMetricsServiceRequest');
}
