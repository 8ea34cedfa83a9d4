import t from 'tap';
import { TimeHistogram } from '../../src/report/time-histogram.js';

t.test('exact times while few, every event counted', async (t) => {
  const h = new TimeHistogram(10);
  for (const ms of [5000, 1000, 5000, 3000]) h.add(ms);
  t.equal(h.widthMs, 1);
  t.same(h.entries(), [{ startMs: 1000, count: 1 }, { startMs: 3000, count: 1 }, { startMs: 5000, count: 2 }]);
  t.equal(h.total, 4);
});

t.test('coarser buckets past the cap: bounded, totals kept, times within one bucket', async (t) => {
  const h = new TimeHistogram(120);
  const start = Date.UTC(2023, 2, 15);
  // One event every 250 ms for six hours: 86,400 events.
  for (let i = 0; i < 86_400; i++) h.add(start + i * 250);
  const e = h.entries();
  t.ok(e.length <= 120, `${e.length} buckets`);
  t.equal(e.reduce((n, b) => n + b.count, 0), 86_400);
  t.equal(h.total, 86_400);
  t.equal(h.widthMs, 300_000, 'six hours in 5-minute buckets (72 of them)');
  t.equal(e[0].startMs, start, 'the first bucket starts on the first event');
  t.ok(e.every((b, i) => i === 0 || b.startMs > e[i - 1].startMs), 'in time order');
});

t.test('times before 1970 and far apart stay bounded', async (t) => {
  const h = new TimeHistogram(8);
  for (let i = 0; i < 1000; i++) h.add(-1e12 + i * 1e9);
  t.ok(h.entries().length <= 8);
  t.equal(h.total, 1000);
});
