// `logsift serve` as the DaemonSet runs it (deploy/kubernetes: its logsift.yaml and NODE_OPTIONS,
// one pipeline worker for its 1-CPU limit), under sustained full-rate HTTP load, then the worst
// case for the main thread's heap: maximal bodies (input.http.maxRecordsPerRequest records of short
// non-ASCII lines, which cost the most heap per body byte) posted while the queue is full.
// Reports steady RSS (median of the second half of the flood), peak RSS (VmHWM), what was accepted
// and refused, and whether the process survived.
// Usage: npm run build && node bench/serve-memory.mjs
//   (BENCH_MEMORY_SECONDS=20, BENCH_HTTP_CONNECTIONS=4, BENCH_WORKERS=1, BENCH_MAX_BODIES=8;
//    BENCH_MEMORY_CONFIG=default: the default config and no NODE_OPTIONS, as a bare `logsift serve`
//    runs (it sizes its heaps from memory.budgetBytes, or the cgroup's limit), workers auto)
//    BENCH_CGROUP=<cgroup v1 memory dir>: serve runs in that cgroup (set its memory.limit_in_bytes first)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MAIN, procUsage, tempConfig } from './support/measure.mjs';
import { deployedNodeOptions } from './serve-realistic.mjs';
import { fluentMsgpackBody, incidentLine, seeded } from './support/ingest-server.mjs';

const here = new URL('.', import.meta.url).pathname;
const seconds = Number(process.env.BENCH_MEMORY_SECONDS ?? 20);
const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 4);
const bare = process.env.BENCH_MEMORY_CONFIG === 'default';
const workers = process.env.BENCH_WORKERS ?? (bare ? 'auto' : '1');
const maxBodies = Number(process.env.BENCH_MAX_BODIES ?? 8);

const cm = parse(readFileSync(join(here, '..', 'deploy', 'kubernetes', 'configmap-logsift.yaml'), 'utf8'));
const config = bare ? { input: { http: {} }, export: { prometheus: {} } } : parse(cm.data['logsift.yaml']);
const state = mkdtempSync(join(tmpdir(), 'logsift-mem-'));
config.input.http.port = 0;
config.input.otlp = { ...config.input.otlp, http: { port: 0 }, grpc: { port: 0 } };
config.export.prometheus.port = 0;
if (!bare) config.storage.path = state; // the default config keeps no state on disk
config.reload = { watch: false };
const cfg = tempConfig(config);
const nodeOptions = bare ? '' : deployedNodeOptions();

// BENCH_CGROUP=<dir>: a cgroup v1 memory directory (its memory.limit_in_bytes set, e.g. 512 MiB)
// that serve is started in, as a container's limit would hold it; serve then sizes itself from it.
const cgroup = process.env.BENCH_CGROUP;
const serveArgs = [MAIN, 'serve', '--config', cfg.path, '--workers', workers];
const child = spawn(cgroup ? '/bin/sh' : process.execPath, cgroup ? ['-c', 'echo $$ > "$BENCH_CGROUP/cgroup.procs" && exec "$@"', 'sh', process.execPath, ...serveArgs] : serveArgs, {
  stdio: ['ignore', 'ignore', 'pipe'],
  env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_METRICS_EXPORTER: 'none', NODE_OPTIONS: nodeOptions },
});
const cgroupFile = (name) => readFileSync(join(cgroup, name), 'utf8').trim();
let exit;
child.once('exit', (code, signal) => (exit = { code, signal }));
let log = '';
let servingPid = child.pid;
const url = await new Promise((resolve, reject) => {
  child.once('exit', () => reject(new Error(`serve exited: ${log.slice(-2000)}`)));
  child.stderr.setEncoding('utf8').on('data', (d) => {
    if (log.length < 1e6) log += d;
    for (const line of d.split('\n')) {
      if (!line.includes('logsift serving')) continue;
      const serving = JSON.parse(line);
      // A bare serve starts again with its heap flags: measure the process that serves.
      servingPid = serving.pid ?? child.pid;
      if (serving.memory) console.error(`serving: ${JSON.stringify(serving.memory)}`);
      if (serving.http) resolve(serving.http);
    }
  });
});

