// `npm run bench`: the whole table. First the realistic workload of issue 12 (generated once into
// bench/out/): analyze and tag on Fluent Bit JSON lines and on CRI files, serve over stdin and over
// HTTP, start-up; every row checked against the generator's summary.json. Then the round-1
// workload (logsift's own seeded CRI files) and the scenario scripts (http-*, export-*, html-*),
// so nothing regresses.
// Environment: BENCH_LINES (realistic, default 2,000,000), BENCH_WORKERS (default "0,2"),
// BENCH_HTTP_RECORDS, BENCH_HTTP_FORMATS, BENCH_ONLY (comma list of: cli,serve,startup,round1,scripts).
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateWorkload } from './workload.mjs';
import { runPipelineCore } from './pipeline-core.mjs';
import { realisticWorkload } from './realistic-workload.mjs';
import { cliRows, printCliRows } from './cli-realistic.mjs';
import { httpRows, printServeRows, stdinRows } from './serve-realistic.mjs';
import { printStartupRows, startupRows } from './startup.mjs';
import { conditions, runLogsift } from './support/measure.mjs';

const here = new URL('.', import.meta.url).pathname;
const only = process.env.BENCH_ONLY?.split(',');
const want = (part) => !only || only.includes(part);
const fmt = (n) => Math.round(n).toLocaleString('en-US');

console.log(`\n# logsift benchmarks — ${conditions()}`);
console.log('CPU seconds are user + system of every thread of the logsift process (the kernel\'s count); wall figures depend on how busy the machine is.');

if (want('cli') || want('serve')) {
  const w = await realisticWorkload(Number(process.env.BENCH_LINES ?? 2_000_000));
  console.log(`\n## Realistic workload: ${fmt(w.lines)} lines from ${Object.keys(w.summary.per_pod_lifecycle).length} pods (${w.generator})`);
  console.log(`Fluent Bit JSON lines ${(w.bytes / 1e6).toFixed(0)} MB; CRI files ${w.criFiles.length}, ${(w.criBytes / 1e6).toFixed(0)} MB. Flapping pods: ${w.summary.flapping_pods.length}.\n`);
  if (want('cli')) printCliRows(await cliRows(w));
  if (want('serve')) {
    console.log('');
    printServeRows([...(await stdinRows(w)), ...(await httpRows(w))]);
  }
}

if (want('startup')) {
  console.log('\n## Start-up\n');
  printStartupRows(await startupRows());
}

if (want('round1')) {
  const LINES = Number(process.env.BENCH_ROUND1_LINES ?? 1_000_000);
  const PODS = 200;
  const dir = join(here, 'out', `containers-${LINES}-${PODS}`);
  if (!existsSync(join(dir, '.done'))) {
    await generateWorkload({ dir, lines: LINES, pods: PODS });
    writeFileSync(join(dir, '.done'), '');
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => join(dir, f));
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const core = runPipelineCore(files);
  const rows = [['pipeline core (in-process, 1 core, lines in memory)', core.lines, core.seconds, core.cpuSeconds, NaN]];
  for (const [name, args] of [
    ['logsift tag > /dev/null', ['tag', ...files]],
    ['logsift tag --min-relevance signal', ['tag', '--min-relevance', 'signal', ...files]],
    ['logsift analyze --json', ['analyze', '--json', ...files]],
  ]) {
    const m = await runLogsift(args);
    rows.push([name, LINES, m.seconds, m.cpu, m.rssMiB]);
  }
  console.log(`\n## Round-1 workload: ${fmt(LINES)} CRI lines, ${files.length} pods, ${(bytes / 1e6).toFixed(1)} MB (seed 42, mixed formats); loops found: ${core.loops}, pods: ${core.pods}\n`);
  console.log('| scenario | lines/s (wall) | lines per CPU-s | CPU s | peak RSS MiB |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, lines, s, cpu, rss] of rows) {
    console.log(`| ${name} | ${fmt(lines / s)} | ${fmt(lines / cpu)} | ${cpu.toFixed(2)} | ${Number.isNaN(rss) ? '—' : rss.toFixed(0)} |`);
  }
}

if (want('scripts')) {
  for (const f of readdirSync(here).filter((f) => /^(http|export|html|rule)-.*\.mjs$/.test(f)).sort()) {
    console.log(`\n## ${f}`);
    spawnSync(process.execPath, [join(here, f)], { stdio: 'inherit' });
  }
}
