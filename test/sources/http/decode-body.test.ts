import t from 'tap';
import { decodeBody, type DecodeOptions, type DecodeRequest } from '../../../src/sources/http/decode-body.js';
import { HttpInputError } from '../../../src/sources/http/input-error.js';
import { PodInterner } from '../../../src/sources/http/pod-interner.js';
import { snappyDeclaredLength } from '../../../src/sources/http/bounded-decompress.js';
import { capturedRequest } from './support.js';

const opts = (over: Partial<DecodeOptions> = {}): DecodeOptions => ({
  maxDecompressedBytes: 64 * 1024 * 1024,
  maxRecords: 250_000,
  messageKeys: ['log', 'message', 'msg'],
  dateKeys: ['date', 'ts', 'time', '@timestamp', 'timestamp'],
  interner: new PodInterner(100),
  ...over,
});

function json(body: string, contentType = 'application/json'): DecodeRequest {
  return { body: Buffer.from(body), contentType, contentEncoding: undefined };
}

function fixture(name: string): DecodeRequest {
  const r = capturedRequest(name);
  const h = (n: string) => r.headers.find(([k]) => k.toLowerCase() === n)?.[1];
  return { body: r.body, contentType: h('content-type'), contentEncoding: h('content-encoding'), tag: h('x-fluent-tag') };
}

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof HttpInputError) return err.status;
    throw err;
  }
}

void t.test('decompressed limit applies to every encoding before inflating further', async (t) => {
  // Each fixture body inflates to just over 1,000 bytes.
  for (const name of ['json_lines_gzip', 'msgpack_gzip', 'json_lines_zstd', 'json_lines_snappy']) {
    t.equal(await statusOf(decodeBody(fixture(name), opts({ maxDecompressedBytes: 900 }))), 413, name);
    t.equal((await decodeBody(fixture(name), opts({ maxDecompressedBytes: 2000 }))).entries.length, 6, name);
  }
  t.equal(snappyDeclaredLength(capturedRequest('json_lines_snappy').body), 1044, 'snappy length header read before decoding');
  const lying = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x08, 0x00]); // declares 2 GiB
  t.equal(await statusOf(decodeBody({ body: lying, contentType: 'application/json', contentEncoding: 'snappy' }, opts())), 413);
});

void t.test('json_stream scanner respects strings and escapes', async (t) => {
  const body = '{"log":"a } { \\" }"}{"log":"b\\\\"}  {"log":"c {"}';
  const batch = await decodeBody(json(body), opts());
  t.same(batch.entries.map((e) => e.line), ['a } { " }', 'b\\', 'c {']);
});

void t.test('a single pretty-printed object and docker-style newline-terminated logs', async (t) => {
  const batch = await decodeBody(json('{\n  "log": "hello\\n",\n  "stream": "stderr",\n  "time": "2024-05-01T10:00:00.5Z"\n}\n'), opts());
  t.same(batch.entries.map((e) => [e.line, e.timeMs]), [['hello', Date.UTC(2024, 4, 1, 10, 0, 0, 500)]]);
});

void t.test('gelf flattened kubernetes fields give the pod', async (t) => {
  const batch = await decodeBody(fixture('gelf'), opts());
  t.equal(batch.entries.length, 6);
  t.same(batch.entries[5].pod, { namespace: 'default', pod: 'web-7d4b9c-abcde', container: 'app', node: 'node-1' });
  t.equal(batch.entries[0].pod, undefined, 'no tag header in this capture');
});

void t.test('text/plain keeps framing for the pipeline and skips the final newline', async (t) => {
  const body = '2024-05-01T10:00:00.000000000Z stderr F boot\r\nplain\n\nlast\n';
  const batch = await decodeBody({ body: Buffer.from(body), contentType: 'text/plain; charset=utf-8', contentEncoding: undefined }, opts());
  t.same(batch.entries.map((e) => [e.line, e.unwrapped]), [
    ['2024-05-01T10:00:00.000000000Z stderr F boot', false],
    ['plain', false],
    ['', false],
    ['last', false],
  ]);
});

