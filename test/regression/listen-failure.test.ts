// Bug (issue 8.9): a failed listen (port in use, an address not on this machine) left the
// process running after "unexpected error", serving nothing, instead of exiting non-zero so the
// orchestrator restarts it. Now: one clear line and exit 1.
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
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

function configFile(input: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-listen-'));
  const file = join(dir, 'logsift.yaml');
  writeFileSync(file, `input:\n  stdin:\n    enabled: false\n${input}export:\n  prometheus:\n    port: 0\n`);
  return file;
}

function config(host: string, port: number): string {
  return configFile(`  http:\n    host: '${host}'\n    port: ${port}\n  otlp:\n    http: { enabled: false }\n    grpc: { enabled: false }\n`);
}

async function takenPort(t: Test): Promise<number> {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => taken.close(() => resolve())));
  return (taken.address() as { port: number }).port;
}

t.test('a listen on a taken port exits 1 with one clear line', async (t) => {
  const port = await takenPort(t);
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

t.test('the OTLP inputs fail the same way on a taken port', async (t) => {
  const port = await takenPort(t);
  const httpInput = `  http:\n    port: 0\n`;
  const otlpHttp = await serve(configFile(`${httpInput}  otlp:\n    http: { port: ${port} }\n    grpc: { enabled: false }\n`));
  t.equal(otlpHttp.code, 1);
  t.same(otlpHttp.stderr.split('\n').filter((l) => l.startsWith('logsift:')), [
    `logsift: cannot listen for OTLP/HTTP input on 127.0.0.1:${port}: the address is already in use (EADDRINUSE)`,
  ]);
  const otlpGrpc = await serve(configFile(`${httpInput}  otlp:\n    http: { enabled: false }\n    grpc: { port: ${port} }\n`));
  t.equal(otlpGrpc.code, 1);
  t.same(otlpGrpc.stderr.split('\n').filter((l) => l.startsWith('logsift:') || l.startsWith('E ')), [
    `logsift: cannot listen for OTLP/gRPC input on 127.0.0.1:${port}: the address is already in use (EADDRINUSE)`,
  ]);
});
