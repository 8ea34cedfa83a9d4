import t from 'tap';
import { MAX_BUCKETS, SlidingWindowCounter, bucketLayout } from '../../src/state/sliding-window-counter.js';

const MIN = 60_000;

void t.test('default windows give 5 s buckets covering 15 minutes', async (t) => {
  const layout = bucketLayout([MIN, 5 * MIN, 15 * MIN], 10);
  t.same(layout, { widthMs: 5000, buckets: 181, lanes: 10 });
});

void t.test('a huge spread of windows widens the buckets instead of growing the ring', async (t) => {
  const layout = bucketLayout([MIN, 24 * 60 * MIN], 10);
  t.ok(layout.buckets <= MAX_BUCKETS, `${layout.buckets} buckets`);
  t.ok(layout.widthMs * (layout.buckets - 1) >= 24 * 60 * MIN, 'still covers the largest window');
});

void t.test('window sums are exact to within one bucket, for events in any order', async (t) => {
  const windows = [MIN, 5 * MIN, 15 * MIN];
  const layout = bucketLayout(windows, 2);
  const counter = new SlidingWindowCounter(layout);
  // Seeded LCG: events over 20 minutes, delivered out of order, placed with a monotonic clock.
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const base = Date.parse('2023-03-15T00:00:00Z') + 1234;
  const times: number[] = [];
  let clock = base;
  for (let i = 0; i < 2000; i++) {
    const tm = base + Math.floor(i * 600 + (rand() - 0.7) * 90_000);
    clock = Math.max(clock, tm);
    if (counter.add(0, tm, clock)) times.push(tm);
  }
  for (const probe of [clock, clock + 2_345, clock + 61_000, clock + 4 * MIN + 17]) {
    for (const w of windows) {
      const got = counter.sum(0, w, probe);
      const exact = times.filter((x) => x >= probe - w && x <= probe).length;
      const bucketStart = Math.floor((probe - w) / layout.widthMs) * layout.widthMs;
      const loose = times.filter((x) => x >= bucketStart && x <= probe).length;
      t.ok(got >= exact && got <= loose, `window ${w} at +${probe - clock}: ${exact} <= ${got} <= ${loose}`);
    }
  }
});

void t.test('an event older than the ring covers is refused, and never overwrites a newer bucket', async (t) => {
  const layout = bucketLayout([MIN, 15 * MIN], 1);
  const counter = new SlidingWindowCounter(layout);
  const now = 10 * 60 * MIN;
  t.equal(counter.add(0, now, now), true);
  t.equal(counter.add(0, now - 16 * MIN, now), false);
  // Same slot as `now` one ring-length earlier.
  t.equal(counter.add(0, now - layout.buckets * layout.widthMs, now), false);
  t.equal(counter.sum(0, 15 * MIN, now), 1);
});

void t.test('sumAll reports every lane and notBefore drops older buckets', async (t) => {
  const counter = new SlidingWindowCounter(bucketLayout([MIN], 3));
  counter.add(0, 1000, 50_000);
  counter.add(2, 30_000, 50_000);
  counter.add(2, 50_000, 50_000);
  const out = new Uint32Array(3);
  counter.sumAll(MIN, 50_000, out);
  t.same([...out], [1, 0, 2]);
  t.equal(counter.sum(2, MIN, 50_000, 40_000), 1);
  counter.reset();
  counter.sumAll(MIN, 50_000, out);
  t.same([...out], [0, 0, 0]);
});