void t.test('the tag names the pod only in kubelet file-name form', async (t) => {
  const plain = await decodeBody({ ...json('{"log":"x"}'), tag: 'app.logs' }, opts());
  t.equal(plain.entries[0].pod, undefined);
  const kube = await decodeBody({ ...json('{"log":"x"}'), tag: 'kube.var.log.containers.api-1_prod_api-0123abcd.log' }, opts());
  t.same(kube.entries[0].pod, { namespace: 'prod', pod: 'api-1', container: 'api' });
});

void t.test('record times in every shape Fluent Bit writes', async (t) => {
  const cases: [string, number][] = [
    ['{"date":1795534604.7765,"log":"x"}', 1795534604776.5],
    ['{"date":1795534604,"log":"x"}', 1795534604000],
    ['{"date":1795534604776,"log":"x"}', 1795534604776],
    ['{"ts":"2026-11-24T15:36:48.143960Z","log":"x"}', Date.UTC(2026, 10, 24, 15, 36, 48) + 143.96],
    ['{"date":"2026-11-24 15:36:59.480809","log":"x"}', Date.UTC(2026, 10, 24, 15, 36, 59) + 480.809],
    ['{"@timestamp":"2026-11-24T15:36:48+02:00","log":"x"}', Date.UTC(2026, 10, 24, 13, 36, 48)],
  ];
  for (const [body, want] of cases) {
    const [e] = (await decodeBody(json(body), opts())).entries;
    t.ok(e.timeMs !== undefined && Math.abs(e.timeMs - want) < 0.001, `${body} → ${e.timeMs}`);
  }
  const [none] = (await decodeBody(json('{"date":"yesterday","log":"x"}'), opts())).entries;
  t.equal(none.timeMs, undefined, 'an unreadable time leaves arrival time to the pipeline');
});

void t.test('container ids: the record\'s docker_id, else the tag\'s for records of the tag\'s pod', async (t) => {
  const tag = 'kube.var.log.containers.api-1_prod_api-0123456789abcdef.log';
  const body = [
    '{"log":"from the tail, no map"}',
    '{"log":"enriched","kubernetes":{"pod_name":"api-1","namespace_name":"prod","container_name":"api","docker_id":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}',
    '{"log":"same pod, map without id","kubernetes":{"pod_name":"api-1","namespace_name":"prod","container_name":"api"}}',
    '{"log":"another pod in the batch","kubernetes":{"pod_name":"db-0","namespace_name":"prod","container_name":"pg"}}',
    '{"log":"image only","kubernetes":{"pod_name":"db-0","namespace_name":"prod","container_name":"pg","container_hash":"pg@sha256:00"}}',
  ].join('\n');
  const batch = await decodeBody({ body: Buffer.from(body), contentType: 'application/x-ndjson', contentEncoding: undefined, tag }, opts());
  t.same(batch.entries.map((e) => e.containerId), [
    '0123456789abcdef',
    '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    '0123456789abcdef',
    undefined,
    'image:pg@sha256:00',
  ]);
  const gelf = await decodeBody(fixture('gelf'), opts());
  t.equal(gelf.entries[5].containerId, '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'GELF: _kubernetes_docker_id');
  const text = await decodeBody({ body: Buffer.from('plain\n'), contentType: 'text/plain', contentEncoding: undefined, tag }, opts());
  t.equal(text.entries[0].containerId, '0123456789abcdef', 'text/plain lines of a tagged file');
  const headerPod = await decodeBody(
    { body: Buffer.from('plain\n'), contentType: 'text/plain', contentEncoding: undefined, tag, textPod: { namespace: 'x', pod: 'y', container: 'z' } },
    opts(),
  );
  t.equal(headerPod.entries[0].containerId, undefined, "a sender's own identity is not the tag's file");
});
