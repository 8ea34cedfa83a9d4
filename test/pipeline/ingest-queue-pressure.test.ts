import t from 'tap';
import { IngestQueue } from '../../src/pipeline/ingest-queue.js';
import type { RawEntry } from '../../src/model/record.js';
import { post, startSource } from '../sources/http/support.js';

const lines = (n: number): RawEntry[] => Array.from({ length: n }, (_, i) => ({ line: `line ${i}` }));

t.test('under memory pressure a queue holding anything refuses more; an empty one still takes a batch', async (t) => {
  let pressed = false;
  const q = new IngestQueue({ maxRecords: 1000, maxBytes: 1 << 20, lowWatermark: 0.5, underPressure: () => pressed });
  pressed = true;
  t.notOk(q.saturated, 'an empty queue is never saturated by pressure alone');
  t.ok(q.offer(lines(3), 30), 'an empty queue takes a batch: input always makes progress');
  t.ok(q.saturated, 'saturated while pressed and holding entries');
  t.notOk(q.offer(lines(1), 10), 'refused while pressed');
  t.equal(q.depth, 3, 'the refused batch is not in');
  pressed = false;
  t.notOk(q.saturated);
  t.ok(q.offer(lines(1), 10), 'taken again once the pressure is gone');
  t.equal(q.depth, 4);
});

t.test('HTTP: a request under memory pressure is answered 503 (Fluent Bit retries it), none lost', async (t) => {
  let pressed = false;
  const h = await startSource({}, { underPressure: () => pressed });
  t.teardown(() => h.source.stop());
  const body = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`).join('\n') + '\n';
  t.equal((await post(h.url, 'text/plain', body(2))).status, 200, 'accepted');
  pressed = true;
  const refused = await post(h.url, 'text/plain', body(2));
  t.equal(refused.status, 503, 'refused while the heap is short');
  t.equal(h.telemetry.rejectedRequests.get('busy'), 1, 'counted as pushback (busy)');
  pressed = false;
  t.equal((await post(h.url, 'text/plain', body(2))).status, 200, 'accepted again');
  t.equal(h.queue.depth, 4, 'the two accepted batches, nothing of the refused one');
});
