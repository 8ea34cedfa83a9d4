import t, { type Test } from 'tap';
import { gunzipSync } from 'node:zlib';
import { EntryBatch } from '../../../src/sources/http/entry-batch.js';
import { FluentEventReader } from '../../../src/sources/http/fluent-event-reader.js';
import { HttpInputError } from '../../../src/sources/http/input-error.js';
import { decodeMsgpackBody, decodeWithMsgpackr } from '../../../src/sources/http/msgpack-body.js';
import { PodInterner } from '../../../src/sources/http/pod-interner.js';
import { capturedRequest, fixtureCases } from './support.js';

/**
 * The lean msgpack reader must give exactly what msgpackr + EntryBatch.addRecord give: on the
 * captured Fluent Bit bodies, on every encoding width and value type, and on every truncation
 * and corruption (where both must refuse the body, or agree on what it holds).
 */

const MESSAGE_KEYS = ['log', 'message', 'msg'];
const DATE_KEYS = ['date', 'ts', 'time', '@timestamp', 'timestamp'];

function newBatch(fallback = false): EntryBatch {
  const interner = new PodInterner(100);
  const tagPod = fallback ? interner.intern({ namespace: 'tag-ns', pod: 'tag-pod', container: 'tag-c' }) : undefined;
  return new EntryBatch({ messageKeys: MESSAGE_KEYS, dateKeys: DATE_KEYS, maxRecords: 250_000, interner }, tagPod);
}

// Not `bytes`: the lean reader keeps messages as UTF-8 and msgpackr's path as strings, so the
// memory each batch counts differs for non-ASCII text (packed-entries.test.ts checks the count).
type Outcome = { error: number } | { entries: unknown[]; invalidRecords: number; noMessage: number };

function outcome(decode: (b: EntryBatch) => void, fallback: boolean): Outcome {
  const batch = newBatch(fallback);
  try {
    decode(batch);
  } catch (err) {
    if (err instanceof HttpInputError) return { error: err.status };
    throw err;
  }
  return { entries: batch.entries, invalidRecords: batch.invalidRecords, noMessage: batch.noMessage };
}

/** Lean reader (with its fallback) against msgpackr alone. */
function compare(t: Test, body: Buffer, what: string, fallback = false): void {
  const lean = outcome((b) => decodeMsgpackBody(body, b), fallback);
  const reference = outcome((b) => decodeWithMsgpackr(body, b), fallback);
  t.strictSame(lean, reference, what);
}

function leanReadsAll(body: Buffer): boolean {
  try {
    return new FluentEventReader(MESSAGE_KEYS, DATE_KEYS).read(body, newBatch()).done;
  } catch {
    return false;
  }
}

function msgpackFixtures(): [string, Buffer][] {
  return fixtureCases()
    .filter((n) => n.includes('msgpack'))
    .map((n) => {
      const r = capturedRequest(n);
      const gz = r.headers.some(([k, v]) => k.toLowerCase() === 'content-encoding' && v === 'gzip');
      return [n, gz ? gunzipSync(r.body) : r.body];
    });
}

// --- a small msgpack writer that picks every width on request ---------------------------------

type W = 'fix' | 8 | 16 | 32;

function u(n: number, bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  b.writeUIntBE(n, 0, bytes);
  return b;
}

function str(s: string | Buffer, w: W = 'fix'): Buffer {
  const d = typeof s === 'string' ? Buffer.from(s) : s;
  if (w === 'fix') return Buffer.concat([Buffer.from([0xa0 | d.length]), d]);
  if (w === 8) return Buffer.concat([Buffer.from([0xd9, d.length]), d]);
  if (w === 16) return Buffer.concat([Buffer.from([0xda]), u(d.length, 2), d]);
  return Buffer.concat([Buffer.from([0xdb]), u(d.length, 4), d]);
}

function map(pairs: [Buffer | string, Buffer][], w: W = 'fix'): Buffer {
  const head = w === 'fix' ? Buffer.from([0x80 | pairs.length]) : w === 16 ? Buffer.concat([Buffer.from([0xde]), u(pairs.length, 2)]) : Buffer.concat([Buffer.from([0xdf]), u(pairs.length, 4)]);
  return Buffer.concat([head, ...pairs.flatMap(([k, v]) => [typeof k === 'string' ? str(k) : k, v])]);
}

function arr(items: Buffer[], w: W = 'fix'): Buffer {
  const head = w === 'fix' ? Buffer.from([0x90 | items.length]) : w === 16 ? Buffer.concat([Buffer.from([0xdc]), u(items.length, 2)]) : Buffer.concat([Buffer.from([0xdd]), u(items.length, 4)]);
  return Buffer.concat([head, ...items]);
}

