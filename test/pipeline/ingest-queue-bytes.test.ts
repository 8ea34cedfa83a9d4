import t from 'tap';
import { ENTRY_OVERHEAD_BYTES, IngestQueue } from '../../src/pipeline/ingest-queue.js';

t.test('a batch costs its text plus the per-entry overhead: short lines fill the queue by what they hold', async (t) => {
  const q = new IngestQueue({ maxRecords: 1_000_000, maxBytes: 100 * ENTRY_OVERHEAD_BYTES, lowWatermark: 0.5 });
  const line = (n: number) => Array.from({ length: n }, () => ({ line: 'x' }));
  t.ok(q.offer(line(60), 60), 'an empty queue takes a batch');
  t.equal(q.depthBytes, 60 + 60 * ENTRY_OVERHEAD_BYTES);
  t.notOk(q.offer(line(60), 60), '120 one-char lines do not fit in 100 entries of overhead');
  t.ok(q.offer(line(30), 30));
  q.take();
  t.equal(q.depthBytes, 30 + 30 * ENTRY_OVERHEAD_BYTES, 'taken batches give their bytes back');
});
