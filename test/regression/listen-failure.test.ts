// Bug (issue 8.9): a failed listen (port in use, an address not on this machine) left the
// process running after "unexpected error", serving nothing, instead of exiting non-zero so the
// orchestrator restarts it. Now: one clear line and exit 1.
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { spawn } from 'node:child_process';
import { MAIN } from '../helpers/run-cli.js';

/** `logsift serve`; killed after 60 s so the old behaviour (never exiting) fails instead of hanging. */
function serve(configFile: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, 'serve', '--config', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(guard);
    resolve({ code, stderr });
  }));
}

function config(host: string, port: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-listen-'));
  const file = join(dir, 'logsift.yaml');
  writeFileSync(file, `input:\n  stdin:\n    enabled: false\n  http:\n    host: '${host}'\n    port: ${port}\n  otlp:\n    http: { enabled: false }\n    grpc: { enabled: false }\nexport:\n  prometheus:\n    port: 0\n`);
  return file;
}

t.test('a listen on a taken port exits 1 with one clear line', async (t) => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => taken.close(() => resolve())));
  const port = (taken.address() as { port: number }).port;
  const r = await serve(config('127.0.0.1', port));
  t.equal(r.code, 1);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('logsift:'));
  t.same(lines, [`logsift: cannot listen for HTTP input on 127.0.0.1:${port}: the address is already in use (EADDRINUSE)`]);
  t.notMatch(r.stderr, /unexpected error/);
});

t.test('an address that is not on this machine exits 1', async (t) => {
  // 203.0.113.0/24 is TEST-NET-3: never assigned to a local interface, and binding sends nothing.
  const r = await serve(config('203.0.113.7', 0));
  t.equal(r.code, 1);
  t.match(r.stderr, /logsift: cannot listen for HTTP input on 203\.0\.113\.7:0: the address is not on this machine \(EADDRNOTAVAIL\)/);
});
