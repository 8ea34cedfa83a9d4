import t from 'tap';
import type { PodIdentity } from '../../src/model/record.js';
import { CheckpointRefused } from '../../src/state/pod-state-checkpoint.js';
import { PodStateStore, type PodStateOptions } from '../../src/state/pod-state-store.js';
import { incidentEvents } from './incident-events.js';
import { LANE_COUNT } from '../../src/state/event-lanes.js';

const MIN = 60_000;
const OPTS: PodStateOptions = {
  windows: [
    { label: '1m', ms: MIN },
    { label: '5m', ms: 5 * MIN },
    { label: '15m', ms: 15 * MIN },
  ],
  loop: { windowMs: 5 * MIN, minRestarts: 3, quietPeriodMs: 10 * MIN },
  maxPods: 1000,
  idleTimeoutMs: 30 * MIN,
};
const DEV: PodIdentity = { namespace: 'dev', pod: 'api-7f9c6d5b8-x2x9k', container: 'api' };

/** The incident replayed as a live service would see it, arrival in step with event time. */
function looping(): { store: PodStateStore; nowMs: number } {
  const store = new PodStateStore(OPTS);
  let nowMs = 0;
  for (const e of incidentEvents()) {
    nowMs = e.timeMs;
    store.observe(DEV, e.event, e.timeMs, nowMs);
  }
  return { store, nowMs };
}

t.test('a checkpoint round-trips totals, windows and an active loop, through JSON and structured clone', async (t) => {
  const { store, nowMs } = looping();
  t.equal(store.activeLoops, 1);
  const cp = store.checkpoint(nowMs);
  for (const copy of [JSON.parse(JSON.stringify(cp)) as unknown, structuredClone(cp)]) {
    const back = new PodStateStore(OPTS);
    const r = back.restore(copy, nowMs + 1000);
    t.same(r, { pods: 1, windows: true, skipped: 0 });
    t.equal(back.activeLoops, 1, 'the loop in progress is not forgotten');
    t.equal(back.isLooping(DEV), true);
    const [a] = store.snapshot(nowMs + 1000);
    const [b] = back.snapshot(nowMs + 1000);
    t.same(b.totals, a.totals);
    t.same(b.windows, a.windows);
    t.same(b.loop, a.loop);
    // And it keeps counting: the next restart stays in the same loop, with no second announcement.
    t.equal(back.observe(DEV, 'kill', nowMs + 2000, nowMs + 2000), undefined);
  }
});

t.test('lanes are matched by name: a checkpoint with another lane layout keeps what both know', async (t) => {
  const { store, nowMs } = looping();
  const cp = store.checkpoint(nowMs);
  // As a build with another lifecycle event would write it: a lane inserted after `backoff`.
  const at = cp.lanes.indexOf('backoff') + 1;
  const other = {
    ...cp,
    lanes: [...cp.lanes.slice(0, at), 'evicted', ...cp.lanes.slice(at)],
    pods: cp.pods.map((p) => ({ ...p, totals: { ...p.totals, evicted: 4 }, ring: p.ring.map(([b, c]) => [b, [...c.slice(0, at), 7, ...c.slice(at)]]) })),
  };
  const back = new PodStateStore(OPTS);
  t.same(back.restore(other, nowMs), { pods: 1, windows: true, skipped: 0 });
  t.same(back.snapshot(nowMs)[0].windows, store.snapshot(nowMs)[0].windows, 'the unknown lane is left out, the others are where they were');
  t.same(back.snapshot(nowMs)[0].totals, store.snapshot(nowMs)[0].totals);
});

t.test('every ring lane has its own name, derived lanes included (a nameless lane would be lost on restore)', async (t) => {
  const { store, nowMs } = looping();
  const { lanes } = store.checkpoint(nowMs);
  t.equal(lanes.length, LANE_COUNT);
  t.ok(lanes.every((n) => typeof n === 'string' && n.length > 0), 'all named');
  t.equal(new Set(lanes).size, lanes.length, 'no two alike');
  t.ok(lanes.includes('derived:saturation') && lanes.includes('derived:error-before-restart'));
});

t.test('another format, version or garbage is refused cleanly; a bad pod is skipped', async (t) => {
  const store = new PodStateStore(OPTS);
  t.throws(() => store.restore(null, 0), { message: /not a logsift/ });
  t.ok((() => { try { store.restore(null, 0); } catch (e) { return e instanceof CheckpointRefused; } return false; })());
  t.throws(() => store.restore({ format: 'logsift.pod-state', version: 99 }, 0), { message: /version 99/ });
  t.throws(() => store.restore({ format: 'something-else' }, 0), { message: /not a logsift/ });
  const { store: s2, nowMs } = looping();
  const cp = s2.checkpoint(nowMs);
  const bad = { ...cp, pods: [{ pod: { namespace: 'x' } }, 42, ...cp.pods, { ...cp.pods[0], pod: { ...DEV, pod: 'other' }, ring: 'nope', clock: null, loop: { active: 'yes' } }] };
  const r = store.restore(bad, nowMs);
  t.equal(r.pods, 2);
  t.equal(r.skipped, 2);
  t.equal(store.size, 2);
});

t.test('a changed windows config keeps totals and loops but not the rings', async (t) => {
  const { store, nowMs } = looping();
  const back = new PodStateStore({ ...OPTS, windows: [{ label: '2m', ms: 2 * MIN }] });
  const r = back.restore(store.checkpoint(nowMs), nowMs);
  t.equal(r.windows, false);
  t.same(back.snapshot(nowMs)[0].totals, store.snapshot(nowMs)[0].totals);
  t.equal(back.activeLoops, 1);
});
