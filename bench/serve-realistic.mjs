// `logsift serve` on the realistic workload (issue 12): the Fluent Bit JSON lines piped to stdin, and
// Fluent Bit `http` output bodies (msgpack, json, gzip'd json_lines) posted by a client in another
// process (bench/fluent-bit-client.mjs). Prometheus scrapes /metrics every 250 ms during the run;
// each row gives records/s (until everything sent was processed), records per CPU-second of the
// logsift process (all threads), peak RSS, the scrape latency p50/p99, and the per-pod lifecycle
// counts read from the last scrape, checked against the workload's ground truth.
// Run alone: npm run build && node bench/serve-realistic.mjs
//   (BENCH_LINES, BENCH_HTTP_RECORDS, BENCH_HTTP_FORMATS=msgpack,json,json_lines+gzip,
//    BENCH_HTTP_CONNECTIONS=4, BENCH_WORKERS=0,2)
import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN, procUsage, promSamples, quantile, scraper, sumOf, tempConfig, waitFor, httpGet } from './support/measure.mjs';
import { checkMetrics } from './support/verify.mjs';
import { realisticWorkload } from './realistic-workload.mjs';
import { fluentBitBodies, FORMATS } from './fluent-bit-bodies.mjs';
import { workerCounts } from './cli-realistic.mjs';

const here = new URL('.', import.meta.url).pathname;

/**
 * The V8 flags the shipped DaemonSet gives logsift (deploy/kubernetes/daemonset.yaml), so the
 * memory figures are those of the deployment; BENCH_NODE_OPTIONS overrides ('' for none).
 */
export function deployedNodeOptions() {
  if (process.env.BENCH_NODE_OPTIONS !== undefined) return process.env.BENCH_NODE_OPTIONS;
  try {
    const ds = readFileSync(join(here, '..', 'deploy', 'kubernetes', 'daemonset.yaml'), 'utf8');
    return /name: NODE_OPTIONS\s+value: (.*)/.exec(ds)?.[1]?.trim() ?? '';
  } catch {
    return '';
  }
}

/** Starts `logsift serve`; resolves { child, http, metrics, stop() } once both ports listen. */
async function startServe({ workers, stdinFile }) {
  const cfg = tempConfig({
    log: { level: 'info' },
    // The OTLP receivers on ports of their own choosing: another serve may hold 4317/4318.
    input: { http: { port: 0 }, stdin: { enabled: stdinFile !== undefined }, otlp: { http: { port: 0 }, grpc: { port: 0 } } },
    export: { prometheus: { port: 0 } },
  });
  const { openSync } = await import('node:fs');
  const child = spawn(process.execPath, [MAIN, 'serve', '--config', cfg.path, ...(workers === undefined ? [] : ['--workers', String(workers)])], {
    stdio: [stdinFile ? openSync(stdinFile, 'r') : 'ignore', 'ignore', 'pipe'],
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', NODE_OPTIONS: deployedNodeOptions() },
  });
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  let http;
  let metrics;
  let pid;
  let log = '';
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${log.slice(-2000)}`)));
    child.stderr.setEncoding('utf8').on('data', (d) => {
      if (log.length < 1e6) log += d;
      for (const line of d.split('\n')) {
        if (!line.startsWith('{')) continue;
        let o;
        try {
          o = JSON.parse(line);
        } catch {
          continue;
        }
        if (o.msg === 'Prometheus scrape endpoint listening') metrics = `http://${o.address.address}:${o.address.port}${o.path}`;
        if (o.msg === 'logsift serving') {
          http = o.http;
          pid = o.pid ?? child.pid; // a relaunch for the heap flags serves from another pid
        }
      }
      if (http && metrics) resolve();
    });
  });
  return {
    child,
    pid,
    http,
    metrics,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      cfg.cleanup();
      return code;
    },
  };
}

async function scrape(url) {
  return promSamples((await httpGet(url)).body);
}

/** Waits until `records` lines from `source` were taken in and the pipeline has none left. */
async function processed(url, source, records) {
  await waitFor(
    async () => {
      const s = await scrape(url);
      return sumOf(s, 'logsift_input_records_total', { source }) >= records && sumOf(s, 'logsift_queue_depth', { queue: 'ingest' }) === 0;
    },
    { everyMs: 100, what: `${records} ${source} records processed` },
  );
}

