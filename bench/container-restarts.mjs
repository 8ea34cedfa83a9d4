// Container restarts: what tracking container instances costs, and that a flood of ids stays
// bounded. Run after `npm run build`:
//   node --expose-gc bench/container-restarts.mjs [--passes N]
// 1. A hostile flood: every line a new container id, half of them for a new pod name each; heap
//    after a full GC and the state held, at several sizes (it must not grow with the flood).
// 2. The pipeline core over the workload (bench/out/containers-1000000-200, made by
//    `npm run bench` or bench/stages-decode-parse.mjs) with each file's container id (as
//    `logsift analyze` reads kubelet files) and without, alternated, CPU seconds
//    (process.cpuUsage: the machine is shared, so CPU time rather than wall time).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../dist/config/load-config.js';
import { createClassifier } from '../dist/classify/create-classifier.js';
import { Pipeline } from '../dist/pipeline/pipeline.js';
import { containerIdFromLogPath, podFromLogPath } from '../dist/decode/pod-identity.js';
import { SelfTelemetry } from '../dist/telemetry/self-telemetry.js';

const args = process.argv.slice(2);
const PASSES = Number(args[args.indexOf('--passes') + 1] || 5);
const here = new URL('.', import.meta.url).pathname;
const config = loadConfig();
const defaultPod = { namespace: 'unknown', pod: 'unknown', container: 'unknown' };

function pipeline(onRecords = () => {}) {
  return new Pipeline({ config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod }, onRecords);
}

function core(inputs, withIds) {
  const p = pipeline();
  const c0 = process.cpuUsage();
  for (const { file, pod, containerId, lines } of inputs) {
    for (let i = 0; i < lines.length; i += 4096) {
      const batch = [];
      const end = Math.min(lines.length, i + 4096);
      for (let j = i; j < end; j++) if (lines[j]) batch.push({ line: lines[j], pod, streamKey: file, containerId: withIds ? containerId : undefined });
      p.process(batch);
    }
  }
  p.flush();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

function flood(n) {
  const p = pipeline();
  const steady = { namespace: 'prod', pod: 'api-5d8c7b9f4-q7k2m', container: 'api' };
  const t0 = Date.parse('2024-05-06T10:00:00Z');
  const c0 = process.cpuUsage();
  for (let sent = 0; sent < n; ) {
    const batch = [];
    for (let i = 0; i < 4096 && sent < n; i++, sent++) {
      const other = sent % 2 === 1;
      batch.push({
        line: `${new Date(t0 + sent).toISOString()} stdout F error: connection refused (attempt ${sent})`,
        pod: other ? { namespace: 'ns', pod: `p-${sent}`, container: 'c' } : steady,
        streamKey: other ? `f-${sent}` : 'steady',
        containerId: sent.toString(16).padStart(64, '0'),
      });
    }
    p.process(batch);
  }
  p.flush();
  const c = process.cpuUsage(c0);
  globalThis.gc?.();
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  const restarts = p.pods.snapshot(Date.now()).find((s) => s.pod.pod === steady.pod)?.totals.restart ?? 0;
  return { heap, pods: p.pods.size, instances: p.instances.size, restarts, cpu: (c.user + c.system) / 1e6 };
}

globalThis.gc?.();
const baseHeap = process.memoryUsage().heapUsed / 2 ** 20;
console.log(`flood: every line a new container id, every other line a new pod (pods.maxPods ${config.pipeline.pods.maxPods})${globalThis.gc ? '' : ' — run with --expose-gc for the heap column'}:`);
console.log(`(heap before: ${baseHeap.toFixed(1)} MiB; the heap column is what a pipeline that took the flood holds)`);
console.log('| lines | heap MiB after GC | pods in state | pods with instance ids | restarts of the steady pod | CPU s |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const n of [10_000, 100_000, 1_000_000]) {
  const r = flood(n);
  console.log(`| ${n.toLocaleString('en-US')} | ${r.heap.toFixed(1)} | ${r.pods} | ${r.instances} | ${r.restarts.toLocaleString('en-US')} | ${r.cpu.toFixed(2)} |`);
}

const dir = join(here, 'out', 'containers-1000000-200');
const files = readdirSync(dir).filter((f) => f.endsWith('.log')).sort().map((f) => join(dir, f));
const inputs = files.map((f) => ({ file: f, pod: podFromLogPath(f), containerId: containerIdFromLogPath(f), lines: readFileSync(f, 'utf8').split('\n') }));
const lineCount = inputs.reduce((n, i) => n + i.lines.filter((l) => l).length, 0);
core(inputs, true);
const without = [];
const withIds = [];
for (let p = 0; p < PASSES; p++) {
  without.push(core(inputs, false));
  withIds.push(core(inputs, true));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`\npipeline core, ${lineCount.toLocaleString('en-US')} lines of ${files.length} kubelet files, ${PASSES} alternated passes, CPU seconds:`);
console.log('| container ids | median s | best s | ns/line (median) |');
console.log('|---|---:|---:|---:|');
for (const [name, xs] of [['none', without], ['one per file (as analyze reads them)', withIds]]) {
  console.log(`| ${name} | ${median(xs).toFixed(3)} | ${Math.min(...xs).toFixed(3)} | ${((median(xs) * 1e9) / lineCount).toFixed(0)} |`);
}