const { buildConfig } = await import(new URL('../dist/config/load-config.js', import.meta.url));
const http = buildConfig(config).input.http;
const agent = new Agent({ keepAlive: true, maxSockets: connections + 2 });
const post = (body, contentType) =>
  new Promise((resolve) => {
    const req = request(url + '/', { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });

// The flood: 1,000-record msgpack bodies of 16 pods, each retried 20 ms after a 503.
const bodies = await Promise.all(
  Array.from({ length: 16 }, async (_, p) => {
    const { rand, pod } = seeded(100 + p);
    const t0 = 1678840926;
    const recs = Array.from({ length: 1000 }, (_, i) => ({ date: t0 + i / 1000, stream: 'stderr', log: incidentLine(rand), kubernetes: { pod_name: `${pod}-${p}`, namespace_name: 'dev', container_name: 'api', host: 'node-1' } }));
    return fluentMsgpackBody(recs);
  }),
);
const counts = { flood: 0, floodRefused: 0, max200: 0, max503: 0, max413: 0, maxOther: 0 };
let flooding = true;
let next = 0;
const lane = async () => {
  while (flooding) {
    const status = await post(bodies[next++ % bodies.length], 'application/msgpack');
    if (status === 200) counts.flood++;
    else {
      counts.floodRefused++;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
};
const rss = [];
const sampler = setInterval(() => rss.push({ t: performance.now(), mib: procUsage(servingPid).rssMiB }), 250);
const t0 = performance.now();
const lanes = Array.from({ length: connections }, lane);
await new Promise((r) => setTimeout(r, seconds * 1000));
const steadyFrom = t0 + (seconds * 1000) / 2;
const steady = rss.filter((s) => s.t >= steadyFrom).map((s) => s.mib).sort((a, b) => a - b);
const steadyRss = steady[Math.floor(steady.length / 2)];
const floodPeak = procUsage(servingPid).peakRssMiB;
const floodRecords = counts.flood * 1000;

// The worst case: maximal bodies while the flood keeps the queue full.
const perLine = Math.floor((Math.min(http.bodyLimit, http.maxDecompressedBytes) - 1024) / http.maxRecordsPerRequest) - '{"log":""}\n'.length - 2;
const text = 'é' + 'x'.repeat(Math.max(1, perLine - 2));
const maximal = Buffer.from(Array.from({ length: http.maxRecordsPerRequest }, (_, i) => JSON.stringify({ log: `${text}${i % 10}` }) + '\n').join(''));
// Each retried after a 503 as Fluent Bit would, so it is decoded whenever the queue is just below full.
const worstUntil = performance.now() + 90_000;
for (let i = 0; i < maxBodies && exit === undefined && performance.now() < worstUntil; i++) {
  for (let attempt = 0; attempt < 200 && exit === undefined && performance.now() < worstUntil; attempt++) {
    const status = await post(maximal, 'application/x-ndjson');
    if (status === 503) {
      counts.max503++;
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    if (process.env.BENCH_VERBOSE) console.error(`maximal body ${i}: ${status} after ${attempt} refusals, RSS ${procUsage(servingPid).rssMiB.toFixed(0)} MiB`);
    if (status === 200) counts.max200++;
    else if (status === 413) counts.max413++;
    else counts.maxOther++;
    break;
  }
}
flooding = false;
await Promise.all(lanes);
clearInterval(sampler);
const end = exit === undefined ? procUsage(servingPid) : undefined;
const cgroupPeak = cgroup ? { peakMiB: Number(cgroupFile('memory.max_usage_in_bytes')) / 1048576, failcnt: cgroupFile('memory.failcnt'), oom: cgroupFile('memory.oom_control').replace(/\n/g, ', ') } : undefined;
agent.destroy();
if (exit === undefined) child.kill('SIGTERM');
await new Promise((r) => (exit ? r() : child.once('exit', r)));
cfg.cleanup();
rmSync(state, { recursive: true, force: true });

console.log(bare ? `\nserve with the default config and no NODE_OPTIONS (--workers ${workers}), ${connections} connections, ${seconds}s flood` : `\nserve as the DaemonSet runs it (NODE_OPTIONS=${nodeOptions}, --workers ${workers}), ${connections} connections, ${seconds}s flood`);
console.log('| phase | accepted | refused (503) | steady RSS MiB | peak RSS MiB | survived |');
console.log('|---|---:|---:|---:|---:|---|');
console.log(`| flood: 1,000-record msgpack bodies, 16 pods | ${floodRecords.toLocaleString('en-US')} records (${Math.round(floodRecords / seconds).toLocaleString('en-US')}/s) | ${counts.floodRefused} | ${steadyRss?.toFixed(0)} | ${floodPeak.toFixed(0)} | yes |`);
console.log(
  `| + ${maxBodies} maximal bodies (${(maximal.length / 1048576).toFixed(1)} MiB, ${http.maxRecordsPerRequest.toLocaleString('en-US')} non-ASCII lines) | ${counts.max200} bodies | ${counts.max503} (413: ${counts.max413}, other: ${counts.maxOther}) | — | ${end ? end.peakRssMiB.toFixed(0) : '—'} | ${end ? 'yes' : `NO (${JSON.stringify(exit)}): ${log.slice(-500)}`} |`,
);
if (cgroupPeak) console.log(`\nin cgroup ${cgroup} (limit ${(Number(cgroupFile('memory.limit_in_bytes')) / 1048576).toFixed(0)} MiB): peak charged ${cgroupPeak.peakMiB.toFixed(0)} MiB (page cache included), failcnt ${cgroupPeak.failcnt}, ${cgroupPeak.oom}`);