const NIL = Buffer.from([0xc0]);
const TRUE = Buffer.from([0xc3]);
const FALSE = Buffer.from([0xc2]);
const f64 = (n: number) => Buffer.concat([Buffer.from([0xcb]), Buffer.from(new Float64Array([n]).buffer).reverse()]);
const f32 = (n: number) => Buffer.concat([Buffer.from([0xca]), Buffer.from(new Float32Array([n]).buffer).reverse()]);
const int = (tag: number, n: number, bytes: number) => Buffer.concat([Buffer.from([tag]), bytes === 1 && n < 0 ? Buffer.from([n & 0xff]) : signed(n, bytes)]);
function signed(n: number, bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  if (n < 0) b.writeIntBE(n, 0, bytes);
  else b.writeUIntBE(n, 0, bytes);
  return b;
}
const uint64 = (hi: number, lo: number) => Buffer.concat([Buffer.from([0xcf]), u(hi, 4), u(lo, 4)]);
const bin = (s: string) => Buffer.concat([Buffer.from([0xc4, s.length]), Buffer.from(s)]);
function eventTime(sec: number, ns: number): Buffer {
  return Buffer.concat([Buffer.from([0xd7, 0x00]), u(sec, 4), u(ns, 4)]);
}
const v2 = (rec: Buffer, sec = 1795534608, ns = 143960000) => arr([arr([eventTime(sec, ns), map([])]), rec]);
const kube = (pod: string, extra: [string, Buffer][] = [], w: W = 'fix') =>
  map(
    [
      ['pod_name', str(pod)],
      ['namespace_name', str('prod')],
      ['labels', map([['app', str('api')], ['pod-template-hash', str('7d4b9c')]])],
      ['host', str('node-1')],
      ['container_name', str('api')],
      ...extra,
    ],
    w,
  );

void t.test('every captured msgpack body: read in full by the lean reader, same entries as msgpackr', async (t) => {
  const fixtures = msgpackFixtures();
  t.ok(fixtures.length >= 4, fixtures.map(([n]) => n).join(', '));
  for (const [name, body] of fixtures) {
    t.ok(leanReadsAll(body), `${name}: no fallback needed`);
    compare(t, body, name);
    compare(t, body, name + ' with a tag pod', true);
  }
});

