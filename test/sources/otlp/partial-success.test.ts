import t from 'tap';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { drain, grpcExport, post, sdkRecords, startOtlp } from './support.js';

/**
 * A request with some unusable records is a partial success (OTLP spec: 200 / OK with
 * `partial_success.rejected_log_records` and an English error message); the good records are
 * queued. Requests are encoded and answers decoded by the OpenTelemetry JS SDK's own
 * serialisers, so neither side of the check is logsift's.
 */

const POD = { 'k8s.namespace.name': 'dev', 'k8s.pod.name': 'api-0', 'k8s.container.name': 'api' };

function mixedRecords() {
  return sdkRecords(POD, [
    { body: '[2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9)' },
    { attributes: { 'log.iostream': 'stderr' } }, // no body
    { body: 42 }, // a number is no log text
    { body: 'Booting worker with pid: 55', severityText: 'INFO' },
    { body: { note: 'a map without log or message' } },
    { body: { message: 'a map with a message key', level: 'warn' }, severityNumber: 13 },
  ]);
}

void t.test('OTLP/HTTP protobuf: partial_success counts the records without text', async (t) => {
  const h = await startOtlp();
  t.teardown(() => h.source.stop());
  const body = Buffer.from(ProtobufLogsSerializer.serializeRequest(mixedRecords())!);
  const a = await post(h.url, 'application/x-protobuf', body, [], '/v1/logs');
  t.equal(a.status, 200);
  t.equal(a.headers['content-type'], 'application/x-protobuf');
  const raw = await fetchRaw(h.url, body);
  const response = ProtobufLogsSerializer.deserializeResponse(raw);
  t.equal(Number(response.partialSuccess?.rejectedLogRecords), 3, 'three records rejected');
  t.match(response.partialSuccess?.errorMessage, /3 without log text/);
  const entries = drain(h.queue);
  const good = ['[2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9)', 'Booting worker with pid: 55', 'a map with a message key'];
  t.same(entries.map((e) => e.line), [...good, ...good], 'the good records of both requests, in order');
  t.equal(entries[1].severityNumber, 9, 'severityText alone gives the number');
  t.equal(entries[2].severityNumber, 13);
  t.equal(h.telemetry.invalidRecords.get('no_message'), 6);
});

void t.test('OTLP/HTTP JSON: wrong types inside a record reject that record only', async (t) => {
  const h = await startOtlp();
  t.teardown(() => h.source.stop());
  const request = JSON.parse(Buffer.from(JsonLogsSerializer.serializeRequest(mixedRecords())!).toString('utf8')) as {
    resourceLogs: { scopeLogs: { logRecords: Record<string, unknown>[] }[] }[];
  };
  const records = request.resourceLogs[0].scopeLogs[0].logRecords;
  records.push({ body: { stringValue: 'bad time' }, timeUnixNano: 'yesterday' });
  records.push({ body: { stringValue: 'bad severity' }, severityNumber: 'SEVERITY_NUMBER_WARN' });
  records.push({ body: { stringValue: 'bad attributes' }, attributes: { 'log.iostream': 'stderr' } });
  records.push({ body: { stringValue: 'int64 as a number' }, timeUnixNano: 1678840957000000000 });
  const a = await post(h.url, 'application/json', JSON.stringify(request), [], '/v1/logs');
  t.equal(a.status, 200, a.body);
  t.equal(a.headers['content-type'], 'application/json');
  const response = JsonLogsSerializer.deserializeResponse(Buffer.from(a.body));
  t.equal(Number(response.partialSuccess?.rejectedLogRecords), 6);
  t.match(response.partialSuccess?.errorMessage, /3 without log text.*3 with a field of the wrong type/);
  const lines = drain(h.queue).map((e) => [e.line, e.timeMs] as const);
  t.equal(lines.length, 4);
  t.same(lines[3], ['int64 as a number', 1678840957000]);
});

void t.test('OTLP/gRPC: the same partial success in ExportLogsServiceResponse', async (t) => {
  const h = await startOtlp();
  t.teardown(() => h.source.stop());
  const a = await grpcExport(h.grpc, Buffer.from(ProtobufLogsSerializer.serializeRequest(mixedRecords())!));
  t.equal(a.code, 0);
  const response = ProtobufLogsSerializer.deserializeResponse(a.response!);
  t.equal(Number(response.partialSuccess?.rejectedLogRecords), 3);
  t.equal(drain(h.queue).length, 3);
  t.equal(h.telemetry.recordsIn.get('otlp_grpc'), 3);
});

void t.test('a request none of whose records is usable is refused (400, never retried)', async (t) => {
  const h = await startOtlp();
  t.teardown(() => h.source.stop());
  const bad = sdkRecords(POD, [{ body: 1 }, { attributes: { a: 1 } }]);
  const a = await post(h.url, 'application/x-protobuf', Buffer.from(ProtobufLogsSerializer.serializeRequest(bad)!), [], '/v1/logs');
  t.equal(a.status, 400);
  t.equal(h.queue.depth, 0);
  const g = await grpcExport(h.grpc, Buffer.from(ProtobufLogsSerializer.serializeRequest(bad)!));
  t.equal(g.code, 3, 'INVALID_ARGUMENT');
});

void t.test('an empty request is a success', async (t) => {
  const h = await startOtlp();
  t.teardown(() => h.source.stop());
  t.equal((await post(h.url, 'application/x-protobuf', Buffer.alloc(0), [], '/v1/logs')).status, 200);
  const a = await post(h.url, 'application/json', '{}', [], '/v1/logs');
  t.equal(a.status, 200);
  t.equal(a.body, '{}');
  t.equal((await grpcExport(h.grpc, Buffer.alloc(0))).code, 0);
});

/** The answer body as bytes (the shared `post` helper decodes it as UTF-8). */
async function fetchRaw(url: string, body: Buffer): Promise<Uint8Array> {
  const r = await fetch(url + '/v1/logs', { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array(body) });
  return new Uint8Array(await r.arrayBuffer());
}
