import t, { type Test } from 'tap';
import { gzipSync } from 'node:zlib';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { capture, drain, grpcExport, post, sdkRecords, send, startOtlp, type OtlpHarness } from './support.js';

/**
 * Bad input, each with its answer, over OTLP/HTTP and OTLP/gRPC: the receiver stays up and a
 * valid request (a captured OTel JS exporter request) succeeds after every one of them.
 */

const VALID = capture('otel-js-proto-01');
const SMALL_INFLATE_LIMIT = 1024 * 1024;

async function validStillWorks(t: Test, h: OtlpHarness, what: string): Promise<void> {
  const a = await send(h.url, VALID.method, VALID.url, VALID.headers, VALID.body);
  t.equal(a.status, 200, `after ${what}: a valid OTLP/HTTP request succeeds`);
  const g = await grpcExport(h.grpc, VALID.body);
  t.equal(g.code, 0, `after ${what}: a valid OTLP/gRPC call succeeds`);
  t.equal(drain(h.queue).length, 120, 'and its records are queued');
}

/** `depth` kvlists nested under one key, beside a `log` text so the record itself is usable. */
function nestedBody(depth: number): Record<string, unknown> {
  let inner: Record<string, unknown> = { leaf: 'x' };
  for (let i = 0; i < depth; i++) inner = { a: inner };
  return { log: 'nested body', nested: inner };
}

/** `count` records each under its own resource (a distinct pod), via the SDK's serialiser. */
function manyResources(count: number): Buffer {
  const template = sdkRecords({}, [{ body: 'line' }])[0];
  const records: ReadableLogRecord[] = [];
  for (let i = 0; i < count; i++) {
    const resource = resourceFromAttributes({ 'k8s.namespace.name': 'flood', 'k8s.pod.name': `pod-${i}`, 'k8s.container.name': 'c' });
    records.push({
      hrTime: template.hrTime,
      hrTimeObserved: template.hrTimeObserved,
      instrumentationScope: template.instrumentationScope,
      attributes: {},
      droppedAttributesCount: 0,
      resource,
      body: `line ${i}`,
    });
  }
  return Buffer.from(ProtobufLogsSerializer.serializeRequest(records)!);
}

