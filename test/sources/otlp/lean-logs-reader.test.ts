// The lean protobuf reader against the full decode (pre-scan + protobufjs + walk): on generated
// requests (every field logsift reads, fields it does not, repeats, odd wire types, fields out of
// order, kvlist/array bodies, identity attributes) and on those requests mutated byte by byte,
// the receiver's result is the same entries, counts and refusal (status and message) either way.
import t from 'tap';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { isDeepStrictEqual } from 'node:util';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { HttpInputError } from '../../../src/sources/http/input-error.js';
import { PodInterner } from '../../../src/sources/http/pod-interner.js';
import { decodeLogsRequest, decodeLogsRequestFull, type OtlpDecodeOptions } from '../../../src/sources/otlp/decode-logs-request.js';
import { readLogsRequestLean } from '../../../src/sources/otlp/lean-logs-reader.js';
import { OtlpEntryBatch } from '../../../src/sources/otlp/otlp-entry-batch.js';
import { sdkRecords } from './support.js';

/** A protobuf field as written: number, and a value of one wire type (or a nested message). */
type Field =
  | { id: number; kind: 'varint'; value: number }
  | { id: number; kind: 'fixed64'; value: number }
  | { id: number; kind: 'fixed32'; value: number }
  | { id: number; kind: 'double'; value: number }
  | { id: number; kind: 'string'; value: string }
  | { id: number; kind: 'bytes'; value: Uint8Array }
  | { id: number; kind: 'message'; value: Field[] };

function write(fields: Field[], w: protobuf.Writer): protobuf.Writer {
  for (const f of fields) {
    switch (f.kind) {
      case 'varint':
        w.uint32((f.id << 3) | 0).int64(f.value);
        break;
      case 'fixed64':
        w.uint32((f.id << 3) | 1).fixed64(f.value);
        break;
      case 'double':
        w.uint32((f.id << 3) | 1).double(f.value);
        break;
      case 'fixed32':
        w.uint32((f.id << 3) | 5).fixed32(f.value);
        break;
      case 'string':
        w.uint32((f.id << 3) | 2).string(f.value);
        break;
      case 'bytes':
        w.uint32((f.id << 3) | 2).bytes(f.value);
        break;
      case 'message':
        write(f.value, w.uint32((f.id << 3) | 2).fork()).ldelim();
        break;
    }
  }
  return w;
}

const encode = (fields: Field[]): Buffer => Buffer.from(write(fields, protobuf.Writer.create()).finish());

const str = (id: number, value: string): Field => ({ id, kind: 'string', value });
const msg = (id: number, value: Field[]): Field => ({ id, kind: 'message', value });

/** Fields logsift never reads (trace ids, flags, dropped counts, schema URLs...), with any wire type. */
const unknownField = (ids: number[]): fc.Arbitrary<Field> =>
  fc.oneof(
    fc.record({ id: fc.constantFrom(...ids), kind: fc.constant('varint' as const), value: fc.integer({ min: -5, max: 1 << 30 }) }),
    fc.record({ id: fc.constantFrom(...ids), kind: fc.constant('fixed32' as const), value: fc.nat() }),
    fc.record({ id: fc.constantFrom(...ids), kind: fc.constant('bytes' as const), value: fc.uint8Array({ maxLength: 16 }) }),
  );

const KEYS = [
  'k8s.namespace.name', 'k8s.pod.name', 'k8s.container.name', 'k8s.node.name', 'container.id', 'k8s.container.restart_count',
  'log.iostream', 'stream', 'kubernetes', 'log', 'message', 'service.name', '',
];
const TEXTS = ['stdout', 'stderr', 'dev', 'api-0', 'api', 'node-1', 'abc123', '', 'INFO', 'warn', 'x\n', 'Booting worker\r\n', 'naïve ✓'];

