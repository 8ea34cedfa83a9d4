// HTTP ingestion throughput: a logsift http source (from dist/) in one process, autocannon in this
// one, on loopback. Realistic Fluent Bit batches (1,000 records, gunicorn/numpy lines with a
// kubernetes map) as msgpack, json and gzip'd json_lines. Two server modes:
//   ingest  - the http source in front of an IngestQueue drained as fast as it fills (HTTP + decode)
//   service - the whole `logsift serve` Service (decode, pipeline, sinks; prometheus off)
//   decode  - in this process, no HTTP: decodeBody on the same bodies, records per CPU-second (the
//             2-core machine shares its cores with autocannon, so this row shows decoding alone)
// Usage: npm run build && node bench/http-ingest.mjs
//   (BENCH_HTTP_SECONDS, BENCH_HTTP_CONNECTIONS, BENCH_HTTP_MODES=decode,ingest,service,
//    BENCH_HTTP_BODIES=msgpack,json,json_lines+gzip; BENCH_SERVICE_WORKERS=2 runs the service's
//    pipeline in worker threads; BENCH_PROMETHEUS=1 turns the scrape endpoint on and scrapes it
//    every 250 ms during the run; BENCH_HTTP_PODS=N rotates bodies of N pods, one pod per body;
//    BENCH_NODE_OPTIONS: V8 flags for the server process, e.g. the DaemonSet's; unset: the heap
//    flags `logsift serve` gives itself for the default memory budget, as the CLI runs it)
// records/s counts what the server accepted; processed/s what also left the pipeline in the window
// (accepted less what still waits at its end); CPU s per 1M is the server's, all threads, split
// (Linux /proc, 10 ms ticks) into the main thread (HTTP, decoding, handing records on), the
// BENCH_SERVICE_WORKERS busiest other threads (the pipeline workers) and the rest (GC helpers...).
import { fork } from 'node:child_process';
import { get } from 'node:http';
import { gzipSync } from 'node:zlib';
import { fluentMsgpackBody, incidentLine, seeded, serveIngest } from './support/ingest-server.mjs';
import { serveHeapFlags } from './support/measure.mjs';

const dist = new URL('../dist/', import.meta.url);

if (process.argv[2] === '--server') await serve(process.argv[3]);
else await main();

function serve(mode) {
  return serveIngest(mode, {
    input: { http: { port: 0 } },
    fromService: (service) => ({ addresses: { address: service.http.address }, accepted: () => service.telemetry.recordsIn.get('http') }),
    fromInput: async (config, { queue, telemetry, logger, dist }) => {
      const { createHttpSource } = await import(new URL('sources/http/http-source.js', dist));
      const source = createHttpSource({ config: config.input.http, queue, telemetry, logger, busy: () => false, env: {} });
      await source.start();
      return { addresses: { address: source.address }, accepted: () => telemetry.recordsIn.get('http') };
    },
  });
}

/**
 * Seeded generator: gunicorn/numpy lines like the incident, one pod per batch (Fluent Bit's chunks
 * are per tag, and a kubernetes tail tag is one container's file).
 */
function records(n, seed) {
  const { rand, pod: first } = seeded(seed);
  // seeded() names the pod from its first draw, and neighbouring seeds draw almost the same
  // number: without the suffix all BENCH_HTTP_PODS bodies were one pod (one busy worker).
  const pod = seed === 42 ? first : `${first}-${seed - 42}`;
  const out = [];
  const t0 = 1678840926;
  for (let i = 0; i < n; i++) {
    out.push({
      date: t0 + i / 1000,
      time: new Date((t0 + i / 1000) * 1000).toISOString(),
      stream: 'stderr',
      _p: 'F',
      log: incidentLine(rand),
      // What filter_kubernetes adds (as in test/fixtures/fluent-bit-out-http/README.md).
      kubernetes: {
        pod_name: pod,
        namespace_name: 'dev',
        pod_id: '3f1e2d4c-5b6a-4789-9abc-def012345678',
        labels: { app: 'api', 'pod-template-hash': '7f9c6d5b8' },
        host: 'node-1',
        container_name: 'api',
        docker_id: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        container_hash: 'registry.example/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        container_image: 'registry.example/api:1.4.2',
      },
    });
  }
  return out;
}


