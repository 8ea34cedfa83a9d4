import t from 'tap';
import type { PodIdentity, RawEntry } from '../../../src/model/record.js';
import { EntryPacker, PACKED_ENTRY_BYTES, PackedCursor, transferables, unpackEntries } from '../../../src/pipeline/workers/packed-entries.js';

t.test('every RawEntry field crosses to a worker: times, pods, stream keys, streams, container ids, sender severities', async (t) => {
  const a: PodIdentity = { namespace: 'shop', pod: 'api-0', container: 'api' };
  const b: PodIdentity = { namespace: 'shop', pod: 'api-1', container: 'api', node: 'n1' };
  const entries: RawEntry[] = [
    { line: 'plain' },
    { line: 'with all', timeMs: 1_700_000_000_123, pod: a, streamKey: 'k1', stream: 'stderr', unwrapped: true, containerId: 'abc', severityNumber: 17 },
    { line: 'ünïcode ✓', pod: b, streamKey: 'k2', stream: 'stdout', containerId: 'restarts:3', severityNumber: 9 },
    { line: '', timeMs: 0, pod: a, streamKey: 'k1', containerId: 'abc' },
  ];
  // Type-checked both ways: a field added to RawEntry fails the build here until it is listed,
  // and the entry below must carry every listed field, so the round trip covers it.
  const fields: Record<keyof RawEntry, true> = {
    line: true, timeMs: true, pod: true, streamKey: true, stream: true, unwrapped: true, containerId: true, severityNumber: true,
  };
  t.same(Object.keys(entries[1]).sort(), Object.keys(fields).sort(), 'the full entry sets every RawEntry field');
  const p = new EntryPacker();
  for (const e of entries) p.add(e);
  const packed = structuredClone(p.take(), { transfer: [] });
  t.equal(transferables(packed).length, 10, 'every typed column and the byte text are transferred');
  const back = unpackEntries(packed, [], (pod) => pod);
  const norm = (e: RawEntry) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined && v !== false));
  t.same(back.map(norm), entries.map(norm));
  t.equal(p.count, 0, 'the packer starts over');
});

t.test('byte lines and string lines in one batch: decoded in the worker as Buffer#toString would, in entry order, and split without decoding', async (t) => {
  const pod: PodIdentity = { namespace: 'shop', pod: 'api-0', container: 'api' };
  const body = Buffer.concat([
    Buffer.from('xx[INFO] Booting worker with pid: 9'),
    Buffer.from('ünïcode ✓ 😀'),
    Buffer.from([0x61, 0xe2, 0x28, 0xa1, 0x62, 0xf0, 0x9f]), // invalid and truncated sequences
    Buffer.from('x'.repeat(300)), // longer than the byte loop's cut-over
  ]);
  const r1 = [2, 35];
  const r2 = [35, 35 + Buffer.byteLength('ünïcode ✓ 😀')];
  const r3 = [r2[1], r2[1] + 7];
  const r4 = [r3[1], r3[1] + 300];
  const p = new EntryPacker();
  p.addBytes(body, r1[0], r1[1], 1000, pod, 'k', 'stderr', true, 'cid');
  p.add({ line: 'a string line', pod, streamKey: 'k', unwrapped: true, severityNumber: 9 });
  p.addBytes(body, r2[0], r2[1], undefined, pod, 'k', undefined, true, undefined);
  p.addBytes(body, 0, 0, undefined, undefined, undefined, undefined, false, undefined);
  p.addBytes(body, r3[0], r3[1], 5, pod, 'k', 'stdout', true, 'cid');
  p.add({ line: 'ü second string' });
  p.addBytes(body, r4[0], r4[1], 6, pod, 'k', 'stdout', true, 'cid');
  const expected: RawEntry[] = [
    { line: body.toString('utf8', r1[0], r1[1]), timeMs: 1000, pod, streamKey: 'k', stream: 'stderr', unwrapped: true, containerId: 'cid' },
    { line: 'a string line', pod, streamKey: 'k', unwrapped: true, severityNumber: 9 },
    { line: 'ünïcode ✓ 😀', pod, streamKey: 'k', unwrapped: true },
    { line: '' },
    { line: body.toString('utf8', r3[0], r3[1]), timeMs: 5, pod, streamKey: 'k', stream: 'stdout', unwrapped: true, containerId: 'cid' },
    { line: 'ü second string' },
    { line: 'x'.repeat(300), timeMs: 6, pod, streamKey: 'k', stream: 'stdout', unwrapped: true, containerId: 'cid' },
  ];
  t.match(expected[4].line, /\uFFFD/, 'the invalid bytes decode to U+FFFD');
  const textBytes = r1[1] - r1[0] + r2[1] - r2[0] + 7 + 300;
  const stringChars = 'a string line'.length + 'ü second string'.length;
  t.equal(p.bytes, textBytes + stringChars + 7 * PACKED_ENTRY_BYTES, 'bytes: UTF-8 bytes of byte lines, chars of string lines, the columns');
  const packed = structuredClone(p.take(), { transfer: [] });
  const norm = (e: RawEntry) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined && v !== false));
  t.same(unpackEntries(packed, [], (x) => x).map(norm), expected.map(norm));

  // Split over two packers entry by entry (a feeder whose batch spans workers): same entries.
  const halves = [new EntryPacker(), new EntryPacker()];
  const cursor = new PackedCursor(packed);
  for (let i = 0; i < packed.count; i++) {
    halves[i % 2].addFrom(packed, i, cursor.lineIndex);
    cursor.advance(i);
  }
  const [even, odd] = halves.map((h) => unpackEntries(h.take(), [], (x) => x).map(norm));
  t.same(even, expected.filter((_, i) => i % 2 === 0).map(norm));
  t.same(odd, expected.filter((_, i) => i % 2 === 1).map(norm));
});

