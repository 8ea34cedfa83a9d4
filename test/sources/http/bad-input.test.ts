import t, { type Test } from 'tap';
import { gzipSync } from 'node:zlib';
import { Packr } from 'msgpackr';
import { capturedRequest, drain, post, send, startSource, type Answer, type Harness } from './support.js';

/**
 * Hostile and broken requests each get their status and a short JSON error, and the server keeps
 * taking valid requests in between (a valid fixture request follows every bad one).
 */

const valid = capturedRequest('json_lines');

async function validStillWorks(t: Test, h: Harness): Promise<void> {
  const before = h.queue.depth;
  const a = await send(h.url, 'POST', '/', valid.headers, valid.body);
  t.equal(a.status, 200, 'a valid request right after is accepted');
  t.equal(h.queue.depth, before + 6);
  drain(h.queue);
}

function errorOf(a: Answer): string {
  return (JSON.parse(a.body) as { error: string }).error;
}

/** 1 GiB of zeros as a gzip stream of 64 members (a decoder must keep inflating member after member). */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
  return Buffer.concat(new Array<Buffer>(64).fill(member));
}

void t.test('bad bodies', async (t) => {
  const h = await startSource();
  t.teardown(() => h.source.stop());

  void t.test('truncated msgpack is 400 and nothing of it is queued', async (t) => {
    const body = capturedRequest('msgpack').body;
    const a = await post(h.url, 'application/msgpack', body.subarray(0, 500));
    t.equal(a.status, 400);
    t.equal(errorOf(a), 'malformed');
    t.equal(h.queue.depth, 0);
    await validStillWorks(t, h);
  });

  void t.test('invalid UTF-8 is kept as U+FFFD (json, text and msgpack)', async (t) => {
    const json = Buffer.concat([Buffer.from('{"log":"bad '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' end"}\n')]);
    t.equal((await post(h.url, 'application/x-ndjson', json)).status, 200);
    const text = Buffer.concat([Buffer.from('bad '), Buffer.from([0xff]), Buffer.from(' end\n')]);
    t.equal((await post(h.url, 'text/plain', text)).status, 200);
    const mp = Buffer.concat([Buffer.from([0x92, 0x92, 0x01, 0x80, 0x81, 0xa3]), Buffer.from('log'), Buffer.from([0xa3, 0x61, 0xff, 0x62])]);
    t.equal((await post(h.url, 'application/msgpack', mp)).status, 200);
    t.same(drain(h.queue).map((e) => e.line), ['bad \uFFFD\uFFFD\uFFFD end', 'bad \uFFFD end', 'a\uFFFDb']);
    await validStillWorks(t, h);
  });

  void t.test('a 1 GiB gzip bomb is 413 without inflating into memory', async (t) => {
    const bomb = gzipBomb();
    t.ok(bomb.length < 2 * 1024 * 1024, `bomb is ${bomb.length} bytes on the wire`);
    const rssBefore = process.memoryUsage().rss;
    const a = await post(h.url, 'application/x-ndjson', bomb, [['Content-Encoding', 'gzip']]);
    t.equal(a.status, 413);
    t.equal(errorOf(a), 'too_large');
    const grew = process.memoryUsage().rss - rssBefore;
    t.ok(grew < 256 * 1024 * 1024, `rss grew ${Math.round(grew / 1048576)} MiB (limit is 64 MiB decompressed)`);
    await validStillWorks(t, h);
  });

  void t.test('a 100 MB line is 413, raw or gzip-compressed', async (t) => {
    const line = Buffer.alloc(100 * 1024 * 1024, 0x61);
    const raw = await post(h.url, 'text/plain', line).catch((err: Error) => ({ status: -1, headers: {}, body: err.message }));
    t.equal(raw.status, 413, 'past the 32 MiB body limit');
    const gz = await post(h.url, 'text/plain', gzipSync(line, { level: 1 }), [['Content-Encoding', 'gzip']]);
    t.equal(gz.status, 413, 'past the 64 MiB decompressed limit');
    t.equal(errorOf(gz), 'too_large');
    t.equal(h.queue.depth, 0);
    await validStillWorks(t, h);
  });

  void t.test('deeply nested JSON and msgpack never crash the process', async (t) => {
    const depth = 100_000;
    const arrays = await post(h.url, 'application/json', '['.repeat(depth) + ']'.repeat(depth));
    t.equal(arrays.status, 400, 'an array of no records can never succeed');
    const deepField = '{"log":"kept","x":' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) + '}\n';
    const objects = await post(h.url, 'application/x-ndjson', deepField);
    t.equal(objects.status, 200, 'a record with a deep field keeps its message');
    const stream = await post(h.url, 'application/json', '{"log":"a"}' + '{"x":'.repeat(depth) + '1' + '}'.repeat(depth) + '{"log":"b"}');
    t.equal(stream.status, 200);
    t.same(JSON.parse(stream.body), { accepted: 2, invalid: 1 }, 'json_stream scanner skips the nested no-message record');
    const mp = await post(h.url, 'application/msgpack', Buffer.alloc(depth, 0x91));
    t.equal(mp.status, 400);
    t.same(drain(h.queue).map((e) => e.line), ['kept', 'a', 'b']);
    await validStillWorks(t, h);
  });

  void t.test('unknown media type or encoding is 415', async (t) => {
    const form = await post(h.url, 'application/x-www-form-urlencoded', 'log=hello');
    t.equal(form.status, 415);
    t.equal(errorOf(form), 'unsupported_media');
    t.equal((await post(h.url, 'application/json', '{"log":"x"}', [['Content-Encoding', 'br']])).status, 415);
    t.equal((await post(h.url, 'text/plain; charset=iso-8859-1', 'x')).status, 415);
    t.equal((await send(h.url, 'POST', '/', [['Host', 'localhost'], ['Content-Length', '3']], 'abc')).status, 415, 'no Content-Type');
    await validStillWorks(t, h);
  });

  void t.test('corrupt compressed data is 400', async (t) => {
    for (const enc of ['gzip', 'zstd', 'snappy']) {
      const a = await post(h.url, 'application/json', Buffer.from('definitely not compressed'), [['Content-Encoding', enc]]);
      t.equal(a.status, 400, enc);
    }
    await validStillWorks(t, h);
  });

  void t.test('good records survive bad ones; all-bad is 400', async (t) => {
    const invalidBefore = h.telemetry.invalidRecords.get('invalid_record');
    const noMessageBefore = h.telemetry.invalidRecords.get('no_message');
    const mixed = '{"log":"one"}\nnot json at all\n{"message":"two","stream":"stderr"}\n{"other":1}\n[1,2]\n{"log":"three"\n';
    const a = await post(h.url, 'application/x-ndjson', mixed);
    t.equal(a.status, 200);
    t.same(JSON.parse(a.body), { accepted: 2, invalid: 4 });
    t.same(drain(h.queue).map((e) => e.line), ['one', 'two']);
    t.equal(h.telemetry.invalidRecords.get('invalid_record') - invalidBefore, 3);
    t.equal(h.telemetry.invalidRecords.get('no_message') - noMessageBefore, 1);
    const none = await post(h.url, 'application/x-ndjson', '{"other":1}\n');
    t.equal(none.status, 400);
    t.equal((await post(h.url, 'application/json', '[{"log":"x"},')).status, 400, 'truncated array');
    await validStillWorks(t, h);
  });

  void t.test('unknown path is 404', async (t) => {
    t.equal((await post(h.url, 'application/json', '{"log":"x"}', [], '/elsewhere')).status, 404);
    await validStillWorks(t, h);
  });

  void t.test('refusals are counted by reason', async (t) => {
    const r = h.telemetry.rejectedRequests;
    t.ok(r.get('malformed') >= 6);
    t.equal(r.get('too_large'), 3);
    t.equal(r.get('unsupported_media'), 4);
  });
});

