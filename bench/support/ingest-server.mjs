// The server half of the ingestion benches (http-ingest.mjs, otlp-ingest.mjs), run in a forked
// process: either the whole `logsift serve` Service or one input in front of an IngestQueue that
// is drained as fast as it fills. It reports its address(es), then answers the parent's 'mark'
// (start of the measured window), 'stats' (records accepted and CPU-seconds since the mark, peak
// RSS) and 'exit'. The incident's line shapes are here too, so both benches send the same text.
import { readdirSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const dist = new URL('../../dist/', import.meta.url);

/**
 * `input`: the config's `input` section; `fromService(service)` and `fromInput(config, deps)`
 * give `{ addresses, accepted }` for the two modes (`accepted()`: records taken so far).
 */
export async function serveIngest(mode, { input, fromService, fromInput }) {
  const { pino } = await import('pino');
  const { buildConfig } = await import(new URL('config/load-config.js', dist));
  const prometheus = process.env.BENCH_PROMETHEUS === '1' ? { port: 0 } : { enabled: false };
  const config = buildConfig({ input, export: { prometheus } });
  const logger = pino({ level: 'silent' });
  let served;
  if (mode === 'service') {
    const { Service } = await import(new URL('service/service.js', dist));
    const service = new Service({
      config,
      logger,
      defaultPod: { namespace: 'unknown', pod: 'unknown', container: 'unknown' },
      stdout: new Writable({ write: (_c, _e, cb) => cb() }),
      // BENCH_SERVICE_WORKERS: pipeline worker threads as `serve --workers` takes them (unset: in-thread).
      workers: workersSetting(process.env.BENCH_SERVICE_WORKERS),
    });
    await service.start();
    served = { ...fromService(service), pending: () => service.runner.depth };
    const metrics = service.sinks.components.find((c) => c.name === 'metrics')?.prometheusAddress;
    if (metrics) served.addresses.metrics = `http://127.0.0.1:${metrics.port}/metrics`;
  } else {
    const { IngestQueue } = await import(new URL('pipeline/ingest-queue.js', dist));
    const { SelfTelemetry } = await import(new URL('telemetry/self-telemetry.js', dist));
    const q = config.pipeline.queue;
    // `auto` (a share of the memory budget, which the service derives) as a bare component takes it.
    const { standaloneCap } = await import(new URL('runtime/memory-split.js', dist)).catch(() => ({ standaloneCap: (v) => v }));
    const queue = new IngestQueue({ maxRecords: q.maxRecords, maxBytes: standaloneCap(q.maxBytes), lowWatermark: q.lowWatermark });
    const telemetry = new SelfTelemetry();
    let scheduled = false;
    queue.onData(() => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        while (queue.takeAny?.() ?? queue.take());
      });
    });
    served = await fromInput(config, { queue, telemetry, logger, dist });
  }
  // How long the main thread's event loop was held (a scrape waits at least that long).
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let peak = 0;
  let mark = { cpu: process.cpuUsage(), threads: threadTimes(), accepted: 0, pending: 0 };
  const pending = () => served.pending?.() ?? 0;
  setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50).unref();
  process.on('message', (m) => {
    if (m === 'mark') loop.reset();
    if (m === 'mark') mark = { cpu: process.cpuUsage(), threads: threadTimes(), accepted: served.accepted(), pending: pending() };
    if (m === 'stats') {
      const cpu = process.cpuUsage(mark.cpu);
      const accepted = served.accepted() - mark.accepted;
      // Processed: accepted in the window, less what still waits (queued or in a worker) at its end.
      const processed = accepted + mark.pending - pending();
      if (process.env.BENCH_THREADS === '1') console.error('server CPU s by thread since the mark:', JSON.stringify(byThreadName(mark.threads)));
      process.send({ peakRss: Math.max(peak, process.memoryUsage().rss), rss: process.memoryUsage().rss, accepted, processed, cpuSeconds: (cpu.user + cpu.system) / 1e6, threads: threadSplit(mark.threads, Number(process.env.BENCH_SERVICE_WORKERS) || 0), loopDelayMs: [loop.percentile(50), loop.percentile(99), loop.max].map((ns) => Math.round(ns / 1e6)) });
    }
    if (m === 'exit') process.exit(0);
  });
  process.send(served.addresses);
}

