/**
 * End to end: `node dist/cli/main.js serve` fed the incident on stdin, exporting to a local
 * OTLP receiver (npm test builds dist first). Needs the whole pipeline (decode → classify →
 * per-pod state) as well as the sinks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { waitFor } from '../helpers/capture-logger.js';
import { DEV_POD, FLUENT_BIT_RECORDS, PROD_POD } from '../helpers/incident-records.js';
import { OtlpReceiver } from '../helpers/otlp-receiver.js';
import { parsePrometheusText } from '../helpers/prometheus-text.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function writeConfig(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-export-'));
  const path = join(dir, 'logsift.yaml');
  writeFileSync(path, yaml);
  return path;
}

interface Run {
  child: ChildProcess;
  stderr: string[];
  exit: Promise<number | null>;
}

function serve(configPath: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, [MAIN, 'serve', '--config', configPath], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  let partial = '';
  child.stderr!.on('data', (c: Buffer) => {
    const text = partial + c.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    stderr.push(...lines);
  });
  child.stdout!.resume();
  createReadStream(FLUENT_BIT_RECORDS).pipe(child.stdin!);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Bounded: never leave a child behind.
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  void exit.then(() => clearTimeout(guard));
  return { child, stderr, exit };
}

function logLine(run: Run, msg: string): Record<string, unknown> | undefined {
  for (const l of run.stderr) {
    try {
      const o = JSON.parse(l) as Record<string, unknown>;
      if (o.msg === msg) return o;
    } catch {
      // not JSON
    }
  }
  return undefined;
}

const skip = existsSync(MAIN) ? false : 'dist/cli/main.js is not built (npm test builds it)';

void t.test('serve: stdin incident → OTLP logs and metrics, the Must-show numbers', { skip }, async (t) => {
  const receiver = new OtlpReceiver();
  await receiver.start();
  t.teardown(() => receiver.close());
  const config = writeConfig('input:\n  http:\n    enabled: false\n  otlp:\n    http:\n      enabled: false\n    grpc:\n      enabled: false\nexport:\n  prometheus:\n    port: 0\n');
  const run = serve(config, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRIC_EXPORT_INTERVAL: '60000' });
  t.teardown(() => run.child.kill('SIGKILL'));
  const code = await run.exit;
  t.equal(code, 0, 'exits 0 when stdin ends (graceful path)');

  // Metrics: the final export at shutdown carries the totals.
  const events = receiver.latest('logsift.lifecycle.events');
  const dev = (event: string) => events.find((p) => p.attributes['k8s.pod.name'] === DEV_POD && p.attributes.event === event)?.value;
  for (const e of ['kill', 'boot', 'timeout', 'exit']) t.equal(dev(e), 20, `logsift.lifecycle.events{dev, event=${e}} = 20`);
  const loops = receiver.latest('logsift.restart_loop.active');
  t.equal(loops.find((p) => p.attributes['k8s.pod.name'] === DEV_POD)?.value, 1, 'restart loop active for dev');
  t.equal(loops.find((p) => p.attributes['k8s.pod.name'] === PROD_POD)?.value ?? 0, 0, 'none for prod');

  // Logs: pod as resource, numpy warnings sampled as noise, every timeout a signal.
  const timeouts = receiver.logs.filter((l) => String(l.body).includes('WORKER TIMEOUT'));
  t.equal(timeouts.length, 20, 'every WORKER TIMEOUT line arrives');
  t.ok(timeouts.every((l) => l.attributes['logsift.relevance'] === 'signal'), 'as signal records');
  t.ok(timeouts.every((l) => l.resource['k8s.pod.name'] === DEV_POD && l.resource['k8s.namespace.name'] === 'dev'), 'pod as resource');
  const numpy = receiver.logs.filter((l) => String(l.body).includes('UserWarning'));
  t.ok(numpy.length > 0 && numpy.length < 88, `numpy warnings sampled (${numpy.length} of 88)`);
  t.ok(numpy.every((l) => l.attributes['logsift.relevance'] === 'noise'), 'as noise');
  t.ok(receiver.logs.some((l) => l.attributes['logsift.synthetic'] === true), 'the synthesized restart-loop record is exported');
});

void t.test('serve: SIGTERM with records queued for export: exported before exit, exit 0', { skip }, async (t) => {
  const receiver = new OtlpReceiver();
  await receiver.start();
  t.teardown(() => receiver.close());
  // HTTP input on keeps serve running after stdin ends; a long batch delay keeps records queued.
  const config = writeConfig('input:\n  http:\n    port: 0\n  otlp:\n    http:\n      port: 0\n    grpc:\n      port: 0\nexport:\n  prometheus:\n    port: 0\n  logs:\n    policy: all\n');
  const run = serve(config, {
    OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: receiver.url + '/v1/logs',
    OTEL_BLRP_SCHEDULE_DELAY: '600000',
    OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '100000',
    OTEL_BLRP_MAX_QUEUE_SIZE: '100000',
  });
  t.teardown(() => run.child.kill('SIGKILL'));
  t.ok(await waitFor(() => logLine(run, 'Prometheus scrape endpoint listening') !== undefined, 1000), 'started');
  const port = (logLine(run, 'Prometheus scrape endpoint listening')?.address as { port: number }).port;

  let queued = 0;
  const settled = await waitFor(
    () => {
      void fetch(`http://127.0.0.1:${port}/metrics`)
        .then((r) => r.text())
        .then((text) => {
          const { samples } = parsePrometheusText(text);
          const stdin = samples.find((s) => s.name === 'logsift_input_records_total' && s.labels.source === 'stdin')?.value ?? 0;
          const ingest = samples.find((s) => s.name === 'logsift_queue_depth' && s.labels.queue === 'ingest')?.value ?? -1;
          const exportDepth = samples.find((s) => s.name === 'logsift_queue_depth' && s.labels.queue === 'logs_export')?.value ?? 0;
          if (stdin === 563 && ingest === 0 && exportDepth > 0) queued = exportDepth;
        })
        .catch(() => undefined);
      return queued > 0;
    },
    300,
    50,
  );
  t.ok(settled, `records waiting in the export queue (${queued})`);
  t.equal(receiver.logs.length, 0, 'nothing exported before the signal');
  run.child.kill('SIGTERM');
  const code = await run.exit;
  t.equal(code, 0, 'exit 0');
  t.ok(receiver.logs.length >= queued, `every queued record exported before exit (${receiver.logs.length} >= ${queued})`);
  t.equal(receiver.logs.filter((l) => String(l.body).includes('WORKER TIMEOUT')).length, 20);
});
