// Seeded generator of a realistic node's worth of container logs, CRI-wrapped, one file per
// container as the kubelet writes them. Mixed formats; a few pods replay the incident's loop.
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from './support/seeded-random.mjs';

const NUMPY = [
  "/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:499: UserWarning: The value of the smallest subnormal for <class 'numpy.float64'> type is zero.",
  '  setattr(self, word, getattr(machar, word).flat[0])',
];
const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/app/api/handlers.py", line 88, in get_order',
  '    order = db.fetch(order_id)',
  '  File "/app/api/db.py", line 41, in fetch',
  '    raise KeyError(key)',
  "KeyError: 'order-4411'",
];
const JAVA = [
  'java.lang.IllegalStateException: connection pool exhausted',
  '\tat com.example.pool.Pool.borrow(Pool.java:118)',
  '\tat com.example.api.OrderController.get(OrderController.java:52)',
  '\t... 41 more',
];

function pad(n, w = 2) {
  return String(n).padStart(w, '0');
}
function gunicornTime(ms) {
  const d = new Date(ms + 9 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0900`;
}

/** Returns [lines of app text] for one event of a pod with the given style. */
function appLines(style, r, ms, state) {
  const x = r();
  switch (style) {
    case 'gunicorn': {
      if (x < 0.7) {
        const ip = `10.${(r() * 255) | 0}.${(r() * 255) | 0}.${(r() * 255) | 0}`;
        const path = ['/healthz', '/api/orders', '/api/users/' + ((r() * 9999) | 0), '/metrics'][(r() * 4) | 0];
        const status = r() < 0.97 ? 200 : 503;
        const agent = path === '/healthz' ? 'kube-probe/1.27' : 'python-requests/2.31';
        return [`${ip} - - [15/Mar/2023:09:42:09 +0900] "GET ${path} HTTP/1.1" ${status} ${(r() * 5000) | 0} "-" "${agent}"`];
      }
      if (x < 0.9) return [`[${gunicornTime(ms)}] [${state.pid}] [INFO] Handled request in ${(r() * 900).toFixed(1)}ms`];
      if (x < 0.995) return NUMPY;
      return TRACEBACK;
    }
    case 'json':
      if (x < 0.9) return [JSON.stringify({ level: 30, time: ms, pid: 1, hostname: 'api', reqId: 'req-' + ((r() * 1e6) | 0), msg: 'request completed', responseTime: (r() * 200) | 0 })];
      if (x < 0.98) return [JSON.stringify({ level: 40, time: ms, msg: 'slow query', durationMs: (r() * 5000) | 0 })];
      return [JSON.stringify({ level: 50, time: ms, msg: 'upstream timed out', err: { type: 'TimeoutError' } })];
    case 'klog': {
      const d = new Date(ms);
      const t = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}123`;
      if (x < 0.95) return [`I${t}       1 controller.go:${(r() * 400) | 0}] "Reconciled object" key="default/web-${(r() * 99) | 0}" duration="${(r() * 90) | 0}ms"`];
      return [`E${t}       1 reflector.go:138] failed to list *v1.Pod: context deadline exceeded`];
    }
    case 'logfmt':
      if (x < 0.93) return [`time=${new Date(ms).toISOString()} level=info msg="cache hit" key=user:${(r() * 1e5) | 0} ttl=${(r() * 600) | 0}s`];
      return [`time=${new Date(ms).toISOString()} level=warn msg="cache miss storm" misses=${(r() * 1e4) | 0}`];
    default: {
      if (x < 0.97) return [`${new Date(ms).toISOString()} INFO  [worker-${(r() * 8) | 0}] processed batch id=${(r() * 1e9) | 0} items=${(r() * 500) | 0}`];
      if (x < 0.995) return JAVA;
      return [`${new Date(ms).toISOString()} ERROR [worker-1] batch failed: connection reset by peer`];
    }
  }
}

/** The incident's cycle: boot, warnings, timeout, exit, SIGKILL. */
function loopCycle(ms, state) {
  const a = state.pid;
  const t = gunicornTime(ms);
  const t2 = gunicornTime(ms + 30_000);
  const t3 = gunicornTime(ms + 31_000);
  state.pid += 2;
  return [
    `[${t}] [${a}] [INFO] Booting worker with pid: ${a}`,
    ...NUMPY,
    ...NUMPY,
    `[${t2}] [1] [CRITICAL] WORKER TIMEOUT (pid:${a})`,
    `[${t2}] [${a}] [INFO] Worker exiting (pid: ${a})`,
    `[${t3}] [1] [WARNING] Worker with pid ${a} was terminated due to signal 9`,
  ];
}

function criTime(ms) {
  return new Date(ms).toISOString().replace('Z', '000000Z');
}

/**
 * Writes `lines` lines over `pods` pod files into `dir`; returns { files, lines, bytes }.
 */
export async function generateWorkload({ dir, lines = 1_000_000, pods = 200, loopingPods = 4, seed = 42 }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = mulberry32(seed);
  const styles = ['gunicorn', 'json', 'klog', 'logfmt', 'plain'];
  const perPod = Math.ceil(lines / pods);
  const start = Date.UTC(2023, 2, 15, 0, 0, 0);
  let total = 0;
  let bytes = 0;
  const files = [];
  for (let p = 0; p < pods && total < lines; p++) {
    const ns = ['prod', 'staging', 'dev', 'batch'][p % 4];
    const name = `svc${p % 37}-${(r() * 0xffffff | 0).toString(16)}-${(r() * 0xfffff | 0).toString(36)}`;
    const id = Array.from({ length: 64 }, () => ((r() * 16) | 0).toString(16)).join('');
    const file = join(dir, `${name}_${ns}_app-${id}.log`);
    files.push(file);
    const out = createWriteStream(file);
    const looping = p < loopingPods;
    const style = looping ? 'gunicorn' : styles[p % styles.length];
    const state = { pid: 9 };
    let ms = start;
    let written = 0;
    let chunk = '';
    while (written < perPod && total < lines) {
      ms += (r() * 400) | 0;
      const text = looping && r() < 0.02 ? loopCycle(ms, state) : appLines(style, r, ms, state);
      const stream = r() < 0.8 ? 'stdout' : 'stderr';
      for (const t of text) {
        const line = `${criTime(ms)} ${stream} F ${t}\n`;
        chunk += line;
        bytes += Buffer.byteLength(line);
        written++;
        total++;
      }
      if (chunk.length > 1 << 16) {
        if (!out.write(chunk)) await new Promise((res) => out.once('drain', res));
        chunk = '';
      }
    }
    out.write(chunk);
    await new Promise((res) => out.end(res));
  }
  return { files, lines: total, bytes };
}
