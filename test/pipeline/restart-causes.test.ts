import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { buildConfig } from '../../src/config/load-config.js';
import type { LogRecord, PodIdentity, RawEntry } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { FIXTURES } from '../helpers/run-cli.js';

/*
 * Restart loops of several kinds of workload, each a pod whose container is replaced (a new
 * container id) or whose workers restart: the cause, the hint, and which pack's hint it is.
 * The test packs in test/fixtures/restarts/packs stand in for per-server packs (a user's own);
 * the Node.js case uses the shipped node pack.
 */

const PACKS = join(FIXTURES, 'restarts', 'packs');
const NOW = Date.parse('2025-06-01T12:00:00Z');
const T0 = Date.parse('2024-05-06T10:00:00Z');
const POD: PodIdentity = { namespace: 'shop', pod: 'web-5d8c7b9f4-q7k2m', container: 'web' };

function setup() {
  const config = buildConfig({ pipeline: { classify: { extraRulesDirs: [PACKS] } } });
  const out: LogRecord[] = [];
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: POD, clock: () => NOW },
    (records) => out.push(...records),
  );
  return { pipeline, out };
}

const ID = (n: number) => `${n}`.repeat(64).slice(0, 64);

/** One container instance as the kubelet writes it: CRI lines a second apart, its own file and id. */
function instance(n: number, startMs: number, lines: string[]): RawEntry[] {
  return lines.map((text, i) => ({
    line: `${new Date(startMs + i * 1000).toISOString().replace('Z', '000000Z')} stdout F ${text}`,
    pod: POD,
    streamKey: `/var/log/containers/${POD.pod}_${POD.namespace}_${POD.container}-${ID(n)}.log`,
    containerId: ID(n),
  }));
}

/** Four instances of the same lines, 20 s apart: three restarts. */
function loopOf(lines: string[]) {
  const { pipeline, out } = setup();
  for (let n = 1; n <= 4; n++) pipeline.process(instance(n, T0 + (n - 1) * 20_000, lines));
  pipeline.flush();
  const [snap] = pipeline.pods.snapshot(NOW);
  return { snap, out, loop: out.find((r) => r.synthetic) };
}

void t.test('OOM evidence: the pack that recognised it gives the hint (Node.js heap, the shipped node pack)', async (t) => {
  const { snap, loop } = loopOf([
    'Server listening on port 3000',
    '<--- Last few GCs --->',
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  ]);
  t.equal(snap.totals.restart, 3);
  // The report is one node-fatal record, decided by node.heap-oom-report.
  t.match(snap.loop, { active: true, cause: 'oom', pack: 'node' });
  t.match(snap.loop.hint, /--max-old-space-size/);
  t.equal(loop?.attributes?.['logsift.loop.pack'], 'node');
  t.match(loop?.attributes?.['logsift.loop.last_signals'], /JavaScript heap out of memory/);
});

void t.test('starved workers of another server: timeouts then reboots, in that server\'s terms (puma)', async (t) => {
  const { pipeline, out } = setup();
  const lines: string[] = [];
  for (let i = 0; i < 4; i++) {
    lines.push(`[1] - Worker 0 (PID: ${10 + i}) booted in 0.52s, phase: 0`);
    lines.push(`[1] ! Terminating timed out worker (Worker 0 failed to check in within 60 seconds): ${10 + i}`);
  }
  lines.push('[1] - Worker 0 (PID: 14) booted in 0.61s, phase: 0');
  pipeline.process(lines.map((line, i) => ({ line, timeMs: T0 + i * 30_000, streamKey: 'puma' })));
  pipeline.flush();
  const [snap] = pipeline.pods.snapshot(NOW);
  t.match(snap.loop, { active: true, cause: 'starved_workers', pack: 'testpuma' });
  t.match(snap.loop.hint, /worker_timeout/);
  t.equal(snap.totals.restart, 0, 'worker restarts are not container restarts');
  t.equal(out.filter((r) => r.synthetic).length, 1);
});

