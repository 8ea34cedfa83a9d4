import t from 'tap';
import type { LifecycleEvent, PodIdentity } from '../../src/model/record.js';
import { PodStateStore, type LoopTransition, type PodStateOptions } from '../../src/state/pod-state-store.js';
import { at, incidentEvents } from './incident-events.js';

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
const PROD: PodIdentity = { namespace: 'prod', pod: 'api-7f9c6d5b8-k4p2q', container: 'api' };
/** Arrival clock of a post-mortem replay: today, nothing to do with the 2023 event times. */
const REPLAY = Date.parse('2025-06-01T12:00:00Z');
const T0 = Date.parse('2023-03-15T00:00:00Z');

function windowCounts(store: PodStateStore, pod: PodIdentity, nowMs: number, event: LifecycleEvent): Record<string, number> {
  const snap = store.snapshot(nowMs).find((s) => s.pod.pod === pod.pod && s.pod.namespace === pod.namespace);
  if (!snap) throw new Error(`${pod.pod} not tracked`);
  return Object.fromEntries(snap.windows.map((w) => [w.label, w.counts[event]]));
}

function replayIncident(store: PodStateStore, arrival: (timeMs: number, i: number) => number): LoopTransition[] {
  const out: LoopTransition[] = [];
  incidentEvents().forEach((e, i) => {
    const tr = store.observe(DEV, e.event, e.timeMs, arrival(e.timeMs, i));
    if (tr) out.push(tr);
  });
  return out;
}

void t.test('the fixture parses into the incident README counts', async (t) => {
  const events = incidentEvents();
  const n = (k: LifecycleEvent) => events.filter((e) => e.event === k).length;
  t.same([n('boot'), n('timeout'), n('exit'), n('kill')], [20, 20, 20, 20]);
  t.equal(events[0].timeMs, at('09:42:07'));
  t.equal(events.at(-1)?.timeMs, at('09:47:17'));
});

void t.test('each window rolls over on the pod clock as arrival time passes', async (t) => {
  const store = new PodStateStore(OPTS);
  store.observe(DEV, 'kill', T0, REPLAY);
  const w = (after: number) => windowCounts(store, DEV, REPLAY + after, 'kill');
  t.same(w(0), { '1m': 1, '5m': 1, '15m': 1 });
  t.same(w(MIN), { '1m': 1, '5m': 1, '15m': 1 }, 'the window end is inclusive');
  t.same(w(MIN + 5000), { '1m': 0, '5m': 1, '15m': 1 }, '1m rolls over within one 5 s bucket');
  t.same(w(5 * MIN), { '1m': 0, '5m': 1, '15m': 1 });
  t.same(w(5 * MIN + 5000), { '1m': 0, '5m': 0, '15m': 1 }, '5m rolls over');
  t.same(w(15 * MIN), { '1m': 0, '5m': 0, '15m': 1 });
  t.same(w(15 * MIN + 5000), { '1m': 0, '5m': 0, '15m': 0 }, '15m rolls over');
  const snap = store.snapshot(REPLAY + 20 * MIN)[0];
  t.equal(snap.totals.kill, 1, 'totals are monotonic');
  t.equal(snap.lastSeenMs, REPLAY);
});

void t.test('out-of-order events land in the right buckets; ancient ones only in totals', async (t) => {
  const store = new PodStateStore(OPTS);
  store.observe(DEV, 'boot', T0 + 12 * MIN, REPLAY);
  store.observe(DEV, 'boot', T0 + 11.5 * MIN, REPLAY + 1);
  store.observe(DEV, 'boot', T0 + 9 * MIN, REPLAY + 2);
  store.observe(DEV, 'boot', T0, REPLAY + 3);
  store.observe(DEV, 'boot', T0 - 20 * MIN, REPLAY + 4);
  // Pod clock is T0+12m (+4 ms of arrival): 1m holds 12m and 11.5m, 5m adds 9m, 15m adds 0m.
  t.same(windowCounts(store, DEV, REPLAY + 4, 'boot'), { '1m': 2, '5m': 3, '15m': 4 });
  t.equal(store.snapshot(REPLAY + 4)[0].totals.boot, 5);
});