async function main() {
  const autocannon = (await import('autocannon')).default;
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
  const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 8);
  const modes = (process.env.BENCH_HTTP_MODES ?? 'decode,ingest,service').split(',');
  const PER = 1000;
  const pods = Number(process.env.BENCH_HTTP_PODS ?? 1);
  const batches = Array.from({ length: pods }, (_, i) => records(PER, 42 + i));
  const batch = batches[0];
  const wanted = (process.env.BENCH_HTTP_BODIES ?? 'msgpack,json,json_lines+gzip').split(',');
  const bodies = [
    ['msgpack', 'application/msgpack', undefined, await Promise.all(batches.map((b) => fluentMsgpackBody(b)))],
    ['json', 'application/json', undefined, batches.map((b) => Buffer.from(JSON.stringify(b)))],
    ['json_lines+gzip', 'application/x-ndjson', 'gzip', batches.map((b) => gzipSync(b.map((r) => JSON.stringify(r) + '\n').join('')))],
  ]
    .filter(([name]) => wanted.includes(name))
    .map(([name, type, encoding, all]) => [name, type, encoding, all[0], all]);
  const rows = [];
  if (modes.includes('decode')) rows.push(...(await decodeOnly(bodies, seconds)));
  for (const mode of modes.filter((m) => m !== 'decode')) {
    for (const [name, type, encoding, body, all] of bodies) {
      const execArgv = await serverNodeFlags();
      const server = fork(new URL(import.meta.url).pathname, ['--server', mode], { stdio: 'inherit', execArgv });
      const { address, metrics } = await new Promise((r) => server.once('message', r));
      const headers = { 'content-type': type, ...(encoding ? { 'content-encoding': encoding } : {}) };
      // One scrape first: it waits for the workers' start-up (isolates, rule packs), which is not
      // what a scrape under load costs.
      if (metrics && mode === 'service') await new Promise((r) => get(metrics, (res) => res.resume().on('end', r)).on('error', r));
      server.send('mark');
      const scrapes = metrics && mode === 'service' ? scraper(metrics) : undefined;
      let next = 0;
      const requests = all.length > 1 ? [{ setupRequest: (req) => ({ ...req, body: all[next++ % all.length] }) }] : undefined;
      const result = await autocannon({ url: address + '/', method: 'POST', headers, body, requests, connections, duration: seconds });
      server.send('stats');
      const stats = await new Promise((r) => server.once('message', r));
      const latencies = (await scrapes?.stop()) ?? [];
      server.send('exit');
      const ok = result['2xx'];
      const elapsed = result.duration;
      rows.push({
        mode: mode === 'service' && process.env.BENCH_SERVICE_WORKERS ? `service, ${process.env.BENCH_SERVICE_WORKERS} workers` : mode,
        name,
        records: stats.accepted / elapsed,
        processed: stats.processed / elapsed,
        cpuPerM: (stats.cpuSeconds / Math.max(1, stats.processed)) * 1e6,
        split: ['main', 'workers', 'rest'].map((k) => ((stats.threads[k] / Math.max(1, stats.processed)) * 1e6).toFixed(2)).join(' / '),
        mb: (ok * body.length) / 1e6 / elapsed,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        rss: stats.peakRss / 1048576,
        endRss: stats.rss / 1048576,
        bodyKB: body.length / 1024,
        scrapes: latencies.length ? `${q(latencies, 0.5)} / ${q(latencies, 0.99)} (${latencies.length})` : '—',
        loop: stats.loopDelayMs ? stats.loopDelayMs.join(' / ') : '—',
      });
    }
  }
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  console.log(`\n1,000-record batches, ${connections} connections, ${seconds}s per row, autocannon in a separate process on 127.0.0.1`);
  console.log('| server | body | body KiB | records/s | processed/s | CPU s per 1M | of which main / workers / rest | MB/s (wire) | p50 ms | p99 ms | non-2xx | /metrics p50 / p99 ms (n) | event loop delay p50 / p99 / max ms | peak / end RSS MiB |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const processed = r.processed === undefined ? '—' : fmt(r.processed);
    const cpu = r.cpuPerM === undefined ? '—' : r.cpuPerM.toFixed(2);
    const rss = r.endRss === undefined ? r.rss.toFixed(0) : `${r.rss.toFixed(0)} / ${r.endRss.toFixed(0)}`;
    console.log(`| ${r.mode} | ${r.name} | ${r.bodyKB.toFixed(0)} | ${fmt(r.records)} | ${processed} | ${cpu} | ${r.split ?? '—'} | ${r.mb.toFixed(1)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.scrapes ?? '—'} | ${r.loop ?? '—'} | ${rss} |`);
  }
}