const { anyValue } = fc.letrec<{ anyValue: Field[]; keyValue: Field[] }>((tie) => ({
  // Usually one member of the oneof, sometimes none or two (protobufjs keeps both).
  anyValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...TEXTS).map((s) => [str(1, s)]),
    fc.constantFrom(...TEXTS).map((s) => [str(1, s)]),
    fc.boolean().map((b): Field[] => [{ id: 2, kind: 'varint', value: b ? 1 : 0 }]),
    fc.integer({ min: -3, max: 99 }).map((n): Field[] => [{ id: 3, kind: 'varint', value: n }]),
    fc.double({ noNaN: true }).map((d): Field[] => [{ id: 4, kind: 'double', value: d }]),
    fc.array(tie('anyValue'), { maxLength: 3 }).map((vs): Field[] => [msg(5, vs.map((v) => msg(1, v)))]),
    fc.array(tie('keyValue'), { maxLength: 4 }).map((kvs): Field[] => [msg(6, kvs.map((kv) => msg(1, kv)))]),
    fc.uint8Array({ maxLength: 8 }).map((b): Field[] => [{ id: 7, kind: 'bytes', value: b }]),
    fc.constant([] as Field[]),
    fc.tuple(fc.constantFrom(...TEXTS), fc.integer({ min: 0, max: 9 })).map(([s, n]): Field[] => [{ id: 3, kind: 'varint', value: n }, str(1, s)]),
  ),
  keyValue: fc
    .tuple(fc.constantFrom(...KEYS), fc.option(tie('anyValue'), { nil: undefined }), fc.boolean())
    .map(([key, value, keyLast]) => {
      const fields: Field[] = value === undefined ? [] : [msg(2, value)];
      return keyLast ? [...fields, str(1, key)] : [str(1, key), ...fields];
    }),
}));

/** Fluent Bit's `kubernetes` map, as a kvlist attribute or body entry. */
const kubernetesMap: fc.Arbitrary<Field[]> = fc
  .record({ pod: fc.constantFrom('api-0', 'api-1'), ns: fc.constantFrom('dev', ''), docker: fc.option(fc.constant('abc123'), { nil: undefined }) })
  .map(({ pod, ns, docker }) => {
    const kv = (k: string, v: string): Field => msg(1, [str(1, k), msg(2, [str(1, v)])]);
    const entries = [kv('pod_name', pod), kv('namespace_name', ns), kv('container_name', 'api'), ...(docker ? [kv('docker_id', docker)] : [])];
    return [str(1, 'kubernetes'), msg(2, [msg(6, entries)])];
  });

const attribute: fc.Arbitrary<Field[]> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...TEXTS)).map(([k, v]) => [str(1, k), msg(2, [str(1, v)])]) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 5 }).map((n) => [str(1, 'k8s.container.restart_count'), msg(2, [{ id: 3, kind: 'varint' as const, value: n }])]) },
  { weight: 1, arbitrary: kubernetesMap },
  { weight: 2, arbitrary: fc.constant(null).chain(() => anyValue).map((v) => [str(1, 'log.iostream'), msg(2, v)]) },
);

const time = fc.oneof(fc.constant(0), fc.constant(1_678_840_926_001_000_000), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));

const logRecord: fc.Arbitrary<Field[]> = fc
  .record(
    {
      time: fc.option(time, { nil: undefined }),
      observed: fc.option(time, { nil: undefined }),
      severity: fc.option(fc.integer({ min: -2, max: 30 }), { nil: undefined }),
      severityText: fc.option(fc.constantFrom('', 'INFO', 'warning', 'CRITICAL', 'bogus'), { nil: undefined }),
      body: fc.option(
        fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...TEXTS).map((s) => [str(1, s)]) },
          { weight: 1, arbitrary: anyValue },
          { weight: 1, arbitrary: kubernetesMap.map((k) => [msg(6, [msg(1, [str(1, 'log'), msg(2, [str(1, 'from kvlist')])]), msg(1, [str(1, 'stream'), msg(2, [str(1, 'stderr')])]), msg(1, k)])]) },
        ),
        { nil: undefined, freq: 8 },
      ),
      attributes: fc.array(attribute, { maxLength: 4 }),
      extra: fc.array(unknownField([4, 7, 8, 9, 10, 12, 99]), { maxLength: 3 }),
      twice: fc.boolean(),
    },
    { requiredKeys: ['attributes', 'extra', 'twice'] },
  )
  .chain((r) => {
    const fields: Field[] = [];
    if (r.time !== undefined) fields.push({ id: 1, kind: 'fixed64', value: r.time });
    if (r.observed !== undefined) fields.push({ id: 11, kind: 'fixed64', value: r.observed });
    if (r.severity !== undefined) fields.push({ id: 2, kind: 'varint', value: r.severity });
    if (r.severityText !== undefined) fields.push(str(3, r.severityText));
    if (r.body !== undefined) fields.push(msg(5, r.body));
    for (const a of r.attributes) fields.push(msg(6, a));
    fields.push(...r.extra);
    if (r.twice && r.body !== undefined) fields.push(msg(5, [str(1, 'the second body')]));
    return fc.shuffledSubarray(fields, { minLength: fields.length, maxLength: fields.length }).chain((shuffled) => fc.constantFrom(fields, shuffled));
  });

