import t from 'tap';
import { buildConfig } from '../../../src/config/load-config.js';
import { ruleDirs } from '../../../src/classify/create-classifier.js';
import { readRuleSources } from '../../../src/classify/load-rules.js';
import type { RawEntry } from '../../../src/model/record.js';
import { EntryPacker, type PackedEntries } from '../../../src/pipeline/workers/packed-entries.js';
import { WorkerPool } from '../../../src/pipeline/workers/worker-pool.js';
import { SelfTelemetry } from '../../../src/telemetry/self-telemetry.js';

const config = buildConfig({});
const pod = { namespace: 'dev', pod: 'api-0', container: 'api' };
const live = { classify: config.pipeline.classify, rules: readRuleSources(ruleDirs(config.pipeline.classify)), defaultPod: pod };

const BOOT = (pid: number) => `[2023-03-15 09:42:07 +0900] [${pid}] [INFO] Booting worker with pid: ${pid}`;

function batch(entries: Partial<RawEntry>[]): PackedEntries {
  const p = new EntryPacker();
  for (const e of entries) p.add({ line: '', ...e } as RawEntry);
  return p.take();
}

function pool(opts: { stallMs?: number } = {}) {
  const telemetry = new SelfTelemetry();
  const errors: string[] = [];
  const done: number[] = [];
  const p = new WorkerPool({
    workers: 1,
    config: config.pipeline,
    live,
    output: { kind: 'tag', minRelevance: 'noise' },
    telemetry,
    logger: { error: (_o, msg) => errors.push(msg) },
    onDone: (_w, n) => done.push(n),
    ...opts,
  });
  return { p, telemetry, errors, done };
}

async function boots(p: WorkerPool): Promise<number> {
  const reply = await p.request(0, { kind: 'snapshot', nowMs: Date.now() });
  if (reply.kind !== 'snapshot') throw new Error(reply.kind);
  return reply.pods.find((s) => s.pod.pod === pod.pod)?.totals.boot ?? 0;
}

t.test('a batch the pipeline throws on is counted lost; the worker carries on with the next', async (t) => {
  const { p, telemetry, errors, done } = pool();
  t.teardown(() => p.close());
  p.submit(0, batch([{ line: BOOT(9), pod }]));
  // A line that is not a string: the pipeline throws on it, as it would on a bug.
  p.submit(0, batch([{ line: 42 as unknown as string, pod }, { line: BOOT(10), pod }]));
  p.submit(0, batch([{ line: BOOT(11), pod }]));
  t.equal(await boots(p), 2, 'the batches before and after the bad one were counted');
  t.same(done, [1, 2, 1], 'every batch reported done');
  t.equal(telemetry.invalidRecords.get('pipeline_error'), 2, 'the bad batch is counted lost, whole');
  t.equal(p.lostBatches, 1);
  t.match(errors, ['pipeline failed on a batch']);
});

t.test('a worker that dies is replaced; what it had in flight is lost, nothing waits forever', async (t) => {
  const { p, telemetry, errors, done } = pool();
  t.teardown(() => p.close());
  p.submit(0, batch([{ line: BOOT(9), pod }]));
  t.equal(await boots(p), 1);
  p.submit(0, batch([{ line: BOOT(10), pod }, { line: BOOT(11), pod }]));
  p.replace(0, 'test: replaced');
  await p.capacity(0, 1);
  // The batch may finish before the worker ends: either way it is reported done exactly once.
  for (let i = 0; i < 500 && p.restarts === 0; i++) await new Promise((r) => setTimeout(r, 10));
  t.equal(p.restarts, 1);
  t.equal(done.length, 2, 'the batch in flight reported done (processed or lost), so feeders move on');
  t.ok((telemetry.invalidRecords.get('pipeline_error') ?? 0) <= 2, 'at most the batch in flight is lost');
  t.match(errors, [/pipeline worker died/]);
  p.submit(0, batch([{ line: BOOT(12), pod }]));
  t.equal(await boots(p), 1, "the new worker's pods start over");
});

t.test('a worker that dies during a reload is replaced from the new settings and answers for them', async (t) => {
  const { p, errors } = pool();
  t.teardown(() => p.close());
  t.equal(await boots(p), 0, 'the worker is up');
  const fewer = { ...live, rules: live.rules.slice(0, 3) };
  // Compiling the packs takes the worker longer than the termination takes to arrive.
  const replies = p.reconfigure(fewer);
  p.replace(0, 'test: died while reconfiguring');
  t.same(await replies, [{ kind: 'reconfigure', result: { ok: true, rules: 3 } }], "the replacement's answer, not the lost request's error");
  t.equal(p.restarts, 1);
  t.match(errors, [/pipeline worker died/]);
});

t.test('the watchdog replaces a worker stuck on a batch', async (t) => {
  // A stall shorter than a worker's start: the first batch is still in flight when it fires.
  const { p, errors } = pool({ stallMs: 20 });
  t.teardown(() => p.close());
  p.submit(0, batch([{ line: BOOT(9), pod }]));
  await p.capacity(0, 1);
  t.ok(p.restarts >= 1, 'replaced');
  t.match(errors.join('\n'), /pipeline worker died/);
});