void t.test('bad input over OTLP/HTTP and OTLP/gRPC', async (t) => {
  const h = await startOtlp({ maxDecompressedBytes: SMALL_INFLATE_LIMIT });
  t.teardown(() => h.source.stop());

  await t.test('truncated protobuf: 400 / INVALID_ARGUMENT', async (t) => {
    const cut = VALID.body.subarray(0, Math.floor(VALID.body.length / 2));
    const a = await post(h.url, 'application/x-protobuf', cut, [], '/v1/logs');
    t.equal(a.status, 400);
    t.equal(a.headers['content-type'], 'application/x-protobuf', 'a google.rpc.Status in the request encoding');
    t.match(a.body, /truncated|index out of range/);
    t.equal((await grpcExport(h.grpc, cut)).code, 3);
    t.equal(h.queue.depth, 0, 'nothing of it queued');
    await validStillWorks(t, h, 'a truncated body');
  });

  await t.test('garbage bytes: 400 / INVALID_ARGUMENT', async (t) => {
    const junk = Buffer.from('\u00ff\u00fe this is not protobuf \u0007\u0007', 'latin1');
    t.equal((await post(h.url, 'application/x-protobuf', junk, [], '/v1/logs')).status, 400);
    t.equal((await grpcExport(h.grpc, junk)).code, 3);
    await validStillWorks(t, h, 'garbage');
  });

  await t.test('wrong content type: 415', async (t) => {
    const a = await post(h.url, 'text/plain', 'hello', [], '/v1/logs');
    t.equal(a.status, 415);
    t.equal(JSON.parse(a.body).code, 3, 'a JSON google.rpc.Status');
    t.equal((await send(h.url, 'POST', '/v1/logs', [['Host', 'x'], ['Content-Length', '2']], '{}')).status, 415, 'none at all');
    t.equal((await post(h.url, 'application/x-protobuf', VALID.body, [['Content-Encoding', 'br']], '/v1/logs')).status, 415, 'unknown encoding');
    t.equal((await post(h.url, 'application/x-protobuf', VALID.body, [], '/v1/traces')).status, 404, 'another signal');
    await validStillWorks(t, h, 'wrong content types');
  });

  await t.test('JSON with wrong types: 400', async (t) => {
    for (const body of [
      '{"resourceLogs": {"not": "a list"}}',
      '{"resourceLogs": [{"scopeLogs": "x"}]}',
      '{"resourceLogs": [{"scopeLogs": [{"logRecords": 7}]}]}',
      '{"resourceLogs": [17]}',
      '[1, 2, 3]',
      '"a string"',
      '{"resourceLogs": [',
    ]) {
      const a = await post(h.url, 'application/json', body, [], '/v1/logs');
      t.equal(a.status, 400, body);
      t.equal(a.headers['content-type'], 'application/json');
    }
    await validStillWorks(t, h, 'JSON with wrong types');
  });

  await t.test('100k resource entries in one request: taken whole, or 413 past maxValuesPerRequest', async (t) => {
    const flood = manyResources(100_000);
    // Default limits here: the 8 MB request is over this file's small gRPC message limit.
    const roomy = await startOtlp();
    t.teardown(() => roomy.source.stop());
    const a = await post(roomy.url, 'application/x-protobuf', flood, [], '/v1/logs');
    t.equal(a.status, 200);
    const entries = drain(roomy.queue);
    t.equal(entries.length, 100_000);
    t.same(entries[99_999].pod, { namespace: 'flood', pod: 'pod-99999', container: 'c' });
    t.equal((await grpcExport(roomy.grpc, flood)).code, 0);
    t.equal(drain(roomy.queue).length, 100_000);
    await validStillWorks(t, roomy, 'a flood');

    const tight = await startOtlp({ maxValuesPerRequest: 100_000 });
    t.teardown(() => tight.source.stop());
    const refused = await post(tight.url, 'application/x-protobuf', flood, [], '/v1/logs');
    t.equal(refused.status, 413);
    t.match(refused.body, /maxValuesPerRequest/);
    t.equal((await grpcExport(tight.grpc, flood)).code, 3, 'INVALID_ARGUMENT: retrying cannot help');
    t.equal(tight.queue.depth, 0);
    await validStillWorks(t, tight, 'a refused flood');
  });

  await t.test('deeply nested kvlist bodies: 400 past maxValueDepth, fine within it', async (t) => {
    const ok = Buffer.from(ProtobufLogsSerializer.serializeRequest(sdkRecords({}, [{ body: nestedBody(10) as never }]))!);
    t.equal((await post(h.url, 'application/x-protobuf', ok, [], '/v1/logs')).status, 200, '10 levels');
    t.same(drain(h.queue).map((e) => e.line), ['nested body']);
    for (const depth of [30, 500]) {
      const deep = Buffer.from(ProtobufLogsSerializer.serializeRequest(sdkRecords({}, [{ body: nestedBody(depth) as never }]))!);
      const a = await post(h.url, 'application/x-protobuf', deep, [], '/v1/logs');
      t.equal(a.status, 400, `${depth} levels, protobuf`);
      t.match(a.body, /nested deeper/);
      t.equal((await grpcExport(h.grpc, deep)).code, 3, `${depth} levels, gRPC`);
    }
    let json = '{"log":{"stringValue":"x"}}';
    for (let i = 0; i < 20_000; i++) json = `{"kvlistValue":{"values":[{"key":"a","value":${json}}]}}`;
    const body = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${json}}]}]}]}`;
    const a = await post(h.url, 'application/json', body, [], '/v1/logs');
    t.equal(a.status, 400, '20000 levels, JSON');
    t.match(a.body, /nested deeper/);
    await validStillWorks(t, h, 'deep nesting');
  });

  await t.test('a gzip bomb: 413 / RESOURCE_EXHAUSTED without inflating it', async (t) => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    t.ok(bomb.length < 100 * 1024, `${bomb.length} bytes inflating to 64 MiB`);
    const a = await post(h.url, 'application/x-protobuf', bomb, [['Content-Encoding', 'gzip']], '/v1/logs');
    t.equal(a.status, 413);
    t.match(a.body, /decompressed limit/);
    const g = await grpcExport(h.grpc, Buffer.alloc(8 * SMALL_INFLATE_LIMIT), { compress: true });
    t.equal(g.code, 8, 'grpc-js stops inflating at the message limit');
    t.equal(h.telemetry.rejectedRequests.get('too_large') >= 1, true);
    await validStillWorks(t, h, 'a gzip bomb');
  });
});

void t.test('credentials: the same options as the Fluent Bit input', async (t) => {
  const h = await startOtlp({ auth: { token: 'otlp-token' } });
  t.teardown(() => h.source.stop());
  const no = await send(h.url, VALID.method, VALID.url, VALID.headers, VALID.body);
  t.equal(no.status, 401);
  t.match(no.headers['www-authenticate'], /Bearer/);
  const yes = await send(h.url, VALID.method, VALID.url, [...VALID.headers, ['authorization', 'Bearer otlp-token']], VALID.body);
  t.equal(yes.status, 200);
  t.equal((await grpcExport(h.grpc, VALID.body)).code, 16, 'UNAUTHENTICATED');
  t.equal((await grpcExport(h.grpc, VALID.body, { authorization: 'Bearer otlp-token' })).code, 0);
  t.equal(h.telemetry.rejectedRequests.get('unauthorized'), 2);

  const env = await startOtlp({}, {}, { LOGSIFT_HTTP_USER: 'fb', LOGSIFT_HTTP_PASSWORD: 'pw' });
  t.teardown(() => env.source.stop());
  const basic = 'Basic ' + Buffer.from('fb:pw').toString('base64');
  t.equal((await send(env.url, VALID.method, VALID.url, VALID.headers, VALID.body)).status, 401, 'credentials from the environment');
  t.equal((await send(env.url, VALID.method, VALID.url, [...VALID.headers, ['authorization', basic]], VALID.body)).status, 200);
});
