// Start-up (issue 12): `logsift tag empty.log` and `logsift analyze small.log` (the seed incident,
// 243 lines), median of BENCH_STARTUP_RUNS runs: wall seconds and CPU seconds (all threads). `node
// -e 0` is the floor. On a shared machine the CPU figure is the one to compare: wall time includes
// waiting for a core.
// Run alone: npm run build && node bench/startup.mjs
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { quantile, runLogsift } from './support/measure.mjs';

const here = new URL('.', import.meta.url).pathname;
const SMALL = join(here, '..', 'test', 'fixtures', 'seed-incident', 'gunicorn-numpy.log');

export async function startupRows(runs = Number(process.env.BENCH_STARTUP_RUNS ?? 7)) {
  const empty = join(mkdtempSync(join(tmpdir(), 'logsift-bench-')), 'empty.log');
  writeFileSync(empty, '');
  const rows = [];
  const node = { wall: [], cpu: [] };
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['-e', 'const u=process.resourceUsage();process.stdout.write(String((u.userCPUTime+u.systemCPUTime)/1e6))']);
    node.wall.push((performance.now() - t0) / 1000);
    node.cpu.push(Number(r.stdout));
  }
  rows.push({ scenario: 'node -e 0 (the floor)', wall: quantile(node.wall, 0.5), cpu: quantile(node.cpu, 0.5), rss: NaN });
  for (const [scenario, args] of [
    ['logsift tag empty.log', ['tag', empty]],
    ['logsift analyze small.log (243 lines)', ['analyze', SMALL]],
    ['logsift analyze --json small.log', ['analyze', '--json', SMALL]],
  ]) {
    const wall = [];
    const cpu = [];
    const rss = [];
    for (let i = 0; i < runs; i++) {
      const m = await runLogsift(args);
      wall.push(m.seconds);
      cpu.push(m.cpu);
      rss.push(m.rssMiB);
    }
    rows.push({ scenario, wall: quantile(wall, 0.5), cpu: quantile(cpu, 0.5), rss: quantile(rss, 0.5) });
  }
  return rows;
}

export function printStartupRows(rows) {
  console.log('| start-up | wall s (median) | CPU s (median) | peak RSS MiB |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.scenario} | ${r.wall.toFixed(3)} | ${r.cpu.toFixed(3)} | ${Number.isNaN(r.rss) ? '—' : r.rss.toFixed(0)} |`);
}

if (import.meta.url === `file://${process.argv[1]}`) printStartupRows(await startupRows());
