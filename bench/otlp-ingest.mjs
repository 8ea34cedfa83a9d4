// OTLP logs ingestion throughput: a logsift OTLP receiver (from dist/) in one process, the client in
// this one, on loopback. Batches of 1,000 records as the OpenTelemetry JS SDK encodes them (its own
// ProtobufLogsSerializer / JsonLogsSerializer): the incident's gunicorn/numpy lines, the pod as the
// resource (k8s.*), `log.iostream`, the severity where the line has a level. Rows:
//   decode   - in this process, no network: decodeLogsRequest on each body, records per CPU-second
//   ingest   - the OTLP receiver in front of an IngestQueue drained as fast as it fills
//              (OTLP/HTTP via autocannon; OTLP/gRPC via grpc-js unary calls, N in flight)
//   service  - the whole `logsift serve` Service (decode, pipeline, sinks; prometheus off), over
//              OTLP/HTTP protobuf, OTLP/gRPC and, for comparison, the Fluent Bit msgpack input
// Each network row also gives the server's CPU-seconds per million records (process.cpuUsage of the
// server process over the measured window): the machine is shared, so wall-clock records/s is noisy.
// Usage: npm run build && node bench/otlp-ingest.mjs
//   (BENCH_OTLP_SECONDS, BENCH_OTLP_CONNECTIONS, BENCH_OTLP_MODES=decode,ingest,service)
import { fork } from 'node:child_process';
import { fluentMsgpackBody, incidentLine, seeded, serveIngest } from './support/ingest-server.mjs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const PER = 1000;

function serve(mode) {
  return serveIngest(mode, {
    input: { http: { port: 0 }, otlp: { http: { port: 0 }, grpc: { port: 0 } } },
    fromService: (service) => ({
      addresses: { http: service.http.address, otlpHttp: service.otlp.httpAddress, otlpGrpc: service.otlp.grpcAddress },
      accepted: () => service.telemetry.recordsIn.total(),
    }),
    fromInput: async (config, { queue, telemetry, logger, dist }) => {
      const { OtlpSource } = await import(new URL('sources/otlp/otlp-source.js', dist));
      const source = new OtlpSource({ config: config.input.otlp, queue, telemetry, logger, env: {} });
      await source.start();
      return { addresses: { otlpHttp: source.httpAddress, otlpGrpc: source.grpcAddress }, accepted: () => telemetry.recordsIn.total() };
    },
  });
}

/** Seeded generator: the incident's line shapes, one pod per batch (as http-ingest.mjs). */
function lines(n, seed) {
  const { rand, pod } = seeded(seed);
  const out = [];
  for (let i = 0; i < n; i++) out.push({ pod, date: 1678840926 + i / 1000, log: incidentLine(rand) });
  return out;
}

const LEVEL = /^\[[^\]]+\] \[\d+\] \[([A-Z]+)\]/;
const SEVERITY = { INFO: 9, WARNING: 13, CRITICAL: 21 };

/** ReadableLogRecords as the JS SDK hands them to its exporters. */
async function sdkRecords(batch) {
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const resource = resourceFromAttributes({
    'k8s.namespace.name': 'dev',
    'k8s.pod.name': batch[0].pod,
    'k8s.container.name': 'api',
    'k8s.node.name': 'node-1',
  });
  const scope = { name: 'bench', version: '1.0.0' };
  return batch.map((r) => {
    const level = LEVEL.exec(r.log)?.[1];
    const ns = BigInt(Math.round(r.date * 1e6)) * 1000n;
    const hr = [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
    return {
      hrTime: hr,
      hrTimeObserved: hr,
      resource,
      instrumentationScope: scope,
      body: r.log,
      severityNumber: level ? SEVERITY[level] : undefined,
      severityText: level,
      attributes: { 'log.iostream': 'stderr' },
      droppedAttributesCount: 0,
    };
  });
}

/** The same records as Fluent Bit's msgpack events (for the comparison row). */
function msgpackBody(batch) {
  return fluentMsgpackBody(
    batch.map((r) => ({ date: r.date, stream: 'stderr', _p: 'F', log: r.log, kubernetes: { pod_name: r.pod, namespace_name: 'dev', container_name: 'api', host: 'node-1' } })),
  );
}

async function main() {
  const autocannon = (await import('autocannon')).default;
  const { ProtobufLogsSerializer, JsonLogsSerializer } = await import('@opentelemetry/otlp-transformer');
  const seconds = Number(process.env.BENCH_OTLP_SECONDS ?? 10);
  const connections = Number(process.env.BENCH_OTLP_CONNECTIONS ?? 8);
  const modes = (process.env.BENCH_OTLP_MODES ?? 'decode,ingest,service').split(',');
  const batch = lines(PER, 42);
  const records = await sdkRecords(batch);
  const proto = Buffer.from(ProtobufLogsSerializer.serializeRequest(records));
  const bodies = {
    protobuf: { transport: 'otlp/http', type: 'application/x-protobuf', body: proto },
    'protobuf + gzip': { transport: 'otlp/http', type: 'application/x-protobuf', encoding: 'gzip', body: gzipSync(proto) },
    json: { transport: 'otlp/http', type: 'application/json', body: Buffer.from(JsonLogsSerializer.serializeRequest(records)) },
    grpc: { transport: 'otlp/grpc', body: proto },
    'grpc + gzip': { transport: 'otlp/grpc', compress: true, body: proto },
    'fluent bit msgpack': { transport: 'fluent-bit http', type: 'application/msgpack', body: await msgpackBody(batch) },
  };
  const rows = [];
  if (modes.includes('decode')) rows.push(...(await decodeOnly(bodies, seconds)));
  const plan = {
    ingest: ['protobuf', 'protobuf + gzip', 'json', 'grpc', 'grpc + gzip'],
    service: ['protobuf', 'grpc', 'fluent bit msgpack'],
  };
  for (const mode of modes.filter((m) => m !== 'decode')) {
    for (const name of plan[mode]) {
      const spec = bodies[name];
      const server = fork(new URL(import.meta.url).pathname, ['--server', mode], { stdio: 'inherit' });
      const addresses = await new Promise((r) => server.once('message', r));
      // Warm up, then measure a window bracketed by the server's own CPU clock.
      await load(autocannon, spec, addresses, connections, Math.min(2, seconds));
      server.send('mark');
      const clientCpu0 = process.cpuUsage();
      const result = await load(autocannon, spec, addresses, connections, seconds);
      const clientCpu = process.cpuUsage(clientCpu0);
      server.send('stats');
      const stats = await new Promise((r) => server.once('message', r));
      server.send('exit');
      rows.push({
        mode,
        name: `${spec.transport} ${name.replace(/^grpc/, 'protobuf').replace('fluent bit ', '')}`,
        records: stats.accepted / result.seconds,
        cpuPerM: (stats.cpuSeconds / stats.accepted) * 1e6,
        clientCpuPerM: (((clientCpu.user + clientCpu.system) / 1e6) / stats.accepted) * 1e6,
        p50: result.p50,
        p99: result.p99,
        non2xx: result.failed,
        rss: stats.peakRss / 1048576,
        bodyKB: spec.body.length / 1024,
      });
    }
  }
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  console.log(`\n1,000-record batches, ${connections} connections (gRPC: calls in flight), ${seconds}s per row, client in a separate process on 127.0.0.1`);
  console.log('| server | transport / body | body KiB | records/s | server CPU-s per 1M records | client CPU-s per 1M | p50 ms | p99 ms | refused | peak RSS MiB |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.mode} | ${r.name} | ${r.bodyKB.toFixed(0)} | ${fmt(r.records)} | ${r.cpuPerM.toFixed(2)} | ${r.clientCpuPerM === undefined ? '—' : r.clientCpuPerM.toFixed(2)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.rss.toFixed(0)} |`,
    );
  }
}

