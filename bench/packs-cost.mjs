// What the shipped rule packs cost: the processing core over the seeded workload with every pack
// in config/rules/ against the same core with only the packs given as the baseline (a directory
// of .yaml packs, e.g. main's four). CPU time of this process, median of the runs.
//
//   npm run build --silent && node bench/packs-cost.mjs <baseline-rules-dir> [runs]
//   (BENCH_LINES, BENCH_PODS size the workload as in bench/run.mjs)
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorkload } from './workload.mjs';
import { loadConfig } from '../dist/config/load-config.js';
import { createClassifier } from '../dist/classify/create-classifier.js';
import { DEFAULT_RULES_DIR, loadRules } from '../dist/classify/load-rules.js';
import { Pipeline } from '../dist/pipeline/pipeline.js';
import { podFromLogPath } from '../dist/decode/pod-identity.js';
import { SelfTelemetry } from '../dist/telemetry/self-telemetry.js';

const [baselineDir, runsArg] = process.argv.slice(2);
if (!baselineDir) throw new Error('usage: node bench/packs-cost.mjs <baseline-rules-dir> [runs]');
const runs = Number(runsArg ?? 3);
const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const PODS = Number(process.env.BENCH_PODS ?? 200);
const dir = join(new URL('.', import.meta.url).pathname, 'out', `containers-${LINES}-${PODS}`);
if (!existsSync(join(dir, '.done'))) {
  await generateWorkload({ dir, lines: LINES, pods: PODS });
  writeFileSync(join(dir, '.done'), '');
}
const inputs = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => {
  const file = join(dir, f);
  return { file, pod: podFromLogPath(file), lines: readFileSync(file, 'utf8').split('\n') };
});
const bytes = inputs.reduce((n, i) => n + statSync(i.file).size, 0);

function once(rulesDir) {
  const config = loadConfig();
  const classify = { ...config.pipeline.classify, rulesDir };
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(classify), telemetry: new SelfTelemetry(), defaultPod: { namespace: 'unknown', pod: 'unknown', container: 'unknown' } },
    () => {},
  );
  let lines = 0;
  const c0 = process.cpuUsage();
  for (const { file, pod, lines: ls } of inputs) {
    for (let i = 0; i < ls.length; i += 4096) {
      const batch = [];
      for (let j = i; j < Math.min(ls.length, i + 4096); j++) if (ls[j]) batch.push({ line: ls[j], pod, streamKey: file });
      lines += batch.length;
      pipeline.process(batch);
    }
  }
  pipeline.flush();
  const cpu = process.cpuUsage(c0);
  return { lines, cpu: (cpu.user + cpu.system) / 1e6 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const [name, rulesDir] of [['baseline packs', baselineDir], ['all shipped packs', DEFAULT_RULES_DIR]]) {
  once(rulesDir); // warm-up
  const cpus = [];
  let lines = 0;
  for (let r = 0; r < runs; r++) {
    const o = once(rulesDir);
    cpus.push(o.cpu);
    lines = o.lines;
  }
  rows.push([name, loadRules([rulesDir]).length, lines, median(cpus)]);
}
console.log(`workload: ${LINES} CRI lines, ${inputs.length} pods, ${(bytes / 1e6).toFixed(1)} MB; median of ${runs} runs, CPU time`);
console.log('| rules | count | lines/CPU-s | CPU s |');
console.log('|---|---|---|---|');
for (const [name, count, lines, cpu] of rows) console.log(`| ${name} | ${count} | ${Math.round(lines / cpu).toLocaleString('en')} | ${cpu.toFixed(2)} |`);
console.log(`cost of the packs: ${(((rows[1][3] - rows[0][3]) / rows[0][3]) * 100).toFixed(1)}% CPU`);
