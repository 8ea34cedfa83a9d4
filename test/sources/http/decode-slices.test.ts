// Issue 8.8: a large body decoded in one go held the event loop (and /healthz) for its whole
// decode. Line-oriented bodies are now decoded in slices with an event-loop turn between them.
import t from 'tap';
import { decodeBody, type DecodeOptions } from '../../../src/sources/http/decode-body.js';
import { PodInterner } from '../../../src/sources/http/pod-interner.js';

const opts = (): DecodeOptions => ({
  maxDecompressedBytes: 64 * 1024 * 1024,
  maxRecords: 250_000,
  messageKeys: ['log'],
  dateKeys: ['date'],
  interner: new PodInterner(10),
});

const N = 60_000;

for (const [name, contentType, line] of [
  ['json_lines', 'application/x-ndjson', (i: number) => JSON.stringify({ date: 1700000000 + i, log: `record ${i} ${'p'.repeat(i % 50)}` })],
  ['text', 'text/plain', (i: number) => `record ${i} ${'p'.repeat(i % 50)}`],
] as const) {
  t.test(`a large ${name} body is decoded whole and in order, with event-loop turns while it is`, async (t) => {
    const body = Buffer.from(Array.from({ length: N }, (_, i) => line(i) + (i % 3 === 0 ? '\r\n' : '\n')).join(''));
    t.ok(body.length > 2 * 1024 * 1024, 'larger than one slice');
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const batch = await decodeBody({ body, contentType, contentEncoding: undefined }, opts());
    clearInterval(ticker);
    t.equal(batch.entries.length, N);
    t.equal(batch.invalid, 0);
    t.ok(batch.entries.every((e, i) => e.line === `record ${i} ${'p'.repeat(i % 50)}`), 'every record, in order, no line cut at a slice edge');
    t.ok(turns > 0, 'timers ran while the body was decoded');
  });
}

t.test('a large JSON array (Fluent Bit `json`) is decoded element by element, with event-loop turns', async (t) => {
  const records = Array.from({ length: 30_000 }, (_, i) => ({ log: `r${i} "quoted\\" ${'q'.repeat(60)}`, n: [i, { deep: [i] }] }));
  for (const body of [JSON.stringify(records), JSON.stringify(records, null, 1)]) {
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const array = await decodeBody({ body: Buffer.from(body), contentType: 'application/json', contentEncoding: undefined }, opts());
    clearInterval(ticker);
    t.same(array.entries.map((e) => e.line), records.map((r) => r.log));
    t.ok(turns > 0, 'timers ran while it was decoded');
  }
  const broken = JSON.stringify(records).slice(0, -10);
  const err = await decodeBody({ body: Buffer.from(broken), contentType: 'application/json', contentEncoding: undefined }, opts()).catch((e: unknown) => e);
  t.match(err, { status: 400, message: /invalid JSON array/ }, 'a broken array is still refused whole');
});

t.test('a pretty-printed object is decoded in one piece', async (t) => {
  const pretty = await decodeBody({ body: Buffer.from(JSON.stringify({ log: 'x'.repeat(3 * 1024 * 1024) }, null, 2)), contentType: 'application/json', contentEncoding: undefined }, opts());
  t.equal(pretty.entries.length, 1);
});
