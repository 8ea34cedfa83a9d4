// The realistic workload when ../shared/bench/gen-gunicorn-workload.py is not beside the repo: the
// same mix in the same shapes (200 gunicorn pods in the form Fluent Bit's kubernetes filter gives
// them, 57 % access lines, DEBUG/INFO chatter, numpy warning pairs, tracebacks, 8 flapping pods),
// from a seeded generator of its own (mulberry32), so the bytes differ from the Python script's
// but the files and summary.json have the same layout:
//   <outdir>/<name>.jsonl          {"log": "<raw line>", "kubernetes": {...}}
//   <outdir>/<name>.log            "<pod_name> <raw line>"
//   <outdir>/<name>.summary.json   per-pod counts of Booting worker / WORKER TIMEOUT / signal 9
// Usage: node bench/gen-gunicorn-workload.mjs [--lines N] [--pods N] [--outdir DIR] [--name NAME]
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from './support/seeded-random.mjs';

const NS = ['default', 'payments', 'search', 'ml-serving'];
const APPS = ['web', 'api', 'worker', 'predict', 'auth'];
const PATHS = ['/', '/healthz', '/readyz', '/api/v1/items', '/api/v1/items/%d', '/api/v1/users/%d', '/api/v1/search?q=%s', '/api/v1/predict', '/static/app.%s.js', '/metrics'];
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'numpy', 'pandas', 'kube', 'ramen', 'sushi'];
const UAS = ['kube-probe/1.26', 'python-requests/2.28.2', 'Mozilla/5.0 (X11; Linux x86_64)', 'curl/7.88.1', 'Prometheus/2.43.0', 'Go-http-client/1.1'];
const DEBUG_MSGS = ['GET %s', 'POST %s', 'Closing connection.', 'Ignoring EPIPE'];
const INFO_MSGS = ['Handling signal: winch', 'Autorestarting worker after current request.', 'Listening at: http://0.0.0.0:8000 (1)', 'Using worker: sync', 'Worker exiting (pid: %d)', 'Starting gunicorn 20.1.0'];
const NP_WARN = (t) => `/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:499: UserWarning: The value of the smallest subnormal for <class 'numpy.${t}'> type is zero.`;
const NP_SRC = '  setattr(self, word, getattr(machar, word).flat[0])';
const NP_WARN2 = (t) => `/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:89: UserWarning: The value of the smallest subnormal for <class 'numpy.${t}'> type is zero.`;
const NP_SRC2 = '  return self._float_to_str(self.smallest_subnormal)';
const TRACEBACKS = [
  ['Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.9/site-packages/gunicorn/workers/sync.py", line 136, in handle',
    '    self.handle_request(listener, req, client, addr)',
    '  File "/usr/local/lib/python3.9/site-packages/gunicorn/workers/sync.py", line 179, in handle_request',
    '    respiter = self.wsgi(environ, resp.start_response)',
    '  File "/app/app/views.py", line 42, in predict',
    '    result = model.predict(np.asarray(x, dtype=float))',
    "ValueError: could not convert string to float: 'abc'"],
  ['Traceback (most recent call last):',
    '  File "/app/app/db.py", line 88, in fetch',
    '    rows = cur.execute(sql, params).fetchall()',
    'psycopg2.OperationalError: server closed the connection unexpectedly',
    '\tThis probably means the server terminated abnormally',
    '\tbefore or while processing the request.'],
  ['Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.9/site-packages/gunicorn/arbiter.py", line 589, in spawn_worker',
    '    worker.init_process()',
    '  File "/usr/local/lib/python3.9/site-packages/gunicorn/workers/base.py", line 134, in init_process',
    '    self.load_wsgi()',
    "KeyError: 'DATABASE_URL'"],
];
const STATUSES = [200, 201, 204, 304, 400, 404, 500, 502];
const STATUS_WEIGHTS = [80, 4, 3, 4, 3, 4, 1, 1];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Writes the workload; returns the summary. */
export async function generateGunicornWorkload({ lines = 2_000_000, pods: podCount = 200, flapping = 8, seed = 20230315, outdir, name = 'gunicorn-mix-2M' }) {
  mkdirSync(outdir, { recursive: true });
  const rnd = mulberry32(seed);
  const below = (n) => Math.floor(rnd() * n);
  const choice = (a) => a[below(a.length)];
  const pods = [];
  for (let i = 0; i < podCount; i++) {
    const app = APPS[i % APPS.length];
    const ns = NS[i % NS.length];
    let rs = (Math.floor(rnd() * 2 ** 32) >>> 0).toString(16).padStart(8, '0');
    rs = i % 2 ? rs.slice(0, 6) : rs.slice(0, 9);
    let suffix = '';
    for (let k = 0; k < 5; k++) suffix += choice('bcdfghjklmnpqrstvwxz2456789');
    pods.push({ pod_name: `${app}-${rs}-${suffix}`, namespace_name: ns, container_name: app, labels: { app, 'pod-template-hash': rs }, workers: [], next_pid: 7 });
  }
  const flappingSet = new Set();
  while (flappingSet.size < flapping) flappingSet.add(below(podCount));
  const kmeta = pods.map((p) => JSON.stringify({ pod_name: p.pod_name, namespace_name: p.namespace_name, container_name: p.container_name, labels: p.labels }));

  // 2023-03-15 09:00:00 +0900, advancing ~40 ms per line overall.
  const t0 = Date.UTC(2023, 2, 15, 0, 0, 0);
  let ms = 0;
  const local = () => new Date(t0 + ms + 9 * 3600_000);
  const tsErr = () => {
    const d = local();
    return `[${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0900]`;
  };
  const tsAcc = () => {
    const d = local();
    return `[${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0900]`;
  };

  const counts = { lines: 0, events: {}, per_pod_lifecycle: {} };
  const bump = (k, n = 1) => (counts.events[k] = (counts.events[k] ?? 0) + n);
  const plain = createWriteStream(join(outdir, `${name}.log`));
  const jsonl = createWriteStream(join(outdir, `${name}.jsonl`));
  let plainBuf = '';
  let jsonBuf = '';
  const flush = async (force) => {
    if (!force && jsonBuf.length < 1 << 20) return;
    const a = plain.write(plainBuf);
    const b = jsonl.write(jsonBuf);
    plainBuf = '';
    jsonBuf = '';
    if (!a) await new Promise((r) => plain.once('drain', r));
    if (!b) await new Promise((r) => jsonl.once('drain', r));
  };
  const emit = (pi, ls) => {
    const p = pods[pi];
    for (const ln of ls) {
      plainBuf += p.pod_name + ' ' + ln + '\n';
      jsonBuf += '{"log":' + JSON.stringify(ln) + ',"kubernetes":' + kmeta[pi] + '}\n';
    }
    counts.lines += ls.length;
  };
  const life = (pi, key) => {
    const d = (counts.per_pod_lifecycle[pods[pi].pod_name] ??= { booting: 0, worker_timeout: 0, signal_9: 0 });
    d[key]++;
  };
  const boot = (pi) => {
    const p = pods[pi];
    const pid = p.next_pid;
    p.next_pid += 1 + below(3);
    p.workers.push(pid);
    emit(pi, [`${tsErr()} [${pid}] [INFO] Booting worker with pid: ${pid}`]);
    life(pi, 'booting');
    bump('booting_worker');
  };
  for (let pi = 0; pi < podCount; pi++) {
    emit(pi, [`${tsErr()} [1] [INFO] Starting gunicorn 20.1.0`, `${tsErr()} [1] [INFO] Listening at: http://0.0.0.0:8000 (1)`, `${tsErr()} [1] [INFO] Using worker: sync`]);
    bump('info', 3);
    boot(pi);
    boot(pi);
  }
  const statusTotal = STATUS_WEIGHTS.reduce((a, b) => a + b, 0);
  const status = () => {
    let x = rnd() * statusTotal;
    for (let i = 0; i < STATUSES.length; i++) if ((x -= STATUS_WEIGHTS[i]) < 0) return STATUSES[i];
    return 200;
  };
  while (counts.lines < lines) {
    ms += below(80);
    const pi = below(podCount);
    const p = pods[pi];
    const r = rnd();
    const left = lines - counts.lines;
    const pid = p.workers[0] ?? 7;
    if (flappingSet.has(pi) && r < 0.004 && left >= 3) {
      const victim = p.workers.shift() ?? 9;
      emit(pi, [`${tsErr()} [1] [CRITICAL] WORKER TIMEOUT (pid:${victim})`]);
      life(pi, 'worker_timeout');
      bump('worker_timeout');
      ms += 1000;
      emit(pi, [`${tsErr()} [1] [WARNING] Worker with pid ${victim} was terminated due to signal 9`]);
      life(pi, 'signal_9');
      bump('signal_9');
      boot(pi);
    } else if (r < 0.0015 && left >= 9) {
      const tb = choice(TRACEBACKS);
      emit(pi, [`${tsErr()} [${pid}] [ERROR] Error handling request /api/v1/predict`, ...tb]);
      bump('traceback');
      bump('traceback_lines', tb.length + 1);
    } else if (r < 0.05 && left >= 2) {
      if (rnd() < 0.7) emit(pi, [NP_WARN(choice(['float32', 'float64'])), NP_SRC]);
      else emit(pi, [NP_WARN2(choice(['float32', 'float64'])), NP_SRC2]);
      bump('numpy_warning_pair');
    } else if (r < 0.06) {
      const lvl = choice(['WARNING', 'ERROR']);
      const msg = rnd() < 0.5 ? `Slow request: 2.${pad(below(1000), 3)}s /api/v1/predict` : `Invalid request from ip=10.0.${below(8)}.${below(255)}: Invalid HTTP request line: ''`;
      emit(pi, [`${tsErr()} [${pid}] [${lvl}] ${msg}`]);
      bump(lvl.toLowerCase());
    } else if (r < 0.36) {
      if (rnd() < 0.7) {
        let m = choice(DEBUG_MSGS);
        if (m.includes('%s')) m = m.replace('%s', choice(['/healthz', '/api/v1/items', '/metrics']));
        emit(pi, [`${tsErr()} [${pid}] [DEBUG] ${m}`]);
        bump('debug');
      } else {
        let m = choice(INFO_MSGS);
        if (m.includes('%d')) m = m.replace('%d', String(pid));
        emit(pi, [`${tsErr()} [${m.includes('Worker') ? pid : 1}] [INFO] ${m}`]);
        bump('info');
      }
    } else {
      let path = choice(PATHS);
      if (path.includes('%d')) path = path.replace('%d', String(below(100000)));
      else if (path.includes('%s')) path = path.replace('%s', choice(WORDS));
      const meth = rnd() < 0.85 ? 'GET' : 'POST';
      emit(pi, [`10.${below(4)}.${below(256)}.${below(256)} - - ${tsAcc()} "${meth} ${path} HTTP/1.1" ${status()} ${below(40000)} "-" "${choice(UAS)}"`]);
      bump('access');
    }
    await flush(false);
  }
  await flush(true);
  await Promise.all([new Promise((r) => plain.end(r)), new Promise((r) => jsonl.end(r))]);
  counts.pods = podCount;
  counts.flapping_pods = [...flappingSet].map((i) => pods[i].pod_name).sort();
  counts.seed = seed;
  writeFileSync(join(outdir, `${name}.summary.json`), JSON.stringify(counts, null, 1));
  return counts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (k, d) => {
    const i = args.indexOf(k);
    return i >= 0 ? args[i + 1] : d;
  };
  const summary = await generateGunicornWorkload({
    lines: Number(opt('--lines', 2_000_000)),
    pods: Number(opt('--pods', 200)),
    outdir: opt('--outdir', 'workload'),
    name: opt('--name', 'gunicorn-mix-2M'),
  });
  const { per_pod_lifecycle: _, ...rest } = summary;
  console.log(JSON.stringify(rest, null, 1));
}
