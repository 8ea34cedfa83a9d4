import t from 'tap';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, runCli } from '../helpers/run-cli.js';

/**
 * `analyze` and `tag` with pipeline workers give every pod the same results as on the main
 * thread: lifecycle counts, loop verdicts, and the pod's records in input order.
 */

const RECORDS = join(FIXTURES, 'seed-incident', 'fluent-bit-records.jsonl');

interface PodReport {
  namespace: string;
  pod: string;
  container: string;
  records: number;
  events: Record<string, number>;
  restartLoop: Record<string, unknown>;
}

async function analyze(file: string, workers: number) {
  const r = await runCli(['analyze', '--json', '--workers', String(workers), file]);
  if (r.code !== 0) throw new Error(r.stderr);
  const doc = JSON.parse(r.stdout) as { pods: PodReport[]; loops: unknown[]; summary: { lines: number; records: number } };
  const pods = Object.fromEntries(doc.pods.map((p) => [`${p.namespace}/${p.pod}/${p.container}`, { events: p.events, loop: p.restartLoop, records: p.records }]));
  return { pods, loops: doc.loops, lines: doc.summary.lines, records: doc.summary.records };
}

/**
 * A node's worth of Fluent Bit records, interleaved across pods as a DaemonSet's file would be:
 * 24 gunicorn pods, 4 of them in the incident's boot/timeout/kill loop, tracebacks and warning
 * pairs kept together per pod. Seeded, so every run sees the same lines.
 */