/** Drives one transport for `seconds`; returns the wall time, latency quantiles and failures. */
async function load(autocannon, spec, addresses, connections, seconds) {
  if (spec.transport === 'otlp/grpc') return grpcLoad(spec, addresses.otlpGrpc, connections, seconds);
  const url = spec.transport === 'otlp/http' ? addresses.otlpHttp + '/v1/logs' : addresses.http + '/';
  const headers = { 'content-type': spec.type, ...(spec.encoding ? { 'content-encoding': spec.encoding } : {}) };
  const result = await autocannon({ url, method: 'POST', headers, body: spec.body, connections, duration: seconds });
  return { seconds: result.duration, p50: result.latency.p50, p99: result.latency.p99, failed: result.non2xx };
}

/** `connections` unary Export calls kept in flight on one channel (as an exporter's concurrency). */
async function grpcLoad(spec, address, inFlight, seconds) {
  const grpc = await import('@grpc/grpc-js');
  const { LOGS_SERVICE } = await import('../dist/sources/otlp/otlp-grpc-receiver.js');
  const Client = grpc.makeGenericClientConstructor(LOGS_SERVICE, 'LogsService');
  const client = new Client(address, grpc.credentials.createInsecure(), spec.compress ? { 'grpc.default_compression_algorithm': 2 } : {});
  const times = [];
  let failed = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      await new Promise((resolve) =>
        client.Export(spec.body, new grpc.Metadata(), (err) => {
          if (err) failed++;
          resolve();
        }),
      );
      times.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = (performance.now() - start) / 1000;
  client.close();
  times.sort((a, b) => a - b);
  const q = (p) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]);
  return { seconds: elapsed, p50: q(0.5), p99: q(0.99), failed };
}

/** decodeLogsRequest alone on each OTLP body, timed by this process's CPU time after a warm-up. */
async function decodeOnly(bodies, seconds) {
  const { decodeLogsRequest } = await import(new URL('sources/otlp/decode-logs-request.js', dist));
  const { PodInterner } = await import(new URL('sources/http/pod-interner.js', dist));
  const { buildConfig } = await import(new URL('config/load-config.js', dist));
  const c = buildConfig({}).input.otlp;
  const opts = {
    maxRecords: c.maxRecordsPerRequest,
    maxValues: c.maxValuesPerRequest,
    maxValueDepth: c.maxValueDepth,
    messageKeys: c.messageKeys,
    interner: new PodInterner(c.maxPodIdentities),
  };
  const rows = [];
  for (const [name, encoding] of [['protobuf', 'protobuf'], ['json', 'json']]) {
    const body = bodies[name].body;
    const run = (ms) => {
      const times = [];
      let records = 0;
      const cpu0 = process.cpuUsage();
      const until = performance.now() + ms;
      while (performance.now() < until) {
        const t0 = performance.now();
        records += decodeLogsRequest(body, encoding, opts).entries.length;
        times.push(performance.now() - t0);
      }
      const cpu = process.cpuUsage(cpu0);
      return { records, times, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    };
    run(1000);
    const { records, times, cpuSeconds } = run(Math.min(seconds, 5) * 1000);
    times.sort((a, b) => a - b);
    const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
    rows.push({
      mode: 'decode (CPU)',
      name,
      records: records / cpuSeconds,
      cpuPerM: (cpuSeconds / records) * 1e6,
      clientCpuPerM: undefined,
      p50: q(0.5),
      p99: q(0.99),
      non2xx: 0,
      rss: process.memoryUsage().rss / 1048576,
      bodyKB: body.length / 1024,
    });
  }
  return rows;
}

if (process.argv[2] === '--server') await serve(process.argv[3]);
else await main();