/** BENCH_NODE_OPTIONS, else what `logsift serve` relaunches with (src/runtime/heap-relaunch.ts). */
async function serverNodeFlags() {
  if (process.env.BENCH_NODE_OPTIONS !== undefined) return process.env.BENCH_NODE_OPTIONS.split(' ').filter(Boolean);
  return serveHeapFlags();
}

function q(sorted, p) {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
}

/** GETs `url` every 250 ms (one at a time); stop() resolves the latencies in ms, sorted. */
function scraper(url) {
  const latencies = [];
  let stopped = false;
  const once = () =>
    new Promise((resolve) => {
      const t0 = performance.now();
      get(url, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          resolve();
        });
      }).on('error', () => resolve());
    });
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      await once();
      await new Promise((r) => setTimeout(r, Math.max(0, 250 - (performance.now() - t0))));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return latencies.sort((a, b) => a - b);
    },
  };
}

/**
 * decodeBody alone on each body, timed by this process's CPU time (user + system, which includes
 * libuv's gunzip threads), after a warm-up. p50/p99 are per-body wall times.
 */
async function decodeOnly(bodies, seconds) {
  const { decodeBody } = await import(new URL('sources/http/decode-body.js', dist));
  const { PodInterner } = await import(new URL('sources/http/pod-interner.js', dist));
  const { buildConfig } = await import(new URL('config/load-config.js', dist));
  const c = buildConfig({}).input.http;
  const opts = {
    maxDecompressedBytes: c.maxDecompressedBytes,
    maxRecords: c.maxRecordsPerRequest,
    messageKeys: c.messageKeys,
    dateKeys: c.dateKeys,
    interner: new PodInterner(c.maxPodIdentities),
  };
  const rows = [];
  for (const [name, type, encoding, body] of bodies) {
    const req = { body, contentType: type, contentEncoding: encoding };
    const run = async (ms) => {
      const times = [];
      let records = 0;
      const cpu0 = process.cpuUsage();
      const until = performance.now() + ms;
      while (performance.now() < until) {
        const t0 = performance.now();
        // What the queue takes (a packed batch where the tree has one; else the entries).
        const batch = await decodeBody(req, opts);
        records += batch.count ?? batch.entries.length;
        times.push(performance.now() - t0);
      }
      const cpu = process.cpuUsage(cpu0);
      return { records, times, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    };
    await run(1000);
    const { records, times, cpuSeconds } = await run(Math.min(seconds, 5) * 1000);
    times.sort((a, b) => a - b);
    const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
    rows.push({
      mode: 'decode (CPU)',
      name,
      records: records / cpuSeconds,
      mb: (times.length * body.length) / 1e6 / cpuSeconds,
      p50: q(0.5),
      p99: q(0.99),
      non2xx: 0,
      rss: process.memoryUsage().rss / 1048576,
      bodyKB: body.length / 1024,
    });
  }
  return rows;
}
