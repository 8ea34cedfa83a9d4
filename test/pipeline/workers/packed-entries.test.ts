import t from 'tap';
import type { PodIdentity, RawEntry } from '../../../src/model/record.js';
import { EntryPacker, transferables, unpackEntries } from '../../../src/pipeline/workers/packed-entries.js';

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
  t.equal(transferables(packed).length, 7, 'every typed column is transferred');
  const back = unpackEntries(packed, [], (pod) => pod);
  const norm = (e: RawEntry) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined && v !== false));
  t.same(back.map(norm), entries.map(norm));
  t.equal(p.count, 0, 'the packer starts over');
});
