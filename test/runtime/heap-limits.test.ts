import t from 'tap';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { buildConfig } from '../../src/config/load-config.js';
import { mainHeapFlags, workerHeapLimits } from '../../src/runtime/heap-limits.js';
import { affordableWorkers, capSettings, memorySplit } from '../../src/runtime/memory-split.js';

const MiB = 1024 * 1024;

t.test('the DaemonSet: every part at its worst (memory-split.ts) fits its memory limit, and its heap flags are the budget\'s', async (t) => {
  const daemonset = readFileSync(new URL('../../deploy/kubernetes/daemonset.yaml', import.meta.url), 'utf8');
  const configmap = parseYaml(readFileSync(new URL('../../deploy/kubernetes/configmap-logsift.yaml', import.meta.url), 'utf8')) as { data: { 'logsift.yaml': string } };
  const limitMiB = Number(/limits:\s*\n\s*cpu: "?[\d.]+"?\s*\n\s*memory: (\d+)Mi/.exec(daemonset)?.[1]);
  const cpus = Number(/limits:\s*\n\s*cpu: "?([\d.]+)"?/.exec(daemonset)?.[1]);
  t.equal(limitMiB, 512, 'the manifest\'s memory limit is read');
  t.equal(cpus, 1, 'and its CPU limit');
  const config = buildConfig(parseYaml(configmap.data['logsift.yaml']) as Record<string, unknown>);
  const caps = capSettings(config);
  t.equal(caps.receivingBytes, 32 * MiB, 'the ConfigMap\'s own receiving budget is kept');
  t.equal(caps.inflateBytes, 32 * MiB, 'and its inflate budget');
  const workers = affordableWorkers(limitMiB * MiB, cpus, caps);
  t.equal(workers, 1, 'pipeline.workers auto: one worker');
  const split = memorySplit(limitMiB * MiB, workers, caps);
  t.ok(split.total <= limitMiB * MiB, `the parts add up to ${split.total / MiB} MiB of ${limitMiB}`);
  // The main heap in the sum is the one these flags give: logsift gives itself the same flags for
  // that budget when nothing sets them (heap-relaunch.ts).
  const oldMain = Number(/--max-old-space-size=(\d+)/.exec(daemonset)?.[1]);
  const semi = Number(/--max-semi-space-size=(\d+)/.exec(daemonset)?.[1]);
  t.same(mainHeapFlags(limitMiB * MiB), [`--max-old-space-size=${oldMain}`, `--max-semi-space-size=${semi}`], 'the manifest\'s NODE_OPTIONS are what the budget gives');
  t.equal(split.parts.mainHeap, (oldMain + 3 * semi) * MiB);
});

t.test('worker heaps scale with the budget and the number of workers, within their floor and cap', async (t) => {
  t.equal(workerHeapLimits(1, 1024 * MiB).maxOldGenerationSizeMb, 204);
  t.equal(workerHeapLimits(2, 1024 * MiB).maxOldGenerationSizeMb, 102);
  t.equal(workerHeapLimits(4, 512 * MiB).maxOldGenerationSizeMb, 64, 'never below the floor');
  t.equal(workerHeapLimits(1, 16 * 1024 * MiB).maxOldGenerationSizeMb, 512, 'never above the cap');
  t.equal(workerHeapLimits(1, 512 * MiB).maxYoungGenerationSizeMb, 16);
});