/** CPU seconds of one thread of this process (user + system, Linux /proc, 10 ms ticks); NaN elsewhere. */
function threadCpuSeconds(tid) {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** BENCH_THREADS=1: CPU seconds since `before` of every thread, busiest first (Node 20 names them all "node"). */
function byThreadName(before) {
  const out = [];
  for (const [tid, t] of threadTimes()) out.push([tid === String(process.pid) ? 'main' : tid, Math.round((t - (before.get(tid) ?? 0)) * 100) / 100]);
  return out.sort((a, b) => b[1] - a[1]).filter(([, t]) => t > 0);
}

/** CPU seconds per thread id (Linux), to split the server's CPU between its threads. */
export function threadTimes() {
  const out = new Map();
  try {
    for (const tid of readdirSync('/proc/self/task')) out.set(tid, threadCpuSeconds(tid));
  } catch {
    // not Linux
  }
  return out;
}

/**
 * Since `before`: the main thread, the busiest `workers` other threads (the pipeline workers
 * under load), and the rest (V8's GC helpers, libuv's pool), in CPU seconds.
 */
export function threadSplit(before, workers) {
  const now = threadTimes();
  const other = [];
  let main = 0;
  for (const [tid, t] of now) {
    const d = t - (before.get(tid) ?? 0);
    if (tid === String(process.pid)) main = d;
    else other.push(d);
  }
  other.sort((a, b) => b - a);
  const top = other.slice(0, workers).reduce((a, b) => a + b, 0);
  const rest = other.slice(workers).reduce((a, b) => a + b, 0);
  return { main, workers: top, rest };
}

function workersSetting(v) {
  if (v === undefined || v === '') return undefined;
  return v === 'auto' ? 'auto' : Number(v);
}

/** A seeded generator: `rand()` in [0, 1) and a pod name for one batch (one pod per batch). */
export function seeded(seed) {
  let s = seed >>> 0;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return { rand, pod: `api-7f9c6d5b8-${(Math.floor(rand() * 20) + 10).toString(36)}x2x9k` };
}

/** One of the incident's line shapes (gunicorn, the numpy warning pair, a kube-probe request). */
const SHAPES = [
  (pid) => `[2023-03-15 09:42:07 +0900] [${pid}] [INFO] Booting worker with pid: ${pid}`,
  (pid) => `[2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:${pid})`,
  (pid) => `[2023-03-15 09:42:38 +0900] [1] [WARNING] Worker with pid ${pid} was terminated due to signal 9`,
  () => `/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:499: UserWarning: The value of the smallest subnormal for <class 'numpy.float32'> type is zero.`,
  () => `  setattr(self, word, getattr(machar, word).flat[0])`,
  (pid) => `10.0.${pid % 250}.7 - - [15/Mar/2023:09:43:${String(pid % 60).padStart(2, '0')} +0900] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.27"`,
];

export function incidentLine(rand) {
  return SHAPES[Math.floor(rand() * SHAPES.length)](Math.floor(rand() * 30000));
}

/**
 * Fluent Bit's msgpack events as its `http` output sends them: `[[EventTime, {}], record]` per
 * record (EventTime as ext 0: seconds and nanoseconds), from records with a `date` in seconds.
 */
export async function fluentMsgpackBody(records) {
  const { pack } = await import('msgpackr');
  return Buffer.concat(
    records.map((r) => {
      const head = Buffer.alloc(13);
      head[0] = 0x92;
      head[1] = 0x92;
      head[2] = 0xd7;
      head[3] = 0x00;
      head.writeUInt32BE(Math.floor(r.date), 4);
      head.writeUInt32BE(Math.round((r.date % 1) * 1e9), 8);
      head[12] = 0x80;
      return Buffer.concat([head, pack(r)]);
    }),
  );
}