function multiPodWorkload(): { file: string; perPod: Map<string, string[]> } {
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  // Pods 4-7 name their container instance (docker_id), and it changes now and then: restarts.
  const pods = Array.from({ length: 24 }, (_, i) => ({ name: `api-${(i * 7919).toString(36)}-x${i}`, ns: ['dev', 'prod'][i % 2], pid: 9, looping: i < 4, cid: i >= 4 && i < 8 ? `${i}`.padStart(64, 'c') : undefined }));
  const lines: string[] = [];
  const perPod = new Map<string, string[]>();
  const emit = (p: (typeof pods)[number], ms: number, texts: string[]) => {
    for (const text of texts) {
      const k = { pod_name: p.name, namespace_name: p.ns, container_name: 'api', ...(p.cid ? { docker_id: p.cid } : {}), labels: { app: 'api' } };
      lines.push(JSON.stringify({ date: ms / 1000, log: text, kubernetes: k }));
      const list = perPod.get(p.name) ?? [];
      list.push(text);
      perPod.set(p.name, list);
    }
  };
  const stamp = (ms: number) => {
    const d = new Date(ms + 9 * 3600_000).toISOString();
    return `[${d.slice(0, 10)} ${d.slice(11, 19)} +0900]`;
  };
  let ms = Date.UTC(2023, 2, 15, 0, 42, 0);
  for (let n = 0; n < 6000; n++) {
    ms += Math.floor(rand() * 400);
    const p = pods[Math.floor(rand() * pods.length)];
    const x = rand();
    if (p.cid !== undefined && x < 0.04) {
      p.cid = (rand() * 2 ** 52).toString(16).padStart(64, '0');
      emit(p, ms, [`${stamp(ms)} [1] [INFO] Starting gunicorn 20.1.0`]);
    } else if (p.looping && x < 0.08) {
      const a = p.pid;
      p.pid += 2;
      emit(p, ms, [`${stamp(ms)} [${a}] [INFO] Booting worker with pid: ${a}`, `${stamp(ms + 30_000)} [1] [CRITICAL] WORKER TIMEOUT (pid:${a})`, `${stamp(ms + 31_000)} [1] [WARNING] Worker with pid ${a} was terminated due to signal 9`]);
    } else if (x < 0.05) {
      emit(p, ms, ['/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:499: UserWarning: The value of the smallest subnormal for <class \'numpy.float64\'> type is zero.', '  setattr(self, word, getattr(machar, word).flat[0])']);
    } else if (x < 0.06) {
      emit(p, ms, [`${stamp(ms)} [${p.pid}] [ERROR] Error handling request /api`, 'Traceback (most recent call last):', '  File "/app/app.py", line 9, in handle', '    raise KeyError(k)', "KeyError: 'x'"]);
    } else {
      emit(p, ms, [`10.0.0.${n % 250} - - [15/Mar/2023:09:42:07 +0900] "GET /api/v1/items/${n} HTTP/1.1" 200 ${n} "-" "curl/7.88.1"`]);
    }
  }
  const file = join(mkdtempSync(join(tmpdir(), 'logsift-workers-')), 'node.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return { file, perPod };
}

t.test('the seed incident: the same pods, counts and loops with 0, 1, 2 and 3 workers', async (t) => {
  const base = await analyze(RECORDS, 0);
  t.ok(Object.values(base.pods).some((p) => p.loop.active === true), 'the incident loop is found in-thread');
  for (const workers of [1, 2, 3]) {
    const r = await analyze(RECORDS, workers);
    t.same(r.pods, base.pods, `${workers} workers: per-pod results`);
    t.same(r.loops, base.loops, `${workers} workers: loops declared`);
    t.equal(r.lines, base.lines, `${workers} workers: every line`);
  }
});

t.test('a multi-pod node: per-pod results identical, and tag keeps each pod in input order', async (t) => {
  const { file, perPod } = multiPodWorkload();
  const base = await analyze(file, 0);
  t.ok(Object.values(base.pods).filter((p) => p.loop.active === true).length >= 2, 'some pods loop');
  t.ok(Object.values(base.pods).filter((p) => (p.events.restart ?? 0) >= 2).length >= 3, 'some pods restart (container ids change)');
  const two = await analyze(file, 2);
  t.same(two.pods, base.pods, 'per-pod counts and loop verdicts');
  t.same(two.loops.length, base.loops.length, 'as many loops declared');
  t.equal(two.lines, base.lines, 'every line');

  const r = await runCli(['tag', '--workers', '2', file]);
  t.equal(r.code, 0, r.stderr);
  const got = new Map<string, string[]>();
  let lines = 0;
  for (const l of r.stdout.trim().split('\n')) {
    const rec = JSON.parse(l) as { body: string; resource: Record<string, string>; attributes: Record<string, unknown> };
    if (rec.attributes['logsift.synthetic']) continue;
    const pod = rec.resource['k8s.pod.name'];
    const list = got.get(pod) ?? [];
    list.push(...rec.body.split('\n'));
    lines += rec.body.split('\n').length;
    got.set(pod, list);
  }
  t.equal(lines, readFileSync(file, 'utf8').trim().split('\n').length, 'every input line in exactly one record');
  for (const [pod, texts] of perPod) t.same(got.get(pod), texts, `${pod}: its lines in input order`);
});

t.test('container restarts from kubelet file names: the same restart counts and loop cause with workers', async (t) => {
  const dir = join(FIXTURES, 'restarts', 'kubelet-crash-loop');
  const files = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => join(dir, f));
  const run = async (workers: number) => {
    const r = await runCli(['analyze', '--json', '--workers', String(workers), ...files]);
    if (r.code !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as { pods: PodReport[]; loops: unknown[] };
  };
  const base = await run(0);
  t.ok(base.pods.some((p) => (p.events.restart ?? 0) >= 3 && p.restartLoop.active === true), 'restarts and the crash loop found in-thread');
  for (const workers of [1, 2]) {
    const r = await run(workers);
    t.same(r.pods, base.pods, `${workers} workers: per-pod results`);
    t.same(r.loops, base.loops, `${workers} workers: loops declared`);
  }
});

/** Fluent Bit records of 12 pods: Java lines (logger, thread), gunicorn (pid), kernel OOM kills (rule captures). */
function fieldsWorkload(): string {
  let seed = 11;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const lines: string[] = [];
  let ms = Date.UTC(2023, 2, 15, 0, 42, 0);
  for (let n = 0; n < 1500; n++) {
    ms += Math.floor(rand() * 500);
    const i = Math.floor(rand() * 12);
    const k = { pod_name: `svc-${i}`, namespace_name: 'prod', container_name: 'app' };
    const d = new Date(ms).toISOString();
    const x = rand();
    let log: string;
    if (x < 0.3) log = `${d.slice(0, 10)} ${d.slice(11, 23).replace('.', ',')} ${x < 0.05 ? 'ERROR' : 'INFO'} [http-nio-8080-exec-${n % 7}] com.example.${['Api', 'Db', 'Cache'][n % 3]} - Request ${n} took ${n % 97} ms`;
    else if (x < 0.4) log = `Out of memory: Killed process ${1000 + n} (${['python3', 'java', 'node'][n % 3]}) total-vm:${n}kB, anon-rss:${n}kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:10kB oom_score_adj:0`;
    else if (x < 0.5) log = `[${d.slice(0, 10)} ${d.slice(11, 19)} +0000] [${20 + i}] [INFO] Booting worker with pid: ${20 + i}`;
    else log = `10.0.0.${n % 250} - - [15/Mar/2023:09:42:07 +0900] "GET /api/v1/items/${n} HTTP/1.1" 200 ${n} "-" "curl/7.88.1"`;
    lines.push(JSON.stringify({ date: ms / 1000, log, kubernetes: k }));
  }
  const file = join(mkdtempSync(join(tmpdir(), 'logsift-workers-')), 'fields.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

t.test('what a record carries from its line survives the worker hand-off: logger, thread, pid, rule captures', async (t) => {
  const file = fieldsWorkload();
  // Relevance, rule, score and template come from template statistics, which each worker keeps for itself.
  const perWorker = new Set(['logsift.relevance', 'logsift.score', 'logsift.rule', 'logsift.reason', 'logsift.template.id', 'logsift.template']);
  const run = async (workers: number) => {
    const r = await runCli(['tag', '--workers', String(workers), file]);
    if (r.code !== 0) throw new Error(r.stderr);
    const byPod = new Map<string, unknown[]>();
    for (const l of r.stdout.trim().split('\n')) {
      const rec = JSON.parse(l) as { timestamp: string; severityText: string; body: string; resource: Record<string, string>; attributes: Record<string, unknown> };
      if (rec.attributes['logsift.synthetic']) continue;
      const attrs = Object.fromEntries(Object.entries(rec.attributes).filter(([key]) => !perWorker.has(key)));
      const list = byPod.get(rec.resource['k8s.pod.name']) ?? [];
      list.push({ timestamp: rec.timestamp, severity: rec.severityText, body: rec.body, attrs });
      byPod.set(rec.resource['k8s.pod.name'], list);
    }
    return byPod;
  };
  const base = await run(0);
  const all = [...base.values()].flat() as { attrs: Record<string, unknown> }[];
  t.ok(all.some((r) => r.attrs['logsift.logger'] === 'com.example.Db' && typeof r.attrs['thread.name'] === 'string'), 'logger and thread in-thread');
  t.ok(all.some((r) => r.attrs['process.pid'] !== undefined), 'pid in-thread');
  t.ok(all.some((r) => r.attrs['logsift.killed_process'] === 'java' && r.attrs['logsift.killed_pid'] !== undefined), 'rule captures in-thread');
  const two = await run(2);
  t.equal(two.size, base.size, 'every pod');
  for (const [pod, records] of base) t.same(two.get(pod), records, `${pod}: the same records with 2 workers`);
});

t.test('--workers takes auto or a number from 0 to 64', async (t) => {
  const bad = await runCli(['analyze', '--workers', 'two', RECORDS]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--workers must be auto or a whole number/);
  const auto = await runCli(['analyze', '--json', '--workers', 'auto', RECORDS]);
  t.equal(auto.code, 0, auto.stderr);
});

/**
 * Pods whose lines mean what their history makes them (state/lifecycle-episodes.ts): boots after
 * kills, a start announced by gunicorn and uvicorn, a timeout reported twice for one pid, a
 * compose exit with and without a stop before it. Interleaved across pods, as a node's file is.
 */
function episodesWorkload(): string {
  const lines: string[] = [];
  const t0 = Date.UTC(2023, 5, 13, 4, 18, 0);
  const gstamp = (ms: number) => `[${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} +0000]`;
  const perPod: string[][] = [];
  for (let i = 0; i < 8; i++) {
    const texts: string[] = [];
    let ms = t0 + i * 1000;
    let pid = 20 + i;
    for (let round = 0; round < 3; round++) {
      texts.push(`${gstamp(ms)} [${pid}] [INFO] Booting worker with pid: ${pid}`);
      if (i % 2 === 0) texts.push(`${gstamp(ms + 500)} [${pid}] [INFO] Started server process [${pid}]`);
      ms += 4000 + i * 10_000;
      texts.push(`${gstamp(ms)} [1] [CRITICAL] WORKER TIMEOUT (pid:${pid})`);
      if (i % 3 === 0) texts.push(`${gstamp(ms)} [1] [CRITICAL] WORKER TIMEOUT (pid:${pid})`);
      texts.push(`${gstamp(ms + 1000)} [1] [ERROR] Worker (pid:${pid}) was sent SIGKILL! Perhaps out of memory?`);
      pid += 1;
      ms += 1000;
    }
    if (i % 4 === 1) texts.push('^CGracefully stopping... (press Ctrl+C again to force)');
    texts.push(`api-${i} exited with code 0`);
    perPod.push(texts);
  }
  for (let n = 0; perPod.some((p) => p.length > 0); n++) {
    const i = n % perPod.length;
    const log = perPod[i].shift();
    if (log === undefined) continue;
    lines.push(JSON.stringify({ date: (t0 + n * 100) / 1000, log, kubernetes: { pod_name: `web-${i}`, namespace_name: 'prod', container_name: 'web' } }));
  }
  const file = join(mkdtempSync(join(tmpdir(), 'logsift-workers-')), 'episodes.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

t.test('a pod history decides the same with 0 and 2 workers: boots after failures, one start, one failure, compose exits', async (t) => {
  const file = episodesWorkload();
  const tag = async (workers: number) => {
    const r = await runCli(['tag', '--workers', String(workers), file]);
    if (r.code !== 0) throw new Error(r.stderr);
    const byPod = new Map<string, string[]>();
    for (const l of r.stdout.trim().split('\n')) {
      const rec = JSON.parse(l) as { body: string; resource: Record<string, string>; attributes: Record<string, unknown> };
      if (rec.attributes['logsift.synthetic']) continue;
      const a = rec.attributes;
      const list = byPod.get(rec.resource['k8s.pod.name']) ?? [];
      list.push(`${String(a['logsift.relevance'])} ${String(a['logsift.event'] ?? '-')} ${rec.body}`);
      byPod.set(rec.resource['k8s.pod.name'], list);
    }
    return byPod;
  };
  const base = await tag(0);
  const web0 = base.get('web-0') ?? [];
  t.match(web0[0], /^context boot .*Booting worker with pid: 20$/, 'the first boot is context');
  t.match(web0[1], /^context - .*Started server process \[20\]$/, 'the same start from uvicorn: no second boot');
  t.match(web0[3], /^signal - .*WORKER TIMEOUT \(pid:20\)$/, 'the timeout reported again: no second event');
  t.match(web0[5], /^signal boot .*Booting worker with pid: 21$/, 'the boot after the kill is a signal');
  t.match(web0[web0.length - 1], /^signal exit api-0 exited with code 0$/, 'an exit nobody asked for');
  t.match((base.get('web-1') ?? []).at(-1), /^context exit api-1 exited with code 0$/, 'an exit after Ctrl+C');
  const two = await tag(2);
  t.same(Object.fromEntries(two), Object.fromEntries(base), 'every pod: the same relevance and event on every record');
  const a0 = await analyze(file, 0);
  const a2 = await analyze(file, 2);
  t.same(a2.pods, a0.pods, 'per-pod counts and loop verdicts');
  t.equal(a0.pods['prod/web-0/web'].events.timeout, 3, 'three timeouts, each reported twice');
  t.equal(a0.pods['prod/web-0/web'].events.boot, 3, 'three starts, each announced twice');
});
