import t from 'tap';
import { gzipSync } from 'node:zlib';
import { InflateBudget, InflateBudgetBusy } from '../../src/sources/inflate-budget.js';
import { decompressBody } from '../../src/sources/http/bounded-decompress.js';
import { HttpInputError } from '../../src/sources/http/input-error.js';

const MiB = 1024 * 1024;

t.test('reservations past the capacity wait their turn, first come first served', async (t) => {
  const budget = new InflateBudget({ capacity: 100, maxWaitMs: 60_000 });
  const a = await budget.acquire(60);
  const order: string[] = [];
  const b = budget.acquire(60).then((release) => (order.push('b'), release));
  const c = budget.acquire(10).then((release) => (order.push('c'), release));
  await new Promise((r) => setImmediate(r));
  t.same(order, [], 'c waits behind b although it would fit: no starvation of large bodies');
  t.equal(budget.inUse, 60);
  a();
  const releaseB = await b;
  const releaseC = await c;
  t.same(order, ['b', 'c']);
  t.equal(budget.inUse, 70);
  releaseB();
  releaseB();
  releaseC();
  t.equal(budget.inUse, 0, 'a release is idempotent');
});

t.test('a request larger than the capacity runs alone; a wait past maxWait is refused', async (t) => {
  const budget = new InflateBudget({ capacity: 100, maxWaitMs: 20 });
  const big = await budget.acquire(1000);
  t.equal(budget.inUse, 100, 'clamped to the capacity');
  await t.rejects(budget.acquire(1), InflateBudgetBusy as never);
  t.equal(budget.waiting, 0);
  big();
  t.equal(budget.inUse, 0);
});

t.test('ten gzip bombs at once hold at most the budget, and each is 413', async (t) => {
  // Each bomb inflates to 256 MiB of zeros; the limit is 16 MiB and the budget 32 MiB.
  const bomb = gzipSync(Buffer.alloc(256 * MiB), { level: 9 });
  const budget = new InflateBudget({ capacity: 32 * MiB, maxWaitMs: 60_000 });
  let peak = 0;
  const watch = setInterval(() => (peak = Math.max(peak, budget.inUse)), 1);
  const results = await Promise.all(
    Array.from({ length: 10 }, () => decompressBody(bomb, 'gzip', 16 * MiB, { budget }).then(() => 200, (e: HttpInputError) => e.status)),
  );
  clearInterval(watch);
  t.same(results, new Array(10).fill(413));
  t.ok(peak <= 32 * MiB, `at most the budget was reserved (peak ${peak / MiB} MiB)`);
  t.equal(budget.inUse, 0, 'everything released');
});

t.test('an honest gzip body reserves its stated size and inflates once', async (t) => {
  const text = 'GET /healthz 200\n'.repeat(10_000);
  const budget = new InflateBudget({ capacity: 8 * MiB, maxWaitMs: 1000 });
  const out = await decompressBody(gzipSync(text), 'gzip', 16 * MiB, { budget });
  t.equal(out.toString(), text);
  // Several members (a lying trailer for the whole body) still decode, via a second attempt.
  const two = Buffer.concat([gzipSync('a'.repeat(200_000)), gzipSync('b\n')]);
  t.equal((await decompressBody(two, 'gzip', 16 * MiB, { budget })).length, 200_002);
});

t.test('an exhausted budget is a 503 the sender retries', async (t) => {
  const budget = new InflateBudget({ capacity: 2 * MiB, maxWaitMs: 10 });
  const hold = await budget.acquire(2 * MiB);
  const err = await decompressBody(gzipSync('x\n'), 'gzip', MiB, { budget }).catch((e: unknown) => e);
  t.ok(err instanceof HttpInputError);
  t.equal((err as HttpInputError).status, 503);
  t.equal((err as HttpInputError).reason, 'busy');
  hold();
});
