// Processing path with OTLP export off vs on (logs + metrics to a local receiver that discards).
// Runs `node dist/cli/main.js serve` with the incident fixture repeated on stdin and reports
// lines/s (wall time from spawn to exit, export drained) and peak RSS (VmHWM).
// Usage: npm run build && node bench/export-otlp.mjs [repeats=400]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveHeapFlags } from './support/measure.mjs';

const root = new URL('..', import.meta.url).pathname;
const heapFlags = await serveHeapFlags();
const repeats = Number(process.argv[2] ?? 400);
const fixture = readFileSync(join(root, 'test/fixtures/seed-incident/fluent-bit-records.jsonl'), 'utf8');
const lines = fixture.split('\n').filter(Boolean).length * repeats;
const input = fixture.repeat(repeats);
const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-'));
const config = join(dir, 'logsift.yaml');
writeFileSync(config, 'input:\n  http:\n    enabled: false\nexport:\n  prometheus:\n    port: 0\n');

const receiver = createServer((req, res) => {
  let bytes = 0;
  req.on('data', (c) => (bytes += c.length));
  req.on('end', () => {
    receiver.bytes += bytes;
    receiver.requests++;
    res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' });
    res.end();
  });
});
receiver.bytes = 0;
receiver.requests = 0;
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${receiver.address().port}`;

function run(env) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    // With serve's own heap flags, so child.pid is the serving process (no relaunch).
    const child = spawn(process.execPath, [...heapFlags, join(root, 'dist/cli/main.js'), 'serve', '--config', config], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    let hwm = 0;
    let cpuTicks = 0;
    // CPU time too: wall time is at the mercy of whatever else the machine runs.
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) hwm = Math.max(hwm, Number(m[1]));
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        cpuTicks = Number(stat[11]) + Number(stat[12]);
      } catch {}
    }, 20);
    child.stdin.end(input);
    child.on('exit', (code) => {
      clearInterval(poll);
      const s = Number(process.hrtime.bigint() - start) / 1e9;
      const cpu = cpuTicks / 100;
      resolve({ code, wallSeconds: +s.toFixed(2), linesPerWallSec: Math.round(lines / s), cpuSeconds: cpu, linesPerCpuSec: Math.round(lines / cpu), rssMiB: Math.round(hwm / 1024) });
    });
  });
}

const rows = [];
for (const [name, env] of [
  ['export off (Prometheus only)', {}],
  ['OTLP logs+metrics, http/protobuf, policy default', { OTEL_EXPORTER_OTLP_ENDPOINT: url }],
  ['OTLP logs+metrics, http/json, policy default', { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }],
]) {
  const before = receiver.requests;
  const best = [];
  for (let i = 0; i < 3; i++) best.push(await run(env));
  best.sort((a, b) => b.linesPerCpuSec - a.linesPerCpuSec);
  rows.push({ scenario: name, lines, ...best[0], otlpRequests: receiver.requests - before });
}
receiver.close();
console.table(rows);