const resourceAttrs: fc.Arbitrary<Field[]> = fc.oneof(
  fc.constant<Field[]>([
    msg(1, [str(1, 'k8s.namespace.name'), msg(2, [str(1, 'dev')])]),
    msg(1, [str(1, 'k8s.pod.name'), msg(2, [str(1, 'api-7f9c')])]),
    msg(1, [str(1, 'k8s.container.name'), msg(2, [str(1, 'api')])]),
  ]),
  fc.array(attribute.map((a) => msg(1, a)), { maxLength: 3 }),
);

const request: fc.Arbitrary<Field[]> = fc.array(
  fc
    .record({
      resource: fc.option(resourceAttrs, { nil: undefined }),
      scopes: fc.array(fc.tuple(fc.array(logRecord, { maxLength: 4 }), fc.boolean()), { maxLength: 3 }),
      resourceLast: fc.boolean(),
      extra: fc.array(unknownField([3, 9]), { maxLength: 1 }),
    })
    .map(({ resource, scopes, resourceLast, extra }) => {
      // Scope (field 1) and schema URL (3) are not in the read profile.
      const scopeFields = scopes.map(([records, scope]) => msg(2, [...(scope ? [msg(1, [str(1, 'bench')])] : []), ...records.map((r) => msg(2, r)), str(3, 'https://x')]));
      const res = resource === undefined ? [] : [msg(1, resource)];
      return msg(1, resourceLast ? [...scopeFields, ...extra, ...res] : [...res, ...scopeFields, ...extra]);
    }),
  { maxLength: 3 },
);

/** Byte-level damage to a valid request. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 4 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(body: Buffer, m: Mutation): Buffer {
  const at = Math.floor(m.at * body.length);
  switch (m.op) {
    case 'truncate':
      return body.subarray(0, at);
    case 'flip': {
      const out = Buffer.from(body);
      if (out.length > 0) out[Math.min(at, out.length - 1)] = m.byte;
      return out;
    }
    case 'insert':
      return Buffer.concat([body.subarray(0, at), m.bytes, body.subarray(at)]);
    case 'delete':
      return Buffer.concat([body.subarray(0, at), body.subarray(at + m.length)]);
  }
}

const limits = fc.record({
  maxRecords: fc.constantFrom(250_000, 3),
  maxValues: fc.constantFrom(2_000_000, 1000, 40),
  maxValueDepth: fc.constantFrom(24, 4, 2),
});

type Limits = typeof limits extends fc.Arbitrary<infer L> ? L : never;

const options = (l: Limits): OtlpDecodeOptions => ({ ...l, messageKeys: ['log', 'message'], interner: new PodInterner(100) });

type Outcome = { error: { status: number; message: string } } | { entries: unknown; noMessage: number; invalid: number; bytes: number };

function outcome(run: () => OtlpEntryBatch): Outcome {
  try {
    const b = run();
    return { entries: b.entries, noMessage: b.noMessage, invalid: b.invalidRecords, bytes: b.bytes };
  } catch (err) {
    if (!(err instanceof HttpInputError)) throw err;
    return { error: { status: err.status, message: err.message } };
  }
}

let leanRead = 0;
let leanTried = 0;

/**
 * The receiver's decode (lean reader first) equals the full decode alone: same entries and counts,
 * or the same refusal. Also counts how often the lean reader finished without the full decode.
 */
