// Issue 8.4: SIGTERM while the OTLP collector was down dropped the whole export queue and still
// exited 0; SIGKILL lost what was queued in memory. With storage.path the queue is spooled on
// disk and replayed first at the next start; without it, a lossy shutdown exits non-zero.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { OtlpReceiver } from '../helpers/otlp-receiver.js';
import { MAIN } from '../helpers/run-cli.js';

const skip = existsSync(MAIN) ? false : 'dist/cli/main.js is not built (npm test builds it)';

interface Run {
  child: ChildProcess;
  url: Promise<string>;
  exit: Promise<number | null>;
  log: () => Record<string, unknown>[];
}

function serve(dir: string, receiver: OtlpReceiver, storage: boolean): Run {
  const config = join(dir, 'logsift.yaml');
  writeFileSync(
    config,
    [
      'input:',
      '  stdin:',
      '    enabled: false',
      '  http:',
      '    port: 0',
      '  otlp:',
      '    http: { enabled: false }',
      '    grpc: { enabled: false }',
      'export:',
      '  prometheus:',
      '    enabled: false',
      '  logs:',
      '    policy: all',
      '    batch:',
      '      interval: 100ms',
      '    retry:',
      '      initialBackoff: 100ms',
      '      maxBackoff: 200ms',
      'shutdown:',
      '  deadline: 3s',
      ...(storage ? ['storage:', `  path: ${join(dir, 'state')}`, '  spool:', '    syncInterval: 50ms'] : []),
      '',
    ].join('\n'),
  );
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NODE_OPTIONS$|TAP|_TAPJS|OTEL_|LOGSIFT_)/.test(k)));
  const child = spawn(process.execPath, [MAIN, 'serve', '--config', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRICS_EXPORTER: 'none', OTEL_METRIC_EXPORT_INTERVAL: '600000' },
  });
  const lines: Record<string, unknown>[] = [];
  let partial = '';
  let resolveUrl!: (u: string) => void;
  const url = new Promise<string>((r) => (resolveUrl = r));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    const parts = (partial + d).split('\n');
    partial = parts.pop() ?? '';
    for (const l of parts) {
      try {
        const o = JSON.parse(l) as Record<string, unknown>;
        lines.push(o);
        if (o.msg === 'logsift serving' && typeof o.http === 'string') resolveUrl(o.http);
      } catch {
        lines.push({ msg: l });
      }
    }
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
  void exit.then(() => clearTimeout(guard));
  return { child, url, exit, log: () => lines };
}