void t.test('a traceback before each restart: application error', async (t) => {
  const { snap } = loopOf([
    'Starting inventory-sync 3.2.1',
    'Traceback (most recent call last):',
    '  File "/app/main.py", line 12, in <module>',
    '    from inventory import settings',
    "ModuleNotFoundError: No module named 'inventory.settings'",
  ]);
  t.match(snap.loop, { active: true, cause: 'app_error' });
  t.match(snap.loop.hint, /first traceback/);
  t.equal(snap.totals.restart, 3);
  t.same(snap.loop.lastSignals, ["ModuleNotFoundError: No module named 'inventory.settings'"], "the traceback's exception line");
});

void t.test('a fatal error line with no event before each restart: application error, generic hint from a pack without hints', async (t) => {
  const { snap } = loopOf(['inventory-sync 3.2.1 starting', 'config error: DATABASE_URL is not set']);
  t.match(snap.loop, { active: true, cause: 'app_error', evidence: '3 errors before restarts, 3 container restarts in 5m' });
  t.equal(snap.loop.pack, undefined, 'testbare has no hints: the generic one');
  t.same(snap.loop.lastSignals, ['config error: DATABASE_URL is not set']);
});

void t.test('probe failures around the restarts: probe', async (t) => {
  const { pipeline } = setup();
  for (let n = 1; n <= 4; n++) {
    const start = T0 + (n - 1) * 30_000;
    pipeline.process(instance(n, start, ['inventory-sync 3.2.1 starting', 'warming product cache for 14 warehouses']));
    // The kubelet's own lines for this pod, as `kubectl get events` shows them (same identity).
    pipeline.process([
      { line: 'Warning  Unhealthy  pod/web-5d8c7b9f4-q7k2m  Liveness probe failed: Get "http://10.1.2.3:8080/healthz": context deadline exceeded', timeMs: start + 20_000, pod: POD, streamKey: 'events' },
      { line: 'Normal   Killing    pod/web-5d8c7b9f4-q7k2m  Container web failed liveness probe, will be restarted', timeMs: start + 21_000, pod: POD, streamKey: 'events' },
    ]);
  }
  pipeline.flush();
  const [snap] = pipeline.pods.snapshot(NOW);
  t.match(snap.loop, { active: true, cause: 'probe' });
  t.match(snap.loop.hint, /probe/);
  t.equal(snap.totals.restart, 3);
});

void t.test('nothing but new containers: crash_loop, pointing at the last state', async (t) => {
  const { snap } = loopOf(['inventory-sync 3.2.1 starting', 'loading configuration from /etc/inventory/config.toml']);
  t.match(snap.loop, { active: true, cause: 'crash_loop', evidence: '3 container restarts in 5m' });
  t.match(snap.loop.hint, /look at the container's last state: kubectl describe pod/);
});

void t.test("the last lines of a container are its evidence even when they were still being grouped", async (t) => {
  // Each instance ends in a traceback: the grouper holds it until the next line of its stream,
  // which never comes (the next instance is another file). The restart must see it all the same.
  const { pipeline } = setup();
  for (let n = 1; n <= 4; n++) {
    pipeline.process(instance(n, T0 + (n - 1) * 20_000, ['starting', 'Traceback (most recent call last):', '  File "/app/x.py", line 1, in <module>', 'KeyError: \'DATABASE_URL\'']));
  }
  const [snap] = pipeline.pods.snapshot(NOW);
  t.equal(snap.loop.cause, 'app_error', 'before the end of input');
  t.same(snap.loop.lastSignals, ["KeyError: 'DATABASE_URL'"]);
});

void t.test('the seed incident: the same loop, with the gunicorn pack\'s own hint', async (t) => {
  const { pipeline } = setup();
  const lines = readFileSync(join(FIXTURES, 'seed-incident', 'gunicorn-numpy.log'), 'utf8').split('\n').filter((l) => l);
  pipeline.process(lines.map((line) => ({ line, streamKey: 'seed' })));
  pipeline.flush();
  const [snap] = pipeline.pods.snapshot(NOW);
  t.match(snap.loop, {
    active: true,
    cause: 'starved_workers',
    pack: 'gunicorn',
    evidence: '20 worker timeouts, 20 kills, 20 exits, 18 boots in 5m',
    hint: 'workers time out and are SIGKILLed before they finish booting: the pod is likely starved — check its CPU and memory limits (and the worker --timeout)',
  });
  t.equal(snap.totals.restart, 0);
  t.equal(snap.loop.lastSignals, undefined);
});