function agrees(body: Buffer, l: Limits): boolean {
  const served = outcome(() => decodeLogsRequest(body, 'protobuf', options(l)));
  const full = outcome(() => decodeLogsRequestFull(body, options(l)));
  leanTried++;
  if (readLogsRequestLean(body, new OtlpEntryBatch(options(l)), l, l.maxRecords)) leanRead++;
  return isDeepStrictEqual(served, full);
}

t.test('generated requests: the lean reader and the full decode agree', async (t) => {
  leanRead = leanTried = 0;
  fc.assert(
    fc.property(request, limits, (fields, l) => agrees(encode(fields), l)),
    { numRuns: 1500, seed: 10 },
  );
  // Not vacuous: most well-formed requests are read the lean way (the others fall back).
  t.ok(leanRead > leanTried * 0.5, `lean reader finished ${leanRead} of ${leanTried} generated requests`);
});

t.test('mutated requests: the same entries, or the same refusal (status and message)', async (t) => {
  leanRead = leanTried = 0;
  fc.assert(
    fc.property(request, fc.array(mutation, { minLength: 1, maxLength: 3 }), limits, (fields, ms, l) => {
      let body = encode(fields);
      for (const m of ms) body = mutate(body, m);
      return agrees(body, l);
    }),
    { numRuns: 2000, seed: 11 },
  );
  t.ok(leanRead > 0, `lean reader finished ${leanRead} of ${leanTried} mutated requests`);
});

t.test('the OpenTelemetry JS SDK request is read the lean way, and bad bytes are the same 400', async (t) => {
  const records = sdkRecords(
    { 'k8s.namespace.name': 'dev', 'k8s.pod.name': 'api-0', 'k8s.container.name': 'api' },
    [
      { body: '[2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9)\n', severityNumber: 21, severityText: 'CRITICAL', attributes: { 'log.iostream': 'stderr' } },
      { body: 'plain line', attributes: { 'container.id': 'abc123' } },
    ],
  );
  const body = Buffer.from(ProtobufLogsSerializer.serializeRequest(records)!);
  const l: Limits = { maxRecords: 250_000, maxValues: 2_000_000, maxValueDepth: 24 };
  const lean = new OtlpEntryBatch(options(l));
  t.ok(readLogsRequestLean(body, lean, l, l.maxRecords), 'read without the full decode');
  t.strictSame(lean.entries, decodeLogsRequestFull(body, options(l)).entries);
  t.match(lean.entries[0], { line: '[2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9)', stream: 'stderr', severityNumber: 21, streamKey: 'dev/api-0/api/stderr' });
  t.match(lean.entries[1], { line: 'plain line', containerId: 'abc123', severityNumber: undefined });

  for (const [name, bad] of [
    ['truncated', body.subarray(0, body.length - 7)],
    ['garbage', Buffer.from('\u00ff\u00fe this is not protobuf \u0007\u0007', 'latin1')],
    ['a record running past its request', Buffer.concat([body, Buffer.from([0x0a, 0x7f, 0x12])])],
    // severityNumber as a 6-byte varint: protobufjs' int32 reads 10 bytes where the pre-scan skips 6.
    ['a varint framed two ways', encode([msg(1, [msg(2, [{ id: 2, kind: 'bytes', value: Buffer.from([0x10, 0x89, 0x80, 0x80, 0x80, 0x80, 0x00, 0x2a, 0x03, 0x0a, 0x01, 0x78]) }])])])],
  ] as const) {
    const served = outcome(() => decodeLogsRequest(bad, 'protobuf', options(l)));
    t.match(served, { error: { status: 400 } }, name);
    t.strictSame(served, outcome(() => decodeLogsRequestFull(bad, options(l))), `${name}: the full decode's message`);
  }
});
