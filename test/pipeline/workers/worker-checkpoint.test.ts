import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildConfig } from '../../../src/config/load-config.js';
import { ruleDirs } from '../../../src/classify/create-classifier.js';
import { readRuleSources } from '../../../src/classify/load-rules.js';
import type { RawEntry } from '../../../src/model/record.js';
import { WorkerPipelineRunner } from '../../../src/pipeline/workers/worker-runner.js';
import type { PodStateCheckpoint } from '../../../src/state/pod-state-checkpoint.js';
import type { PodSnapshot } from '../../../src/state/pod-state-store.js';
import { SelfTelemetry } from '../../../src/telemetry/self-telemetry.js';
import { StateCheckpointer } from '../../../src/storage/state-checkpointer.js';
import { loopingPodEntries, stamp } from '../../helpers/looping-pods.js';

/**
 * The per-pod state checkpoint with the pipeline in workers: each worker's pods are gathered into
 * one checkpoint, and a restore gives each worker the pods routed to it, whatever the number of
 * workers before and after.
 */

const config = buildConfig({});
const defaultPod = { namespace: 'dev', pod: 'unknown', container: 'app' };
const live = { classify: config.pipeline.classify, rules: readRuleSources(ruleDirs(config.pipeline.classify)), defaultPod };

function runner(workers: number): WorkerPipelineRunner {
  return new WorkerPipelineRunner({ workers, config: config.pipeline, live, telemetry: new SelfTelemetry(), logger: { error: () => {} }, stdout: false }, []);
}


async function feed(r: WorkerPipelineRunner, batch: RawEntry[]): Promise<void> {
  if (!r.queue.offer(batch, batch.reduce((n, e) => n + e.line.length, 0))) throw new Error('the queue refused the batch');
  await r.flush();
}

const view = (pods: PodSnapshot[]): Record<string, { totals: PodSnapshot['totals']; loop: boolean; cause?: string }> =>
  Object.fromEntries(pods.map((p) => [p.pod.pod, { totals: p.totals, loop: p.loop.active, cause: p.loop.cause }]).sort(([a], [b]) => String(a).localeCompare(String(b))));

t.test('checkpoint from 3 workers, restore into 2 and into 1: the same pods, totals and loops', async (t) => {
  const first = runner(3);
  t.teardown(() => first.stop());
  await first.start();
  await feed(first, loopingPodEntries());
  const before = view(await first.snapshot(Date.now()));
  t.equal(Object.values(before).filter((p) => p.loop).length, 3, 'three pods loop');
  const cp = await first.checkpoint(Date.now());
  t.equal(cp.pods.length, 12, 'every pod once, from whichever worker owns it');
  const copy = JSON.parse(JSON.stringify(cp)) as PodStateCheckpoint;

  for (const workers of [2, 1]) {
    const next = runner(workers);
    t.teardown(() => next.stop());
    const r = await next.restore(structuredClone(copy), Date.now());
    t.same(r, { pods: 12, windows: true, skipped: 0 }, `${workers} workers: all restored`);
    await next.start();
    t.same(view(await next.snapshot(Date.now())), before, `${workers} workers: same totals and loops`);
    t.equal(next.activeLoops, 3, `${workers} workers: active loops in the gauges`);
    // A pod's next lines go to the worker that holds its restored state: counted on, not anew.
    await feed(next, [{ line: `${stamp(300)} [20] [INFO] Booting worker with pid: 20`, pod: { namespace: 'shop', pod: 'api-5', container: 'api' }, streamKey: 'api-5' }]);
    const again = await next.checkpoint(Date.now());
    t.equal(again.pods.length, 12, `${workers} workers: no pod twice`);
    t.equal(again.pods.find((p) => p.pod.pod === 'api-5')?.totals.boot, 2, `${workers} workers: api-5 counted on`);
  }
});

t.test('a checkpoint that is not one is refused whole, as by a single store', async (t) => {
  const r = runner(2);
  t.teardown(() => r.stop());
  await t.rejects(r.restore({ format: 'something else', pods: [] }, Date.now()), /not a logsift pod-state checkpoint/);
  await t.rejects(r.restore('nonsense', Date.now()), /not a logsift pod-state checkpoint/);
  const malformed = await r.restore({ ...(await r.checkpoint(Date.now())), pods: [{ pod: { namespace: 'x' } }, 42] }, Date.now());
  t.same(malformed, { pods: 0, windows: true, skipped: 2 }, 'malformed pods skipped and counted');
});

t.test('serve\'s order with a checkpointer: the pipeline stops first, the checkpoint is still written, and read back at the next start', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-worker-state-'));
  const logger = pino({ level: 'silent' });
  const first = runner(2);
  const state = new StateCheckpointer({ dir, intervalMs: 60_000, pods: first, logger });
  await state.start();
  await first.start();
  await feed(first, loopingPodEntries());
  const before = view(await first.snapshot(Date.now()));
  await first.stop();
  await state.stop();
  const saved = JSON.parse(readFileSync(join(dir, 'pod-state.json'), 'utf8')) as PodStateCheckpoint;
  t.equal(saved.pods.length, 12, 'written after the workers stopped');

  const next = runner(3);
  t.teardown(() => next.stop());
  await new StateCheckpointer({ dir, intervalMs: 60_000, pods: next, logger }).start();
  t.same(view(await next.snapshot(Date.now())), before, 'restored into 3 workers');
});
