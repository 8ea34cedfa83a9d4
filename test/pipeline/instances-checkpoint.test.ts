import t from 'tap';
import { loadConfig } from '../../src/config/load-config.js';
import { createClassifier } from '../../src/classify/create-classifier.js';
import type { LogRecord, PodIdentity, RawEntry } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { mergeCheckpoints, splitCheckpoint } from '../../src/state/merge-checkpoints.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';

const POD: PodIdentity = { namespace: 'shop', pod: 'inventory-6d9f7c8b5-q2w7x', container: 'inventory' };
const OTHER: PodIdentity = { namespace: 'shop', pod: 'orders-7b8c9d6f5-m4n5p', container: 'orders' };
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const T0 = Date.parse('2024-05-06T10:00:00Z');

function pipeline(now: { ms: number }): Pipeline {
  const config = loadConfig();
  return new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: POD, clock: () => now.ms },
    (_r: LogRecord[]) => undefined,
  );
}

function line(pod: PodIdentity, containerId: string, ms: number, text: string): RawEntry {
  return { line: text, pod, containerId, timeMs: ms, streamKey: `${pod.pod}/${containerId}` };
}

function restarts(p: Pipeline, pod: PodIdentity, nowMs: number): number {
  return p.pods.snapshot(nowMs).find((s) => s.pod.pod === pod.pod)?.totals.restart ?? 0;
}

void t.test('container instances survive a checkpoint: no restart counted twice, none missed', async (t) => {
  const now = { ms: T0 };
  const first = pipeline(now);
  first.process([line(POD, A, T0, 'starting inventory'), line(POD, B, T0 + 15_000, 'starting inventory')]);
  first.flush();
  t.equal(restarts(first, POD, T0 + 20_000), 1, 'A then B: one restart');
  const cp = first.checkpoint(T0 + 20_000);
  t.equal(cp.instances?.length, 1);
  t.same(cp.instances?.[0].pod, POD);
  t.same(cp.instances?.[0].ids, [A, B]);

  for (const copy of [JSON.parse(JSON.stringify(cp)) as unknown, structuredClone(cp)]) {
    now.ms = T0 + 60_000;
    const same = pipeline(now);
    same.restore(copy, now.ms);
    same.process([line(POD, B, T0 + 60_000, 'still running')]);
    same.flush();
    t.equal(restarts(same, POD, now.ms), 1, 'the same container after logsift restarted: not a restart');

    const changed = pipeline(now);
    changed.restore(copy, now.ms);
    changed.process([line(POD, 'c'.repeat(64), T0 + 60_000, 'starting inventory')]);
    changed.flush();
    t.equal(restarts(changed, POD, now.ms), 2, 'a new container during the downtime: one more restart');

    const late = pipeline(now);
    late.restore(copy, now.ms);
    late.process([line(POD, A, T0 + 60_000, 'a late line of the first container')]);
    late.flush();
    t.equal(restarts(late, POD, now.ms), 1, 'a late line of an earlier container: not a restart');
  }
});

void t.test('a checkpoint without instances (an older build) restores; malformed entries are skipped', async (t) => {
  const now = { ms: T0 };
  const first = pipeline(now);
  first.process([line(POD, A, T0, 'x'), line(POD, B, T0 + 1000, 'x')]);
  first.flush();
  const cp = first.checkpoint(T0 + 2000);
  const { instances: _dropped, ...older } = cp;
  const p = pipeline(now);
  t.same(p.restore(older, T0 + 3000), { pods: 1, windows: true, skipped: 0 });
  p.process([line(POD, B, T0 + 4000, 'x')]);
  t.equal(restarts(p, POD, T0 + 4000), 1, 'without instances the next id is a first id again (no double count)');
  const q = pipeline(now);
  q.restore({ ...cp, instances: [null, 7, { pod: POD }, { pod: { pod: 1 }, ids: [A] }, { pod: POD, ids: [5, ''] }] }, T0 + 3000);
  t.same(q.checkpoint(T0 + 3000).instances, [], 'nothing usable, nothing restored');
});

void t.test('worker split and merge keep each pod with its instances', async (t) => {
  const now = { ms: T0 };
  const p = pipeline(now);
  p.process([line(POD, A, T0, 'x'), line(POD, B, T0 + 1000, 'x'), line(OTHER, A, T0, 'boot'), line(OTHER, B, T0 + 1000, 'boot')]);
  p.flush();
  const cp = p.checkpoint(T0 + 2000);
  const workerOf = (pod: PodIdentity): number => (pod.pod === POD.pod ? 0 : 1);
  const parts = splitCheckpoint(cp, 2, workerOf) as (typeof cp)[];
  t.same(parts.map((x) => x.instances?.map((i) => i.pod.pod)), [[POD.pod], [OTHER.pod]]);
  const merged = mergeCheckpoints(parts);
  t.same(merged.instances?.map((i) => i.pod.pod).sort(), [POD.pod, OTHER.pod].sort());
});
