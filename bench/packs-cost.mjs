// What the shipped rule packs cost (issue 13: throughput may fall by at most 5 % with all packs
// loaded): `logsift analyze --json --workers 0` on the realistic workload (bench/realistic-workload.mjs,
// the Fluent Bit JSON lines) with every pack in config/rules/ against the same command with only the
// gunicorn pack (the workload's own server) and with no pack at all. Each variant is a fresh process,
// as a user runs it, so start-up (loading the packs) and the first run of each rule regex count;
// the variants are alternated run by run so that they share the machine's load. CPU seconds of every
// thread of the child (the kernel's count), median of the runs.
//
//   npm run build --silent && node bench/packs-cost.mjs [runs] [baseline-rules-dir]
//   BENCH_LINES sizes the workload (default 2,000,000, as bench/run.mjs); BENCH_HEAD=n runs the
//   first n lines of it only (a short input, where the packs' per-shape work weighs most).
import { copyFileSync, createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runLogsift, tempConfig } from './support/measure.mjs';
import { realisticWorkload } from './realistic-workload.mjs';

const [runsArg, baselineArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const here = new URL('.', import.meta.url).pathname;
const shipped = join(here, '..', 'config', 'rules');

const w = await realisticWorkload(Number(process.env.BENCH_LINES ?? 2_000_000));
const scratch = mkdtempSync(join(tmpdir(), 'logsift-packs-cost-'));
let input = w.jsonl;
let lines = w.lines;
if (process.env.BENCH_HEAD) {
  lines = Number(process.env.BENCH_HEAD);
  input = join(scratch, 'head.jsonl');
  await head(w.jsonl, input, lines);
}

function packDir(name, files) {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const f of files) copyFileSync(join(shipped, f), join(dir, f));
  return dir;
}

const variants = [
  { name: 'all shipped packs', rulesDir: undefined },
  { name: baselineArg ? `baseline (${baselineArg})` : 'gunicorn pack only', rulesDir: baselineArg ?? packDir('gunicorn', ['gunicorn.yaml']) },
  { name: 'no pack', rulesDir: packDir('none', []) },
].map((v) => ({ ...v, config: tempConfig(v.rulesDir === undefined ? {} : { pipeline: { classify: { rulesDir: v.rulesDir } } }), cpus: [], rss: [] }));

try {
  for (let r = 0; r < runs; r++) {
    for (const v of variants) {
      const m = await runLogsift(['analyze', '--json', '--workers', '0', '--config', v.config.path, input], { capture: true });
      const doc = JSON.parse(m.stdout);
      if (doc.summary.lines !== lines) throw new Error(`${v.name}: ${doc.summary.lines} lines analysed, ${lines} expected`);
      v.cpus.push(m.cpu);
      v.rss.push(m.rssMiB);
    }
  }
} finally {
  for (const v of variants) v.config.cleanup();
  rmSync(scratch, { recursive: true, force: true });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`workload: ${fmt(lines)} Fluent Bit JSON lines (${w.generator}); analyze --json --workers 0, ${runs} alternated runs per variant; load ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
console.log('| rules | lines per CPU-s (median) | CPU s median | CPU s runs | peak RSS MiB |');
console.log('|---|---:|---:|---|---:|');
for (const v of variants) {
  console.log(`| ${v.name} | ${fmt(lines / median(v.cpus))} | ${median(v.cpus).toFixed(2)} | ${v.cpus.map((c) => c.toFixed(2)).join(' ')} | ${median(v.rss).toFixed(0)} |`);
}
const all = median(variants[0].cpus);
for (const base of variants.slice(1)) {
  const b = median(base.cpus);
  console.log(`all packs vs ${base.name}: ${(((all - b) / b) * 100).toFixed(1)} % more CPU per line, lines per CPU-s ${(((all - b) / all) * 100).toFixed(1)} % lower`);
}

async function head(from, to, n) {
  const out = createWriteStream(to);
  let k = 0;
  for await (const line of createInterface({ input: createReadStream(from), crlfDelay: Infinity })) {
    if (k++ >= n) break;
    if (!out.write(line + '\n')) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}