function row(name, records, seconds, usage, scrapes, check, extra = '') {
  return {
    scenario: name,
    records,
    seconds,
    cpu: usage.cpu,
    peakRss: usage.peakRssMiB,
    endRss: usage.rssMiB,
    p50: quantile(scrapes.latencies, 0.5),
    p99: quantile(scrapes.latencies, 0.99),
    scrapes: scrapes.latencies.length,
    correct: check.mismatches.length === 0 ? 'ok' : `${check.mismatches.length} pods differ (${check.mismatches[0]})`,
    extra: `${extra}${check.looping.length} loops active`,
  };
}

export async function stdinRows(w, counts = workerCounts()) {
  const rows = [];
  for (const workers of counts) {
    const t0 = performance.now();
    const s = await startServe({ workers, stdinFile: w.jsonl });
    const scrapes = scraper(s.metrics);
    await processed(s.metrics, 'stdin', w.lines);
    const seconds = (performance.now() - t0) / 1000;
    const usage = procUsage(s.pid);
    await scrapes.stop();
    const check = checkMetrics(await scrape(s.metrics), w.summary);
    await s.stop();
    rows.push(row(`serve, stdin (Fluent Bit JSON lines, ${label(workers)})`, w.lines, seconds, usage, scrapes, check));
  }
  return rows;
}

export async function httpRows(w, counts = workerCounts()) {
  const rows = [];
  const records = Math.min(w.lines, Number(process.env.BENCH_HTTP_RECORDS ?? w.lines));
  const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 4);
  const formats = (process.env.BENCH_HTTP_FORMATS ?? Object.keys(FORMATS).join(',')).split(',');
  for (const format of formats) {
    const bodies = await fluentBitBodies(w, format, records);
    for (const workers of counts) {
      const s = await startServe({ workers });
      const scrapes = scraper(s.metrics);
      const client = fork(join(here, 'fluent-bit-client.mjs'), [], { stdio: 'inherit' });
      const t0 = performance.now();
      const sent = new Promise((r) => client.once('message', r));
      client.send({ url: s.http + '/', file: bodies.file, index: bodies.index, contentType: bodies.contentType, encoding: bodies.encoding, connections });
      const c = await sent;
      await processed(s.metrics, 'http', bodies.records);
      const seconds = (performance.now() - t0) / 1000;
      const usage = procUsage(s.pid);
      await scrapes.stop();
      const check = checkMetrics(await scrape(s.metrics), bodies.expected);
      await s.stop();
      rows.push(row(`serve, HTTP ${format} (${label(workers)})`, bodies.records, seconds, usage, scrapes, check, `${c.retries} retried (503), ${c.failures} failed; `));
    }
  }
  return rows;
}

function label(n) {
  return n === undefined ? 'default' : n === 0 ? 'in-thread' : `${n} workers`;
}

export function printServeRows(rows) {
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  console.log(`logsift runs with NODE_OPTIONS="${deployedNodeOptions()}" (as the DaemonSet gives it; BENCH_NODE_OPTIONS overrides) and the default logsift.yaml.`);
  console.log('| scenario | records/s (wall) | records per CPU-s | CPU s | wall s | peak RSS MiB | RSS at end MiB | /metrics p50 ms | p99 ms (scrapes) | per-pod counts | notes |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.scenario} | ${fmt(r.records / r.seconds)} | ${fmt(r.records / r.cpu)} | ${r.cpu.toFixed(2)} | ${r.seconds.toFixed(2)} | ${r.peakRss.toFixed(0)} | ${r.endRss.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} (${r.scrapes}) | ${r.correct} | ${r.extra} |`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const w = await realisticWorkload(Number(process.env.BENCH_LINES ?? 2_000_000));
  const rows = [];
  if (process.env.BENCH_SERVE !== 'http') rows.push(...(await stdinRows(w)));
  if (process.env.BENCH_SERVE !== 'stdin') rows.push(...(await httpRows(w)));
  printServeRows(rows);
}