void t.test('skewed timestamps cannot wipe the windows', async (t) => {
  const store = new PodStateStore(OPTS);
  store.observe(DEV, 'boot', T0, REPLAY);
  store.observe(DEV, 'boot', T0 + 1000, REPLAY + 1);
  store.observe(DEV, 'boot', T0 + 9 * 3_600_000, REPLAY + 2); // a misread time zone
  t.same(windowCounts(store, DEV, REPLAY + 2, 'boot'), { '1m': 3, '5m': 3, '15m': 3 }, 'the outlier is counted now');
  store.observe(DEV, 'boot', T0 + 2000, REPLAY + 3);
  t.same(windowCounts(store, DEV, REPLAY + 3, 'boot'), { '1m': 4, '5m': 4, '15m': 4 }, 'the old timeline still counts');
  store.observe(DEV, 'boot', T0 - 86_400_000, REPLAY + 4); // a day in the past
  t.same(windowCounts(store, DEV, REPLAY + 4, 'boot'), { '1m': 4, '5m': 4, '15m': 4 });
  t.equal(store.snapshot(REPLAY + 4)[0].totals.boot, 5);
  store.observe(DEV, 'boot', T0 + 4 * MIN, REPLAY + 5); // within the skew limit: a real advance
  t.same(windowCounts(store, DEV, REPLAY + 5, 'boot'), { '1m': 1, '5m': 5, '15m': 5 });
});

void t.test('a quiet pod decays on arrival time in a live service', async (t) => {
  const store = new PodStateStore(OPTS);
  const live = Date.parse('2025-06-01T12:00:00Z');
  store.observe(DEV, 'timeout', live - 200, live);
  t.same(windowCounts(store, DEV, live + 30_000, 'timeout'), { '1m': 1, '5m': 1, '15m': 1 });
  t.same(windowCounts(store, DEV, live + 2 * MIN, 'timeout'), { '1m': 0, '5m': 1, '15m': 1 });
});

void t.test('the seed incident declares one starved-workers loop', async (t) => {
  for (const [name, arrival] of [
    ['post-mortem replay', (_: number, i: number) => REPLAY + i],
    ['live, 300 ms behind', (timeMs: number) => timeMs + 300],
  ] as const) {
    void t.test(name, async (t) => {
      const store = new PodStateStore(OPTS);
      const transitions = replayIncident(store, arrival);
      t.equal(transitions.length, 1, 'exactly one transition');
      const start = transitions[0];
      t.equal(start.kind, 'start');
      t.equal(start.pod, DEV);
      // Third failure → boot cycle; the two workers booting together count as one restart.
      t.equal(start.atMs, at('09:43:40'));
      t.equal(start.state.sinceMs, at('09:43:40'));
      t.equal(start.state.cause, 'starved_workers');
      t.match(start.state.hint, /CPU and memory limits/);
      t.match(start.state.hint, /timeout/);
      t.equal(start.state.evidence, '6 worker timeouts, 6 kills, 6 exits, 7 boots in 5m');
      t.equal(store.activeLoops, 1);

      const events = incidentEvents();
      const endArrival = arrival(events.at(-1)!.timeMs, events.length - 1);
      const [snap] = store.snapshot(endArrival);
      t.same(snap.totals, { boot: 20, timeout: 20, kill: 20, oom: 0, exit: 20, crash: 0, probe_fail: 0, backoff: 0, restart: 0 });
      t.equal(snap.loop.active, true);
      t.equal(snap.loop.sinceMs, at('09:43:40'), 'the loop keeps its start');
      t.equal(snap.loop.cause, 'starved_workers');
      t.match(snap.loop.evidence, /worker timeouts, \d+ kills, \d+ exits, \d+ boots in 5m$/);
      // Windows end at 09:47:17: exact counts, or up to one 5 s bucket more.
      const end = at('09:47:17');
      for (const w of snap.windows) {
        const ms = OPTS.windows.find((x) => x.label === w.label)!.ms;
        for (const kind of ['boot', 'timeout', 'exit', 'kill'] as const) {
          const inWin = (from: number) => events.filter((e) => e.event === kind && e.timeMs >= from && e.timeMs <= end).length;
          const from = end - ms;
          t.ok(w.counts[kind] >= inWin(from) && w.counts[kind] <= inWin(Math.floor(from / 5000) * 5000), `${w.label} ${kind}=${w.counts[kind]}`);
        }
      }
      t.equal(snap.windows[2].counts.boot, 20, 'the whole incident fits in 15m');

      t.same(store.tick(endArrival + 1000), [], 'still active right after');
      t.same(store.tick(endArrival + 10 * MIN - 1000), [], 'not yet quiet for 10m');
      const cleared = store.tick(endArrival + 10 * MIN);
      t.equal(cleared.length, 1);
      t.equal(cleared[0].kind, 'clear');
      t.equal(cleared[0].atMs, end + 10 * MIN, 'quiet period counted from the last kill');
      t.equal(cleared[0].state.active, false);
      t.equal(cleared[0].state.cause, 'starved_workers', 'the clear says what ended');
      t.equal(store.activeLoops, 0);
      t.equal(store.snapshot(endArrival + 10 * MIN)[0].loop.active, false);
      t.same(store.tick(endArrival + 11 * MIN), [], 'cleared once');
    });
  }
});

