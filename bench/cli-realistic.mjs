// `logsift analyze` and `logsift tag` on the realistic workload (issue 12): the Fluent Bit-shaped
// JSON lines file and its CRI-framed variant (one kubelet file per container), in-thread and with
// pipeline workers. Each row: lines/s (wall), lines per CPU-second (all threads), peak RSS, and the
// per-pod counts checked against summary.json in the same run.
// Run alone: npm run build && node bench/cli-realistic.mjs   (BENCH_LINES, BENCH_WORKERS=0,2)
import { runLogsift } from './support/measure.mjs';
import { checkAnalyze, TagVerifier } from './support/verify.mjs';
import { realisticWorkload } from './realistic-workload.mjs';

/** Worker counts to run each scenario with; `undefined` = the build's own default. */
export function workerCounts() {
  return (process.env.BENCH_WORKERS ?? '0,2').split(',').map((s) => (s === 'default' ? undefined : Number(s)));
}

function workersArgs(n) {
  return n === undefined ? [] : ['--workers', String(n)];
}

function label(n) {
  return n === undefined ? 'default' : n === 0 ? 'in-thread' : `${n} workers`;
}

export async function cliRows(w, counts = workerCounts()) {
  const rows = [];
  const inputs = [
    { input: 'Fluent Bit JSON lines', files: [w.jsonl], bytes: w.bytes },
    { input: 'CRI files', files: w.criFiles, bytes: w.criBytes },
  ];
  for (const { input, files, bytes } of inputs) {
    for (const n of counts) {
      const a = await runLogsift(['analyze', '--json', ...workersArgs(n), ...files], { capture: true });
      const check = checkAnalyze(JSON.parse(a.stdout), w.summary);
      rows.push(row(`analyze --json`, input, n, w.lines, bytes, a, check));

      const v = new TagVerifier();
      const t = await runLogsift(['tag', ...workersArgs(n), ...files], { onStdout: (d) => v.push(d) });
      rows.push(row('tag', input, n, w.lines, bytes, t, v.check(w.summary)));

      let signals = 0;
      const s = await runLogsift(['tag', '--min-relevance', 'signal', ...workersArgs(n), ...files], {
        onStdout: (d) => {
          for (let i = d.indexOf('\n'); i >= 0; i = d.indexOf('\n', i + 1)) signals++;
        },
      });
      rows.push(row('tag --min-relevance signal', input, n, w.lines, bytes, s, { mismatches: [], digest: `${signals} signal records` }));
    }
  }
  return rows;
}

function row(command, input, workers, lines, bytes, m, check) {
  return {
    scenario: `${command} (${input}, ${label(workers)})`,
    lines,
    seconds: m.seconds,
    cpu: m.cpu,
    rssMiB: m.rssMiB,
    mbps: bytes / 1e6 / m.seconds,
    correct: check.mismatches.length === 0 ? 'ok' : `${check.mismatches.length} pods differ (${check.mismatches[0]})`,
    digest: check.digest,
  };
}

export function printCliRows(rows) {
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  console.log('| scenario | lines/s (wall) | lines per CPU-s | CPU s | wall s | peak RSS MiB | per-pod counts vs summary.json | output |');
  console.log('|---|---:|---:|---:|---:|---:|---|---|');
  for (const r of rows) {
    console.log(`| ${r.scenario} | ${fmt(r.lines / r.seconds)} | ${fmt(r.lines / r.cpu)} | ${r.cpu.toFixed(2)} | ${r.seconds.toFixed(2)} | ${r.rssMiB.toFixed(0)} | ${r.correct} | ${r.digest} |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const w = await realisticWorkload(Number(process.env.BENCH_LINES ?? 2_000_000));
  printCliRows(await cliRows(w));
}
