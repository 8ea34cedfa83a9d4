// `npm run bench`: generates the seeded workload (once) and prints one table of figures.
// Other scenario scripts in bench/ (http-*, export-*) are run after, each printing its own table.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, rmSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { generateWorkload } from './workload.mjs';
import { runPipelineCore } from './pipeline-core.mjs';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const PODS = Number(process.env.BENCH_PODS ?? 200);
const here = new URL('.', import.meta.url).pathname;
const dir = join(here, 'out', `containers-${LINES}-${PODS}`);

async function workload() {
  if (existsSync(join(dir, '.done'))) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => join(dir, f));
    return { files, lines: LINES, bytes: files.reduce((n, f) => n + statSync(f).size, 0) };
  }
  const w = await generateWorkload({ dir, lines: LINES, pods: PODS });
  (await import('node:fs')).writeFileSync(join(dir, '.done'), '');
  return w;
}

function child(args, stdoutFile = '/dev/null') {
  const rssFile = join(mkdtempSync(join(tmpdir(), 'logsift-bench-')), 'rss');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', `node --import ${join(here, 'report-rss.mjs')} ${join(here, '..', 'dist', 'cli', 'main.js')} ${args} > ${stdoutFile}`], {
    env: { ...process.env, LOGSIFT_BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`logsift ${args} exited ${r.status}`);
  const rssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(rssFile, { force: true });
  return { seconds, rssMiB };
}

const w = await workload();
const rows = [];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const core = runPipelineCore(w.files);
// Its RSS would be the benchmark's own (the whole workload held in memory as strings): not shown.
rows.push(['pipeline core (in-process, 1 core)', core.lines, core.seconds, core.bytes, NaN]);
const fileArgs = `${dir}/*.log`;
const tag = child(`tag ${fileArgs}`);
rows.push(['logsift tag > /dev/null', w.lines, tag.seconds, w.bytes, tag.rssMiB]);
const tagSignal = child(`tag --min-relevance signal ${fileArgs}`);
rows.push(['logsift tag --min-relevance signal', w.lines, tagSignal.seconds, w.bytes, tagSignal.rssMiB]);
const analyze = child(`analyze --json ${fileArgs}`);
rows.push(['logsift analyze --json', w.lines, analyze.seconds, w.bytes, analyze.rssMiB]);

console.log(`\nworkload: ${fmt(w.lines)} CRI lines, ${w.files.length} pods, ${(w.bytes / 1e6).toFixed(1)} MB (seed 42); loops found: ${core.loops}, pods: ${core.pods}`);
console.log('| scenario | lines/s | MB/s | seconds | peak RSS MiB |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, lines, s, bytes, rss] of rows) {
  console.log(`| ${name} | ${fmt(lines / s)} | ${(bytes / 1e6 / s).toFixed(1)} | ${s.toFixed(2)} | ${Number.isNaN(rss) ? '—' : rss.toFixed(0)} |`);
}

for (const f of readdirSync(here).filter((f) => /^(http|export|html|rule)-.*\.mjs$/.test(f)).sort()) {
  if (process.env.BENCH_ONLY_CORE) break;
  console.log(`\n## ${f}`);
  spawnSync(process.execPath, [join(here, f)], { stdio: 'inherit' });
}