void t.test('the healthy pod (two boots, then health checks) never loops', async (t) => {
  const store = new PodStateStore(OPTS);
  const boots = incidentEvents().slice(0, 2);
  t.same(boots.map((e) => e.event), ['boot', 'boot']);
  for (const e of boots) t.equal(store.observe(PROD, e.event, e.timeMs, REPLAY), undefined);
  t.same(store.tick(REPLAY + 20 * MIN), []);
  t.equal(store.activeLoops, 0);
  t.same(store.snapshot(REPLAY + 20 * MIN)[0].loop, { active: false });
});

/** Feeds `cycle` n times, 40 s apart, arrival following event time; returns the transitions. */
function cycles(store: PodStateStore, pod: PodIdentity, n: number, cycle: (LifecycleEvent | 'traceback')[], startMs: number): LoopTransition[] {
  const out: LoopTransition[] = [];
  for (let c = 0; c < n; c++) {
    cycle.forEach((ev, i) => {
      const time = startMs + c * 40_000 + i * 1000;
      if (ev === 'traceback') store.noteTraceback(pod, time, time);
      else {
        const tr = store.observe(pod, ev, time, time);
        if (tr) out.push(tr);
      }
    });
  }
  return out;
}

void t.test('OOM evidence gives the oom cause', async (t) => {
  const store = new PodStateStore(OPTS);
  const tr = cycles(store, DEV, 4, ['boot', 'oom'], T0);
  t.equal(tr.length, 1);
  t.equal(tr[0].state.cause, 'oom');
  t.match(tr[0].state.hint, /memory limit/);
  t.equal(tr[0].state.evidence, '3 OOM kills, 4 boots in 5m');
});

void t.test('tracebacks before the exits give app_error', async (t) => {
  const store = new PodStateStore(OPTS);
  const tr = cycles(store, DEV, 4, ['boot', 'traceback', 'exit'], T0);
  t.equal(tr.length, 1);
  t.equal(tr[0].state.cause, 'app_error');
  t.match(tr[0].state.hint, /traceback/);
  t.equal(tr[0].state.evidence, '3 exits, 3 tracebacks, 4 boots in 5m');
});

void t.test('kubelet back-offs give crash_loop', async (t) => {
  const store = new PodStateStore(OPTS);
  const tr = cycles(store, DEV, 3, ['backoff'], T0);
  t.equal(tr.length, 1);
  t.equal(tr[0].state.cause, 'crash_loop');
  t.equal(tr[0].state.evidence, '3 back-offs in 5m');
});

void t.test('restarts spread wider than the loop window are not a loop', async (t) => {
  const store = new PodStateStore(OPTS);
  for (let i = 0; i < 6; i++) {
    const time = T0 + i * 3 * MIN;
    t.equal(store.observe(DEV, 'crash', time, time), undefined);
    t.equal(store.observe(DEV, 'boot', time + 1000, time + 1000), undefined);
  }
  t.equal(store.activeLoops, 0);
});