void t.test('widths, value types and layouts', async (t) => {
  const long = 'x'.repeat(70_000);
  const cases: [string, Buffer, boolean][] = [
    ['fixstr/fixmap', v2(map([['log', str('hello')], ['stream', str('stderr')], ['kubernetes', kube('a-1')]])), true],
    ['str8/map16', v2(map([[str('log', 8), str('hello', 8)], ['stream', str('stdout', 8)]], 16)), true],
    ['str16/map32', v2(map([[str('log', 16), str('hello', 16)], [str('kubernetes', 32), kube('a-1', [], 32)]], 32)), true],
    ['str32 long line', v2(map([[str('log', 32), str(long, 32)]])), true],
    ['str16 long line', v2(map([['log', str(long.slice(0, 60_000), 16)]])), true],
    ['message value not a string → next key', v2(map([['log', int(0xcc, 5, 1)], ['msg', str('from msg')]])), true],
    ['message key order beats record order', v2(map([['msg', str('third')], ['message', str('second')], ['log', str('first')]])), true],
    ['duplicate key: last wins', v2(map([['log', str('first')], ['log', str('second')]])), true],
    ['duplicate key: a non-string last hides the first', v2(map([['log', str('first')], ['log', NIL], ['msg', str('m')]])), true],
    ['gelf short_message and full_message', v2(map([['full_message', str('full')], ['short_message', str('short')]])), true],
    ['nil, bool, float, int, bin, arrays: no message', v2(map([['log', NIL], ['message', TRUE], ['msg', f64(1.5)], ['x', FALSE], ['y', bin('log')], ['z', arr([int(0xd0, -3, 1), f32(2.5)], 16)]])), true],
    ['docker newline stripped', v2(map([['log', str('line\r\n')], ['stream', str('stderr')]])), true],
    ['other stream values', v2(map([['log', str('x')], ['stream', str('STDERR')]])), true],
    ['nested maps skipped', v2(map([['a', map([['b', map([['c', arr([map([['log', str('deep')]])])]])]])], ['log', str('top')]])), true],
    ['legacy [int time, record]', arr([int(0xce, 1795534608, 4), map([['log', str('x')]])]), true],
    ['legacy [float time, record]', arr([f64(1795534608.25), map([['log', str('x')]])]), true],
    ['legacy [EventTime, record]', arr([eventTime(1795534608, 5e8), map([['log', str('x')]])]), true],
    ['legacy time 0: date keys', arr([Buffer.from([0x00]), map([['log', str('x')], ['date', f64(1795534604.7765)]])]), true],
    ['v2 header with empty array: date keys', arr([arr([]), map([['log', str('x')], ['ts', str('2026-11-24T15:36:48.143960Z')]])]), true],
    ['nil header, int date', arr([NIL, map([['log', str('x')], ['date', int(0xd2, 1795534604, 4)]])]), true],
    ['nil header, uint64 date is no time (BigInt)', arr([NIL, map([['log', str('x')], ['date', uint64(0, 5)], ['time', str('2026-11-24 15:36:59.480809')]])]), true],
    ['unreadable date then a readable one', arr([NIL, map([['log', str('x')], ['date', str('yesterday')], ['ts', int(0xcd, 1000, 2)]])]), true],
    ['string header', arr([str('2026'), map([['log', str('x')]])]), true],
    ['map header', arr([map([['a', TRUE]]), map([['log', str('x')]])]), true],
    ['header array whose first item is a map', arr([arr([map([]), eventTime(1, 0)]), map([['log', str('x')]])]), true],
    ['negative fixint and int16 times', Buffer.concat([arr([Buffer.from([0xff]), map([['log', str('a')]])]), arr([int(0xd1, -300, 2), map([['log', str('b')]])])]), true],
    ['extra event items skipped', arr([arr([eventTime(5, 0), map([])]), map([['log', str('x')]]), str('extra'), map([['k', arr([])]])]), true],
    ['kubernetes without container', v2(map([['log', str('x')], ['kubernetes', map([['pod_name', str('p')], ['namespace_name', str('n')]])]])), true],
    ['kubernetes with empty pod_name → tag pod', v2(map([['log', str('x')], ['kubernetes', map([['pod_name', str('')], ['namespace_name', str('n')]])]])), true],
    ['kubernetes not a map → tag pod', v2(map([['log', str('x')], ['kubernetes', str('p')]])), true],
    ['kubernetes nil → tag pod', v2(map([['log', str('x')], ['kubernetes', NIL]])), true],
    ['kubernetes an array → tag pod', v2(map([['log', str('x')], ['kubernetes', arr([str('pod_name'), str('p')])]])), true],
    ['kubernetes host not a string', v2(map([['log', str('x')], ['kubernetes', kube('p', [['host', int(0xcc, 1, 1)]])]])), true],
    ['duplicate kubernetes key: last wins', v2(map([['kubernetes', kube('first')], ['log', str('x')], ['kubernetes', kube('second')]])), true],
    ['same kubernetes bytes, then another pod, then the first again', Buffer.concat(['a', 'a', 'b', 'a', 'a'].map((p, i) => v2(map([['log', str('l' + i)], ['kubernetes', kube(p)]])))), true],
    ['pod changes to no kubernetes map', Buffer.concat([v2(map([['log', str('a')], ['kubernetes', kube('p')]])), v2(map([['log', str('b')]]))]), true],
    ['invalid UTF-8 in short and long strings', v2(map([['log', str(Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x62, 0xe2, 0x82, 0xf0, 0x9f]))], ['msg', str(Buffer.concat([Buffer.alloc(80, 0x41), Buffer.from([0xed, 0xa0, 0x80, 0xc0, 0xaf])]), 8)]])), true],
    ['invalid UTF-8 in the kubernetes map', v2(map([['log', str('x')], ['kubernetes', map([['pod_name', str(Buffer.from([0x70, 0xff]))], ['namespace_name', str('n')]])]])), true],
    ['EventTime inside a skipped value', v2(map([['log', str('x')], ['t', eventTime(1, 2)]])), true],
    ['record not a map: msgpackr decides', v2(arr([str('log'), str('x')])), false],
    ['top level not an array: msgpackr decides', Buffer.concat([str('junk'), v2(map([['log', str('x')]]))]), false],
    ['event of one item: msgpackr decides', Buffer.concat([arr([map([['log', str('x')]])]), v2(map([['log', str('y')]]))]), false],
    ['non-string key: msgpackr refuses', v2(map([[int(0xcc, 1, 1), str('x')], ['log', str('y')]])), false],
    ['bin key: msgpackr decides', v2(map([[bin('log'), str('x')]])), false],
    ['unknown ext type: msgpackr refuses', v2(map([['log', str('x')], ['e', Buffer.from([0xd4, 0x05, 0x00])]])), false],
    ['ext 0 of another size: msgpackr decides', arr([Buffer.from([0xd6, 0x00, 1, 2, 3, 4]), map([['log', str('x')]])]), false],
    ['0xc1: msgpackr decides', v2(map([['log', str('x')], ['c', Buffer.from([0xc1])]])), false],
    ['gelf kubernetes fields: msgpackr decides', v2(map([['short_message', str('x')], ['_kubernetes_pod_name', str('p')], ['_kubernetes_namespace_name', str('n')]])), false],
    ['nesting deeper than the lean limit: msgpackr decides', v2(map([['log', str('x')], ['deep', Buffer.concat([Buffer.alloc(100, 0x91), NIL])]])), false],
    ['100,000 nested arrays, never closed', Buffer.alloc(100_000, 0x91), false],
    ['a good event before an unusual one', Buffer.concat([v2(map([['log', str('a')]])), v2(arr([])), v2(map([['log', str('b')]]))]), false],
  ];
  for (const [what, body, whole] of cases) {
    compare(t, body, what);
    compare(t, body, what + ' (tag pod)', true);
    t.equal(leanReadsAll(body), whole, whole ? `${what}: read by the lean reader` : `${what}: handed to msgpackr`);
  }
});

