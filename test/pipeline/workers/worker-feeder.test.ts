import t from 'tap';
import type { PodIdentity, RawEntry } from '../../../src/model/record.js';
import { unpackEntries, type PackedEntries } from '../../../src/pipeline/workers/packed-entries.js';
import { PodRouter } from '../../../src/pipeline/workers/pod-router.js';
import { WorkerFeeder } from '../../../src/pipeline/workers/worker-feeder.js';
import type { WorkerPool } from '../../../src/pipeline/workers/worker-pool.js';

/** A pool that keeps what is submitted to it, per worker. */
function fakePool(size: number) {
  const got: RawEntry[][] = Array.from({ length: size }, () => []);
  const pool = {
    size,
    submit: (w: number, p: PackedEntries) => got[w].push(...unpackEntries(structuredClone(p), [], (x) => x).map((e) => ({ ...e }))),
    hasCapacity: () => true,
  } as unknown as WorkerPool;
  return { pool, got };
}

const fallback: PodIdentity = { namespace: 'dev', pod: 'api-0', container: 'api' };
const record = (pod: string, log: string) => JSON.stringify({ log, kubernetes: { pod_name: pod, namespace_name: 'ns', container_name: 'c' } });

t.test('a block of bytes reaches the workers as the same lines, routed as strings would be', async (t) => {
  const all = [
    record('web-1', 'GET / 200'),
    record('web-2', 'Booting worker with pid: 9'),
    'plain line of the stream pod',
    '',
    record('wéb-3', 'a name that is not ASCII'),
    record('web-1', 'an escaped \\"quote\\" and ✓'),
    '{"log":"docker shape\\n","stream":"stderr","time":"2023-03-15T00:00:00Z"}',
    '{"kubernetes":{"pod_name":"web-2"},"log":"map first"}',
    'x'.repeat(300),
    record('web-9', 'last'),
  ];
  const ascii = all.filter((l) => Buffer.byteLength(l) === l.length);
  for (const [workers, lines] of [[1, all], [2, all], [3, all], [2, ascii]] as const) {
    const asStrings = fakePool(workers);
    const strings = new WorkerFeeder(asStrings.pool, new PodRouter(workers, fallback), { batchEntries: 3, batchChars: 1 << 20, maxInFlight: 4 });
    strings.addLines(lines.map((l) => (l.length > 201 ? l.slice(0, 201) : l)), fallback, 'file.log', 'cid');
    strings.flush();
    const asBytes = fakePool(workers);
    const bytes = new WorkerFeeder(asBytes.pool, new PodRouter(workers, fallback), { batchEntries: 3, batchChars: 1 << 20, maxInFlight: 4 });
    const buf = Buffer.from('junk\n' + lines.join('\r\n') + '\n');
    bytes.addBlock({ head: undefined, buf, start: 5, end: buf.length - 1, hasLines: true, bytes: buf.length - 5 }, fallback, 'file.log', 'cid', 200);
    t.same(asBytes.got, asStrings.got, `${workers} workers${lines === ascii ? ', ASCII only (decoded as Latin-1)' : ''}`);
    t.equal(asBytes.got.flat().length, lines.length);
  }
});