void t.test('a loop window longer than every counting window is still covered', async (t) => {
  const store = new PodStateStore({ ...OPTS, loop: { ...OPTS.loop, windowMs: 30 * MIN } });
  const starts: LoopTransition[] = [];
  for (let i = 0; i < 3; i++) {
    const time = T0 + i * 8 * MIN;
    store.observe(DEV, 'crash', time, time);
    const tr = store.observe(DEV, 'boot', time + 1000, time + 1000);
    if (tr) starts.push(tr);
  }
  t.equal(starts.length, 1, 'three restarts 8 minutes apart fit in 30m');
  t.equal(starts[0].atMs, T0 + 16 * MIN + 1000);
  t.equal(starts[0].state.evidence, '3 crashes, 3 boots in 30m');
});

void t.test('evidence stays current while the loop lasts', async (t) => {
  const store = new PodStateStore(OPTS);
  cycles(store, DEV, 3, ['boot', 'timeout', 'kill'], T0);
  t.equal(store.activeLoops, 0, 'two restarts so far');
  const tr = cycles(store, DEV, 1, ['boot'], T0 + 3 * 40_000);
  t.equal(tr[0]?.kind, 'start');
  t.equal(tr[0].state.evidence, '3 worker timeouts, 3 kills, 4 boots in 5m');
  store.observe(DEV, 'oom', T0 + 3 * 40_000 + 5000, T0 + 3 * 40_000 + 5000);
  const loop = store.snapshot(T0 + 3 * 40_000 + 5000)[0].loop;
  t.equal(loop.cause, 'oom', 'an OOM kill during the loop names the cause');
  t.equal(loop.evidence, '3 worker timeouts, 3 kills, 1 OOM kill, 4 boots in 5m');
});

void t.test('after a clear, a new loop needs new restarts, and starts once', async (t) => {
  // A quiet period shorter than the loop window leaves old restarts in the window at the clear.
  const store = new PodStateStore({ ...OPTS, loop: { ...OPTS.loop, quietPeriodMs: 2 * MIN } });
  const events = incidentEvents();
  replayIncident(store, (timeMs) => timeMs);
  const end = events.at(-1)!.timeMs;
  t.equal(store.tick(end + 2 * MIN)[0]?.kind, 'clear');
  // A boot after the last kill is a restart, but the incident's restarts are behind the clear.
  const first = end + 2 * MIN + 1000;
  t.equal(store.observe(DEV, 'boot', first, first), undefined, 'no flapping back into a loop');
  const tr = cycles(store, DEV, 3, ['timeout', 'kill', 'boot'], first + 1000);
  t.equal(tr.length, 1, 'second loop starts once');
  t.equal(tr[0].atMs, first + 1000 + 40_000 + 2000, 'on the third restart after the clear');
});

void t.test('a replayed file with two episodes an hour apart reports two loops', async (t) => {
  const store = new PodStateStore(OPTS);
  const events = incidentEvents();
  const first = replayIncident(store, (_, i) => REPLAY + i);
  const shifted = events.map((e) => ({ ...e, timeMs: e.timeMs + 3_600_000 }));
  const second: LoopTransition[] = [];
  shifted.forEach((e, i) => {
    const tr = store.observe(DEV, e.event, e.timeMs, REPLAY + 1000 + i);
    if (tr) second.push(tr);
  });
  t.equal(first.length, 1);
  t.equal(second.length, 1, 'the hour-long gap cleared the first loop without a tick');
  t.equal(second[0].kind, 'start');
  t.ok(second[0].atMs > at('10:43:00'), 'the second loop is on the second episode timeline');
  const pending = store.tick(REPLAY + 2000);
  t.equal(pending.length, 1, 'tick reports the clear found while observing');
  t.equal(pending[0].kind, 'clear');
  t.equal(pending[0].atMs, at('09:57:17'));
  t.equal(store.activeLoops, 1);
});