void t.test('a good event before an unusual one is read lean, the rest by msgpackr', async (t) => {
  const first = v2(map([['log', str('a')]]));
  const body = Buffer.concat([first, v2(arr([])), v2(map([['log', str('b')]]))]);
  const batch = newBatch();
  const r = new FluentEventReader(MESSAGE_KEYS, DATE_KEYS).read(body, batch);
  t.strictSame(r, { done: false, offset: first.length });
  t.same(batch.entries.map((e) => e.line), ['a']);
});

void t.test('configured keys msgpackr treats specially leave the body to msgpackr', async (t) => {
  t.equal(new FluentEventReader(['__proto_'], DATE_KEYS).usable, false);
  t.equal(new FluentEventReader(['log'], ['kubernetes']).usable, false);
  t.equal(new FluentEventReader(MESSAGE_KEYS, DATE_KEYS).usable, true);
});

void t.test('truncated at every byte: refused (400) exactly when msgpackr refuses, never a crash', async (t) => {
  const realistic = Buffer.concat(
    Array.from({ length: 3 }, (_, i) =>
      v2(map([['log', str(`line ${i} ` + 'y'.repeat(40 * i), 8)], ['stream', str('stderr')], ['time', str('2026-11-24T15:36:48Z')], ['kubernetes', kube('p')]], 32)),
    ),
  );
  for (const [name, body] of [...msgpackFixtures(), ['generated', realistic] as [string, Buffer]]) {
    let refused = 0;
    let diverged = 0;
    for (let n = 1; n < body.length; n++) {
      const cut = body.subarray(0, n);
      const lean = outcome((b) => decodeMsgpackBody(cut, b), false);
      const reference = outcome((b) => decodeWithMsgpackr(cut, b), false);
      if ('error' in lean) {
        refused++;
        if (lean.error !== 400) diverged++;
      }
      if (JSON.stringify(lean) !== JSON.stringify(reference)) diverged++;
    }
    t.equal(diverged, 0, `${name}: every prefix agrees with msgpackr`);
    t.ok(refused > body.length / 2, `${name}: ${refused} of ${body.length - 1} prefixes refused`);
  }
});

void t.test('corrupted bytes: the lean reader agrees with msgpackr on every mutation', async (t) => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const interesting = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc4, 0xca, 0xcb, 0xcf, 0xd3, 0xd4, 0xd7, 0xd9, 0xdb, 0xdc, 0xdf, 0xe0, 0xff];
  let diverged = 0;
  let runs = 0;
  for (const [, body] of msgpackFixtures()) {
    for (let i = 0; i < 600; i++) {
      const m = Buffer.from(body);
      const flips = 1 + Math.floor(rand() * 3);
      for (let f = 0; f < flips; f++) m[Math.floor(rand() * m.length)] = rand() < 0.5 ? interesting[Math.floor(rand() * interesting.length)] : Math.floor(rand() * 256);
      const lean = outcome((b) => decodeMsgpackBody(m, b), false);
      const reference = outcome((b) => decodeWithMsgpackr(m, b), false);
      runs++;
      if (JSON.stringify(lean) !== JSON.stringify(reference)) {
        diverged++;
        if (diverged <= 3) t.strictSame(lean, reference, `mutation ${i}: ${m.toString('hex').slice(0, 120)}`);
      }
    }
  }
  t.equal(diverged, 0, `${runs} mutated bodies`);
});