void t.test('limits on records per request', async (t) => {
  const h = await startSource({ maxRecordsPerRequest: 5 });
  t.teardown(() => h.source.stop());
  const a = await send(h.url, 'POST', '/', valid.headers, valid.body);
  t.equal(a.status, 413, '6 records > 5');
  t.equal(h.queue.depth, 0);
  const packr = new Packr({ useRecords: false });
  const five = Buffer.concat([1, 2, 3, 4, 5].map((i) => packr.pack([i, { log: 'line ' + i }])));
  t.equal((await post(h.url, 'application/msgpack', five)).status, 200, 'old [time, record] events, 5 records');
  t.same(drain(h.queue).map((e) => [e.line, e.timeMs]), [1, 2, 3, 4, 5].map((i) => ['line ' + i, i * 1000]));
});

void t.test('authentication', async (t) => {
  const h = await startSource({ auth: { token: 't0ken', user: 'logsift', password: 's3cr3t-p@ss' } });
  t.teardown(() => h.source.stop());
  const body = '{"log":"x"}';
  const cases: [string, [string, string][], number][] = [
    ['no credentials', [], 401],
    ['wrong token', [['Authorization', 'Bearer t0keN']], 401],
    ['token prefix', [['Authorization', 'Bearer t0k']], 401],
    ['right token', [['Authorization', 'Bearer t0ken']], 200],
    ['scheme is case-insensitive', [['Authorization', 'bearer t0ken']], 200],
    ['basic, wrong password', [['Authorization', 'Basic ' + Buffer.from('logsift:nope').toString('base64')]], 401],
    ['basic as Fluent Bit sends it', [['Authorization', 'Basic bG9nc2lmdDpzM2NyM3QtcEBzcw==']], 200],
    ['token sent as basic', [['Authorization', 'Basic t0ken']], 401],
  ];
  for (const [what, headers, status] of cases) {
    const a = await post(h.url, 'application/json', body, headers);
    t.equal(a.status, status, what);
    if (status === 401) {
      t.equal(errorOf(a), 'unauthorized');
      t.match(String(a.headers['www-authenticate']), /Basic/);
    }
  }
  t.equal(drain(h.queue).length, 3);
  const health = await send(h.url, 'GET', '/healthz', [['Host', 'localhost']], '');
  t.equal(health.status, 200, 'probes need no credentials');
});

void t.test('credentials from the environment', async (t) => {
  const h = await startSource({}, {}, { LOGSIFT_HTTP_TOKEN: 'from-env' });
  t.teardown(() => h.source.stop());
  t.equal((await post(h.url, 'application/json', '{"log":"x"}')).status, 401);
  t.equal((await post(h.url, 'application/json', '{"log":"x"}', [['Authorization', 'Bearer from-env']])).status, 200);
});