void t.test('at the cap, the least recently seen pod is evicted', async (t) => {
  const store = new PodStateStore({ ...OPTS, maxPods: 2 });
  const pod = (name: string): PodIdentity => ({ namespace: 'dev', pod: name, container: 'api' });
  cycles(store, pod('a'), 4, ['timeout', 'kill', 'boot'], T0);
  t.equal(store.activeLoops, 1, 'a loops');
  store.observe(pod('b'), 'boot', T0 + 200_000, T0 + 200_000);
  store.observe(pod('a'), 'boot', T0 + 201_000, T0 + 201_000); // a fresh identity object, same pod
  store.observe(pod('c'), 'boot', T0 + 202_000, T0 + 202_000);
  t.equal(store.size, 2);
  t.same(store.snapshot(T0 + 202_000).map((s) => s.pod.pod).sort(), ['a', 'c'], 'b was idlest');
  store.observe(pod('d'), 'boot', T0 + 203_000, T0 + 203_000);
  t.same(store.snapshot(T0 + 203_000).map((s) => s.pod.pod).sort(), ['c', 'd'], 'a evicted next, loop and all');
  t.equal(store.activeLoops, 0);
  t.same(store.tick(T0 + 204_000), [], 'an evicted loop leaves without a clear');
  const d = store.snapshot(T0 + 203_000).find((s) => s.pod.pod === 'd')!;
  t.equal(d.totals.boot, 1, 'a recycled ring starts empty');
  t.equal(d.windows[2].counts.timeout, 0);
});

void t.test('tick expires pods idle longer than the idle timeout', async (t) => {
  const store = new PodStateStore(OPTS);
  store.observe(DEV, 'boot', T0, REPLAY);
  store.noteTraceback(PROD, T0, REPLAY + 10 * MIN);
  t.same(store.tick(REPLAY + 30 * MIN), []);
  t.equal(store.size, 2, 'exactly the timeout is not past it');
  store.tick(REPLAY + 30 * MIN + 1);
  t.same(store.snapshot(REPLAY + 30 * MIN + 1).map((s) => s.pod.namespace), ['prod'], 'a traceback kept prod alive');
  store.tick(REPLAY + 40 * MIN + 1);
  t.equal(store.size, 0);
  t.same(store.snapshot(REPLAY + 40 * MIN + 1), []);
});

void t.test('a pod expired with an active loop yields a clear', async (t) => {
  const store = new PodStateStore({ ...OPTS, idleTimeoutMs: 5 * MIN, loop: { ...OPTS.loop, quietPeriodMs: 60 * MIN } });
  cycles(store, DEV, 4, ['timeout', 'kill', 'boot'], T0);
  t.equal(store.activeLoops, 1);
  const tr = store.tick(T0 + 4 * 40_000 + 5 * MIN);
  t.same(tr.map((x) => x.kind), ['clear']);
  t.equal(store.size, 0);
  t.equal(store.activeLoops, 0);
});

void t.test('bad input is ignored or counted, never thrown', async (t) => {
  const store = new PodStateStore(OPTS);
  t.equal(store.observe(DEV, 'nonsense' as LifecycleEvent, T0, REPLAY), undefined);
  t.equal(store.size, 0, 'an unknown event kind creates no pod');
  store.observe(DEV, 'boot', NaN, REPLAY);
  store.observe(DEV, 'boot', Infinity, REPLAY + 1);
  const [snap] = store.snapshot(REPLAY + 1);
  t.equal(snap.totals.boot, 2);
  t.equal(snap.windows[0].counts.boot, 2, 'timeless events count at the pod clock');
});

void t.test('options are validated at construction, all problems at once', async (t) => {
  t.throws(
    () => new PodStateStore({ ...OPTS, windows: [], maxPods: 0, loop: { ...OPTS.loop, minRestarts: 0 } }),
    /windows: at least one.*minRestarts.*maxPods/,
  );
  t.throws(() => new PodStateStore({ ...OPTS, windows: [{ label: 'x', ms: -1 }] }), /x must be a positive duration/);
});

