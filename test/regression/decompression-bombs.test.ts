// Issue 8.8: ten parallel gzip bombs (each refused 413) took RSS to 755 MB and it stayed there.
// Bodies now reserve what they may inflate to from one shared budget (64 MiB by default), so
// ten bombs cost about one limit of memory, and the process comes back down afterwards.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { MAIN } from '../helpers/run-cli.js';

const skip = existsSync(MAIN) ? false : 'dist/cli/main.js is not built (npm test builds it)';
const MiB = 1024 * 1024;

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

t.test('ten parallel gzip bombs: each refused, RSS back within 256 MB of idle', { skip: skip || (!existsSync('/proc/self/status') && 'no /proc') }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-bombs-'));
  const config = join(dir, 'logsift.yaml');
  writeFileSync(config, 'input:\n  stdin:\n    enabled: false\n  http:\n    port: 0\n  otlp:\n    http: { enabled: false }\n    grpc: { enabled: false }\nexport:\n  prometheus:\n    enabled: false\nlog:\n  level: info\n');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NODE_OPTIONS$|TAP|_TAPJS|OTEL_)/.test(k)));
  const child = spawn(process.execPath, [MAIN, 'serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'], env });
  const guard = setTimeout(() => child.kill('SIGKILL'), 240_000);
  t.teardown(() => {
    clearTimeout(guard);
    child.kill('SIGKILL');
  });
  let stderr = '';
  // The serving pid: serve may have started again with its heap flags (src/runtime/heap-relaunch.ts).
  const { url, pid } = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /"pid":(\d+),"http":"(http:\/\/[^"]+)"/.exec(stderr);
      if (m) resolve({ url: m[2], pid: Number(m[1]) });
    });
    child.on('exit', () => reject(new Error(`logsift exited:\n${stderr}`)));
  });

  // The pipeline workers start with the service, so idle RSS is the yardstick, not a fixed figure.
  const idle = rssMiB(pid);
  // 256 MiB of zeros, 250 KiB on the wire; the default limit is 64 MiB.
  const bomb = gzipSync(Buffer.alloc(256 * MiB), { level: 9 });
  const statuses = await Promise.all(
    Array.from({ length: 10 }, () =>
      fetch(url + '/', { method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, body: bomb }).then((r) => r.status),
    ),
  );
  t.ok(statuses.every((s) => s === 413 || s === 503), `every bomb is refused: ${statuses.join(',')}`);
  t.ok(statuses.includes(413));

  // Bounded: up to 20 s for the heap to settle (the old code stayed at ~755 MB, ~665 over idle).
  const bound = idle + 256;
  let rss = rssMiB(pid);
  for (let i = 0; i < 40 && rss >= bound; i++) {
    await new Promise((r) => setTimeout(r, 500));
    rss = rssMiB(pid);
  }
  t.ok(rss < bound, `RSS after the bombs: ${rss.toFixed(0)} MiB (idle ${idle.toFixed(0)} MiB)`);
  const health = await fetch(url + '/healthz');
  t.equal(health.status, 200, 'still serving');
  const ok = await fetch(url + '/', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello\n' });
  t.equal(ok.status, 200, 'and taking input');
});
