import t from 'tap';
import { readFileSync } from 'node:fs';
import { mainHeapFlags, workerHeapLimits } from '../../src/runtime/heap-limits.js';

const MiB = 1024 * 1024;

t.test('worker heaps for the DaemonSet: what every bound adds up to fits its memory limit with a margin', async (t) => {
  const daemonset = readFileSync(new URL('../../deploy/kubernetes/daemonset.yaml', import.meta.url), 'utf8');
  const configmap = readFileSync(new URL('../../deploy/kubernetes/configmap-logsift.yaml', import.meta.url), 'utf8');
  const limitMiB = Number(/limits:\s*\n\s*cpu: "?[\d.]+"?\s*\n\s*memory: (\d+)Mi/.exec(daemonset)?.[1]);
  t.equal(limitMiB, 512, 'the manifest\'s memory limit is read');
  const oldMain = Number(/--max-old-space-size=(\d+)/.exec(daemonset)?.[1]);
  const semi = Number(/--max-semi-space-size=(\d+)/.exec(daemonset)?.[1]);
  const num = (key: string) => Number(new RegExp(`${key}: (\\d+)`).exec(configmap)?.[1]);
  const receiving = num('maxReceivingBytes') / MiB;
  const inflating = num('budgetBytes') / MiB;
  t.ok(receiving > 0 && inflating > 0 && oldMain > 0 && semi > 0, 'every figure is in the manifests');
  // One worker: the DaemonSet's CPU limit is 1 (pipeline.workers: auto).
  const w = workerHeapLimits(1, limitMiB * MiB);
  const worker = w.maxOldGenerationSizeMb + w.maxYoungGenerationSizeMb;
  const queue = 64; // pipeline.queue.maxBytes default: the queued request bodies, off the heap
  const inFlight = 8; // batches posted to the worker (8,192 entries of Fluent Bit records)
  const baseline = 60; // Node, its code and the two isolates
  const sum = baseline + oldMain + 3 * semi + worker + queue + inFlight + receiving + inflating;
  t.ok(sum <= limitMiB * 0.95, `bounds add up to ${sum} MiB of ${limitMiB}`);
  // logsift gives itself the same flags for that budget when nothing sets them (heap-relaunch.ts).
  t.same(mainHeapFlags(limitMiB * MiB), [`--max-old-space-size=${oldMain}`, `--max-semi-space-size=${semi}`], 'the manifest\'s NODE_OPTIONS are what the budget gives');
});

t.test('worker heaps scale with the budget and the number of workers, within their floor and cap', async (t) => {
  t.equal(workerHeapLimits(1, 1024 * MiB).maxOldGenerationSizeMb, 204);
  t.equal(workerHeapLimits(2, 1024 * MiB).maxOldGenerationSizeMb, 102);
  t.equal(workerHeapLimits(4, 512 * MiB).maxOldGenerationSizeMb, 64, 'never below the floor');
  t.equal(workerHeapLimits(1, 16 * 1024 * MiB).maxOldGenerationSizeMb, 512, 'never above the cap');
  t.equal(workerHeapLimits(1, 512 * MiB).maxYoungGenerationSizeMb, 16);
});