void t.test("a fallback pack's evidence does not displace a specific pack's hint", async (t) => {
  const hints: Record<string, Record<string, string>> = {
    pm2: { crash_loop: 'PM2 keeps restarting the app' },
    generic: { crash_loop: 'no pack knows the app' },
  };
  const store = new PodStateStore({ ...OPTS, hintFor: (pack, cause) => hints[pack]?.[cause] });
  // pm2's "starting", the app's own "listening on" (the generic pack), then pm2's "exited with code".
  for (let i = 0; i < 4; i++) {
    const start = T0 + i * 20_000;
    store.observe(DEV, 'boot', start, REPLAY, 'pm2');
    store.observe(DEV, 'boot', start + 1000, REPLAY, 'generic', true);
    store.observe(DEV, 'exit', start + 5000, REPLAY, 'pm2');
  }
  const [snap] = store.snapshot(REPLAY);
  t.match(snap.loop, { active: true, cause: 'crash_loop', pack: 'pm2', hint: 'PM2 keeps restarting the app' });

  // With no specific pack, the fallback's hint speaks.
  const bare = new PodStateStore({ ...OPTS, hintFor: (pack, cause) => hints[pack]?.[cause] });
  for (let i = 0; i < 4; i++) {
    bare.observe(PROD, 'boot', T0 + i * 20_000, REPLAY, 'generic', true);
    bare.observe(PROD, 'exit', T0 + i * 20_000 + 5000, REPLAY, 'generic', true);
  }
  t.match(bare.snapshot(REPLAY)[0].loop, { cause: 'crash_loop', pack: 'generic' });
});

void t.test('all-workers-busy lines are starved-workers evidence, with their pack', async (t) => {
  const hints: Record<string, Record<string, string>> = { 'apache-httpd': { starved_workers: 'raise MaxRequestWorkers' } };
  const store = new PodStateStore({ ...OPTS, hintFor: (pack, cause) => hints[pack]?.[cause] });
  for (let i = 0; i < 4; i++) {
    const start = T0 + i * 70_000;
    store.observe(DEV, 'boot', start, REPLAY, 'apache-httpd');
    store.noteSaturation(DEV, start + 30_000, REPLAY, 'apache-httpd');
    store.observe(DEV, 'exit', start + 60_000, REPLAY, 'apache-httpd');
  }
  const [snap] = store.snapshot(REPLAY);
  t.match(snap.loop, { active: true, cause: 'starved_workers', pack: 'apache-httpd', hint: 'raise MaxRequestWorkers' });
  t.match(snap.loop.evidence, /all-workers-busy warnings/);
  t.equal(snap.totals.boot, 4, 'not an event: no count of its own');
});

void t.test('a respawn after a failure is a restart, whether or not the child reaches its boot line', async (t) => {
  const store = new PodStateStore(OPTS);
  // supervisord: exited (not expected), spawned, exited again before RUNNING, ... (no boot at all).
  const out: LoopTransition[] = [];
  for (let i = 0; i < 3; i++) {
    store.observe(DEV, 'exit', T0 + i * 2000, REPLAY);
    const tr = store.observeRespawn(DEV, T0 + i * 2000 + 1000, REPLAY);
    if (tr) out.push(tr);
  }
  t.equal(out.length, 1, 'three respawns after exits start the loop');
  t.equal(out[0]?.kind, 'start');
  t.equal(out[0]?.atMs, T0 + 5000, 'dated by the respawn that crossed the threshold');
  t.equal(store.snapshot(REPLAY)[0]?.totals.boot, 0, 'no boot is counted');

  // A respawn then its boot line (spawned, then RUNNING) is one restart, not two; a respawn with no
  // failure before it (the first start) is none.
  const one = new PodStateStore(OPTS);
  t.equal(one.observeRespawn(PROD, T0, REPLAY), undefined);
  one.observe(PROD, 'boot', T0 + 1000, REPLAY);
  for (let i = 1; i <= 2; i++) {
    one.observe(PROD, 'kill', T0 + i * 10_000, REPLAY);
    one.observeRespawn(PROD, T0 + i * 10_000 + 1000, REPLAY);
    one.observe(PROD, 'boot', T0 + i * 10_000 + 2000, REPLAY);
  }
  t.notOk(one.snapshot(REPLAY)[0]?.loop.active, 'two restarts (not four) stay under minRestarts 3');
  one.observe(PROD, 'kill', T0 + 30_000, REPLAY);
  t.equal(one.observeRespawn(PROD, T0 + 31_000, REPLAY)?.kind, 'start', 'the third restart starts the loop');
});
