import t from 'tap';
import { connect } from 'node:net';
import { pino } from 'pino';
import { IngestQueue } from '../../../src/pipeline/ingest-queue.js';
import { createHttpSource } from '../../../src/sources/http/http-source.js';
import { SelfTelemetry } from '../../../src/telemetry/self-telemetry.js';
import { drain, httpConfig, post, send, startSource } from './support.js';

const HOST: [string, string] = ['Host', 'localhost'];

void t.test('stop is safe twice and without start', async (t) => {
  const source = createHttpSource({
    config: httpConfig(),
    queue: new IngestQueue({ maxRecords: 100, maxBytes: 65_536, lowWatermark: 0.5 }),
    telemetry: new SelfTelemetry(),
    logger: pino({ level: 'silent' }),
    busy: () => false,
    env: {},
  });
  await source.stop();
  await source.stop();
  t.equal(source.address, undefined);
  await source.start();
  t.equal(source.address, undefined, 'a stopped source does not start');
});

void t.test('health, readiness and the queue high watermark', async (t) => {
  let busy = false;
  const queue = new IngestQueue({ maxRecords: 100, maxBytes: 65_536, lowWatermark: 0.5 });
  const telemetry = new SelfTelemetry();
  const source = createHttpSource({ config: httpConfig({ port: 0 }), queue, telemetry, logger: pino({ level: 'silent' }), busy: () => busy, env: {} });
  await source.start();
  t.teardown(() => source.stop());
  const url = source.address!;
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);

  t.equal((await send(url, 'GET', '/healthz', [HOST], '')).status, 200);
  t.equal((await send(url, 'GET', '/readyz', [HOST], '')).status, 200);
  busy = true;
  const r = await send(url, 'GET', '/readyz', [HOST], '');
  t.equal(r.status, 503);
  t.same(JSON.parse(r.body), { status: 'not_ready', reason: 'busy' });
  busy = false;

  const hundred = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
  t.equal((await post(url, 'text/plain', hundred, [['X-Logsift-Pod', 'web-1'], ['X-Logsift-Namespace', 'shop']])).status, 200);
  t.ok(queue.saturated);
  const full = await post(url, 'text/plain', 'one more');
  t.equal(full.status, 503, 'past the high watermark: retry later');
  t.equal(full.headers['retry-after'], '2');
  t.same(JSON.parse(full.body), { error: 'busy', message: 'ingest queue is full', retryAfterSeconds: 2 });
  t.equal((await send(url, 'GET', '/readyz', [HOST], '')).status, 503, 'not ready while full');

  const entries = drain(queue);
  t.equal(entries.length, 100);
  t.same(entries[0], { line: 'line 0', timeMs: undefined, pod: { namespace: 'shop', pod: 'web-1', container: 'unknown' }, streamKey: 'shop/web-1/unknown', unwrapped: false });
  t.equal((await post(url, 'text/plain', 'one more\n', [], '/?pod=api-1&namespace=dev&container=api')).status, 200, 'accepted once drained');
  t.same(drain(queue)[0].pod, { namespace: 'dev', pod: 'api-1', container: 'api' }, 'identity from the query string');
  t.equal((await send(url, 'GET', '/readyz', [HOST], '')).status, 200);
  t.equal(telemetry.rejectedRequests.get('busy'), 1);
});

void t.test('stop lets an in-flight request finish and refuses what comes after', async (t) => {
  const h = await startSource();
  const { port } = new URL(h.url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString()));
  const closed = new Promise((r) => socket.once('close', r));
  const first = '{"log":"in flight"}\n';
  const second = '{"log":"too late"}\n';
  const head = (len: number) => `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${len}\r\n\r\n`;
  // Headers and half the body of the first request, then stop begins.
  socket.write(head(first.length) + first.slice(0, 5));
  await new Promise((r) => setTimeout(r, 50));
  const stopped = h.source.stop();
  // The rest of the first body and a pipelined second request on the same connection.
  socket.write(first.slice(5) + head(second.length) + second);
  await Promise.race([closed, new Promise((r) => setTimeout(r, 3000))]);
  socket.destroy();
  await stopped;
  t.match(received, /^HTTP\/1\.1 200 /, 'the request in flight when stop began is accepted');
  t.match(received, /HTTP\/1\.1 503 [\s\S]*shutting_down/, 'the one after it gets 503 shutting_down');
  t.same(drain(h.queue).map((e) => e.line), ['in flight']);
  await t.rejects(post(h.url, 'application/json', '{"log":"x"}'), 'no longer listening');
});