t.test('a lent buffer: byte lines referenced in place; handed over as it is only when owned and whole, else copied', async (t) => {
  const pod: PodIdentity = { namespace: 'shop', pod: 'api-0', container: 'api' };
  const body = Buffer.from('..first line..ünï second..');
  const a = [2, 12];
  const b = [14, 14 + Buffer.byteLength('ünï second')];
  const fill = (p: EntryPacker) => {
    p.addBytes(body, a[0], a[1], 1, pod, 'k', 'stdout', true, undefined);
    p.add({ line: 'a string in between', pod, streamKey: 'k', unwrapped: true });
    p.addBytes(body, b[0], b[1], 2, pod, 'k', 'stdout', true, undefined);
  };
  const lines = ['first line', 'a string in between', 'ünï second'];

  const owned = new EntryPacker();
  const whole = Buffer.alloc(body.length); // its own ArrayBuffer, offset 0 (not the pool)
  body.copy(whole);
  t.equal(whole.byteLength, whole.buffer.byteLength);
  owned.lend(whole, true);
  owned.addBytes(whole, a[0], a[1], 1, pod, 'k', 'stdout', true, undefined);
  owned.add({ line: 'a string in between', pod, streamKey: 'k', unwrapped: true });
  owned.addBytes(whole, b[0], b[1], 2, pod, 'k', 'stdout', true, undefined);
  t.equal(owned.bytes, whole.byteLength + 'a string in between'.length + 3 * PACKED_ENTRY_BYTES, 'the whole lent buffer is counted');
  const p1 = owned.take();
  t.equal(p1.text, whole, 'owned and whole: the buffer itself goes');
  t.same(unpackEntries(structuredClone(p1, { transfer: transferables(p1) as Transferable[] }), [], (x) => x).map((e) => e.line), lines);
  t.equal(whole.byteLength, 0, 'transferred: the body is detached here');

  const borrowed = new EntryPacker();
  borrowed.lend(body, false);
  fill(borrowed);
  const p2 = borrowed.take();
  t.not(p2.text, body, 'not owned: a copy goes');
  t.same(unpackEntries(structuredClone(p2, { transfer: transferables(p2) as Transferable[] }), [], (x) => x).map((e) => e.line), lines);
  t.equal(body.toString('utf8', a[0], a[1]), 'first line', 'the caller keeps its buffer');

  const other = new EntryPacker();
  other.lend(body, false);
  t.throws(() => other.addBytes(Buffer.from('x'), 0, 1, 1, pod, 'k', undefined, true, undefined), /another buffer/);
  t.throws(() => fill.call(null, (() => { const p = new EntryPacker(); p.add({ line: 'x' }); p.lend(body, true); return p; })()), /holds entries/);
});
