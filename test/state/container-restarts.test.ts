import t from 'tap';
import type { PodIdentity } from '../../src/model/record.js';
import { PodStateStore, type PodStateOptions } from '../../src/state/pod-state-store.js';
import { EVENT_LANE, EVENT_LANE_COUNT, LANE_COUNT } from '../../src/state/event-lanes.js';
import { LIFECYCLE_EVENTS } from '../../src/model/record.js';

const MIN = 60_000;
const T0 = Date.parse('2024-05-06T10:00:00Z');
const NOW = Date.parse('2025-06-01T12:00:00Z');
const POD: PodIdentity = { namespace: 'shop', pod: 'inventory-6d9f7c8b5-q2w7x', container: 'inventory' };

function store(hints: Record<string, Record<string, string>> = {}): PodStateStore {
  const opts: PodStateOptions = {
    windows: [
      { label: '1m', ms: MIN },
      { label: '5m', ms: 5 * MIN },
    ],
    loop: { windowMs: 5 * MIN, minRestarts: 3, quietPeriodMs: 10 * MIN },
    maxPods: 100,
    idleTimeoutMs: 30 * MIN,
    hintFor: (pack, cause) => hints[pack]?.[cause],
  };
  return new PodStateStore(opts);
}

const quiet = { lastSignals: [], error: false };

void t.test('lanes follow LIFECYCLE_EVENTS, derived lanes after them', async (t) => {
  t.same(LIFECYCLE_EVENTS.map((e) => EVENT_LANE[e]), LIFECYCLE_EVENTS.map((_, i) => i));
  t.equal(EVENT_LANE.restart, EVENT_LANE_COUNT - 1, 'restart is the newest kind');
  t.equal(LANE_COUNT, EVENT_LANE_COUNT + 4, 'restart cycles, tracebacks, errors before restarts, all-workers-busy lines');
});

void t.test('three new container instances in five minutes: restart = 3 and a crash_loop', async (t) => {
  const s = store();
  const starts = [0, 15_000, 40_000, 85_000];
  const transitions = starts.slice(1).map((ms, i) => s.observeRestart(POD, T0 + ms, NOW + i, quiet));
  t.same(transitions.map((x) => x?.kind), [undefined, undefined, 'start'], 'declared at the third restart');
  const start = transitions[2];
  t.equal(start?.atMs, T0 + 85_000, 'dated by the restart that crossed the threshold');
  t.match(start?.state, { active: true, cause: 'crash_loop', evidence: '3 container restarts in 5m' });
  t.match(start?.state.hint, /look at the container's last state: kubectl describe pod/);
  const [snap] = s.snapshot(NOW + 3);
  t.equal(snap.totals.restart, 3);
  t.same(snap.windows.map((w) => w.counts.restart), [2, 3], '1m holds the restarts at 40 s and 85 s');
  t.same(snap.loop.lastSignals, [], 'the instances printed no signal');
});

void t.test("a new container's first boot after its predecessor's failure is one restart, not two", async (t) => {
  const s = store();
  // Worker-level: boot, timeout, kill, boot = one restart. Then the container is replaced
  // after a kill, and the new one boots: one more restart, not two.
  s.observe(POD, 'boot', T0, NOW);
  s.observe(POD, 'timeout', T0 + 30_000, NOW);
  s.observe(POD, 'kill', T0 + 31_000, NOW);
  s.observe(POD, 'boot', T0 + 32_000, NOW);
  s.observe(POD, 'kill', T0 + 60_000, NOW);
  s.observeRestart(POD, T0 + 70_000, NOW, quiet);
  const t2 = s.observe(POD, 'boot', T0 + 70_000, NOW);
  t.equal(t2, undefined, 'two restarts so far: no loop');
  const [snap] = s.snapshot(NOW);
  t.same([snap.totals.boot, snap.totals.restart], [3, 1]);
  t.equal(snap.loop.active, false);
});

void t.test('an error before the restart makes it an application error, with the last signals as evidence', async (t) => {
  const s = store();
  const before = {
    lastSignals: ['connecting to <*>', 'FATAL: password authentication failed for user <*>'],
    error: true,
    errorPack: undefined,
  };
  for (let i = 1; i <= 3; i++) s.observeRestart(POD, T0 + i * 20_000, NOW, before);
  const [snap] = s.snapshot(NOW);
  t.match(snap.loop, { active: true, cause: 'app_error', evidence: '3 errors before restarts, 3 container restarts in 5m' });
  t.same(snap.loop.lastSignals, before.lastSignals);
  t.match(snap.loop.hint, /first traceback/);
});

void t.test("the hint of the pack whose rules evidenced the loop, in that server's terms", async (t) => {
  const s = store({ node: { oom: 'raise --max-old-space-size or the memory limit' }, myworker: {} });
  for (let i = 0; i < 3; i++) {
    s.observe(POD, 'boot', T0 + i * 30_000, NOW, 'myworker');
    s.observe(POD, 'oom', T0 + i * 30_000 + 10_000, NOW, 'node');
    s.observeRestart(POD, T0 + i * 30_000 + 20_000, NOW, quiet);
  }
  const [snap] = s.snapshot(NOW);
  t.match(snap.loop, { active: true, cause: 'oom', pack: 'node', hint: 'raise --max-old-space-size or the memory limit' });

  const generic = store({});
  for (let i = 0; i < 3; i++) generic.observeRestart(POD, T0 + i * 30_000, NOW, { lastSignals: [], error: true, errorPack: 'nohints' });
  const [g] = generic.snapshot(NOW);
  t.equal(g.loop.cause, 'app_error');
  t.equal(g.loop.pack, undefined, 'a pack without hints: the generic hint');
});

void t.test('restarts keep the loop alive; it clears after the quiet period', async (t) => {
  const s = store();
  // Live: lines arrive as they are written.
  const at = (ms: number) => s.observeRestart(POD, T0 + ms, NOW + ms, quiet);
  for (let i = 1; i <= 3; i++) at(i * 10_000);
  t.equal(s.activeLoops, 1);
  at(8 * MIN);
  t.same(s.tick(NOW + 15 * MIN), [], 'a restart 8 minutes in keeps it going');
  const cleared = s.tick(NOW + 18 * MIN);
  t.same(cleared.map((c) => c.kind), ['clear']);
  t.equal(cleared[0].atMs, T0 + 18 * MIN, 'ten minutes after the last restart');
});