async function until(what: string, ok: () => boolean, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Posts `n` distinct lines in requests of 50; every request must be acknowledged 200. */
async function post(url: string, n: number, prefix: string): Promise<number> {
  let acknowledged = 0;
  for (let i = 0; i < n; i += 50) {
    const body = Array.from({ length: Math.min(50, n - i) }, (_, j) => `${prefix} record ${i + j} was acknowledged`).join('\n') + '\n';
    const res = await fetch(url + '/', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-logsift-pod': 'spool-test' }, body });
    if (res.status === 200) acknowledged += ((await res.json()) as { accepted: number }).accepted;
  }
  return acknowledged;
}

function received(receiver: OtlpReceiver, prefix: string): Map<string, number> {
  const seen = new Map<string, number>();
  for (const l of receiver.logs) {
    const body = String(l.body);
    if (body.startsWith(prefix)) seen.set(body, (seen.get(body) ?? 0) + 1);
  }
  return seen;
}

const N = 600;

t.test('SIGTERM during a collector outage spools the queue; the next start delivers every record exactly once', { skip }, async (t) => {
  const receiver = new OtlpReceiver();
  receiver.respond = (req) => ({ status: req.path.startsWith('/v1/logs') ? 503 : 200 });
  await receiver.start();
  t.teardown(() => receiver.close());
  const dir = mkdtempSync(join(tmpdir(), 'logsift-spool-'));

  const first = serve(dir, receiver, true);
  t.teardown(() => first.child.kill('SIGKILL'));
  t.equal(await post(await first.url, N, 'term'), N, 'every record acknowledged');
  await until('an export attempt during the outage', () => receiver.requests.some((r) => r.path.startsWith('/v1/logs')));
  first.child.kill('SIGTERM');
  t.equal(await first.exit, 0, 'a spooled shutdown is a clean exit');
  const said = first.log().find((l) => /kept in the spool/.test(String(l.msg)));
  t.equal(said?.records, N, 'logsift says how many it spooled');
  t.equal(received(receiver, 'term').size, 0, 'nothing was delivered during the outage');

  receiver.respond = () => ({ status: 200 });
  const second = serve(dir, receiver, true);
  t.teardown(() => second.child.kill('SIGKILL'));
  await second.url;
  await until(`all ${N} records after restart`, () => received(receiver, 'term').size === N);
  second.child.kill('SIGTERM');
  t.equal(await second.exit, 0);
  const seen = received(receiver, 'term');
  t.equal(seen.size, N, 'every acknowledged record arrived');
  t.same([...seen.values()].filter((c) => c !== 1), [], 'each exactly once');
  t.ok(second.log().some((l) => l.msg === 'replaying spooled log records from the previous run' && l.records === N));
});

t.test('without a spool, a shutdown that drops acknowledged records says so at error level and exits non-zero', { skip }, async (t) => {
  const receiver = new OtlpReceiver();
  receiver.respond = (req) => ({ status: req.path.startsWith('/v1/logs') ? 503 : 200 });
  await receiver.start();
  t.teardown(() => receiver.close());
  const run = serve(mkdtempSync(join(tmpdir(), 'logsift-nospool-')), receiver, false);
  t.teardown(() => run.child.kill('SIGKILL'));
  t.equal(await post(await run.url, 200, 'lost'), 200);
  await until('an export attempt', () => receiver.requests.some((r) => r.path.startsWith('/v1/logs')));
  run.child.kill('SIGTERM');
  t.not(await run.exit, 0, 'non-zero exit');
  const lost = run.log().filter((l) => l.level === 50 && /lost/.test(String(l.msg)));
  t.equal(lost.reduce((n, l) => n + Number(l.records ?? 0), 0), 200, 'the number lost, at error level');
});

t.test('SIGKILL mid-stream with a spool: the spooled records arrive after restart', { skip }, async (t) => {
  const receiver = new OtlpReceiver();
  receiver.respond = (req) => ({ status: req.path.startsWith('/v1/logs') ? 503 : 200 });
  await receiver.start();
  t.teardown(() => receiver.close());
  const dir = mkdtempSync(join(tmpdir(), 'logsift-kill-'));
  const first = serve(dir, receiver, true);
  t.teardown(() => first.child.kill('SIGKILL'));
  t.equal(await post(await first.url, N, 'kill'), N);
  await until('an export attempt', () => receiver.requests.some((r) => r.path.startsWith('/v1/logs')));
  // Past the window the README states: the pipeline's quiet interval and the spool's sync interval.
  await new Promise((r) => setTimeout(r, 1500));
  first.child.kill('SIGKILL');
  await first.exit;

  receiver.respond = () => ({ status: 200 });
  const second = serve(dir, receiver, true);
  t.teardown(() => second.child.kill('SIGKILL'));
  await second.url;
  await until(`all ${N} records after the SIGKILL`, () => received(receiver, 'kill').size === N);
  second.child.kill('SIGTERM');
  t.equal(await second.exit, 0);
  t.equal(received(receiver, 'kill').size, N, 'every spooled record arrived');
});

t.test('a storage path that cannot be used stops the start with one clear line, exit 1', { skip }, async (t) => {
  const receiver = new OtlpReceiver();
  await receiver.start();
  t.teardown(() => receiver.close());
  const dir = mkdtempSync(join(tmpdir(), 'logsift-badstore-'));
  // storage.path is a regular file: the spool directory cannot be made under it.
  writeFileSync(join(dir, 'state'), 'not a directory');
  const run = serve(dir, receiver, true);
  t.teardown(() => run.child.kill('SIGKILL'));
  t.equal(await run.exit, 1);
  t.ok(run.log().some((l) => /^logsift: cannot open the export spool in .*state\/spool/.test(String(l.msg))), 'one clear line');
});
