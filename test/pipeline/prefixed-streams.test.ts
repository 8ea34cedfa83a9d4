import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogRecord, PodIdentity, RawEntry } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { FIXTURES } from '../helpers/run-cli.js';

const DEFAULTS: PodIdentity = { namespace: 'dev', pod: 'unknown', container: 'unknown' };
const SEED = readFileSync(join(FIXTURES, 'seed-incident', 'gunicorn-numpy.log'), 'utf8').replace(/\n$/, '').split('\n');

function setup(defaultPod: PodIdentity = DEFAULTS) {
  const config = loadConfig();
  const out: LogRecord[] = [];
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod, clock: () => Date.UTC(2023, 2, 15, 0, 50) },
    (records) => out.push(...records),
  );
  const feed = (entries: RawEntry[]) => pipeline.process(entries);
  return { pipeline, out, feed };
}

const podOf = (r: LogRecord) => `${r.pod.namespace}/${r.pod.pod}/${r.pod.container}`;

void t.test('docker compose logs: each service is its own container, its traceback one record', async (t) => {
  const { pipeline, out, feed } = setup();
  const lines = [
    'api-1  | Starting app',
    'db-1   | 2024-05-06 10:00:00.123 UTC [1] LOG:  database system is ready to accept connections',
    'api-1  | Traceback (most recent call last):',
    'db-1   | 2024-05-06 10:00:00.200 UTC [27] LOG:  connection received: host=10.0.0.7 port=51234',
    'api-1  |   File "/app/main.py", line 3, in <module>',
    'api-1  |     import numpy',
    "api-1  | ModuleNotFoundError: No module named 'numpy'",
    'db-1   | 2024-05-06 10:00:01.000 UTC [27] LOG:  disconnection: session time: 0:00:00.800',
  ];
  feed(lines.map((line) => ({ line, streamKey: 'stdin' })));
  pipeline.flush();
  const traceback = out.find((r) => r.body.startsWith('Traceback'));
  t.ok(traceback, 'the traceback is a record');
  t.equal(traceback?.lineCount, 4, 'with its frames and exception, across the interleaved db lines');
  t.match(traceback?.body, /ModuleNotFoundError/);
  t.equal(podOf(traceback!), 'dev/api-1/api', 'the service is the container; the namespace is the default one');
  const db = out.filter((r) => r.pod.container === 'db');
  t.equal(db.length, 3);
  t.ok(db.every((r) => podOf(r) === 'dev/db-1/db' && r.body.startsWith('2024-05-06')), 'prefix removed, identity from it');
  t.same([db[0].format, db[0].pid], ['learned', 1], 'the PostgreSQL header (time, zone, pid) is set aside');
  t.same(new Set(out.map((r) => r.pod)).size, 2, 'one identity object per service');
});

void t.test('kubectl logs --prefix of the seed incident: the same counts and loop as the plain file', async (t) => {
  const plain = setup({ namespace: 'dev', pod: 'api-7f9c6d5b8-x2x9k', container: 'api' });
  plain.feed(SEED.map((line) => ({ line, streamKey: 'file' })));
  plain.pipeline.flush();
  const prefixed = setup({ namespace: 'dev', pod: 'unknown', container: 'unknown' });
  prefixed.feed(SEED.map((line) => ({ line: `[pod/api-7f9c6d5b8-x2x9k/api] ${line}`, streamKey: 'stdin' })));
  prefixed.pipeline.flush();
  const snap = (p: Pipeline) => p.pods.snapshot(Date.UTC(2023, 2, 15, 0, 50)).map((s) => ({ pod: s.pod, totals: s.totals, loop: s.loop }));
  t.same(snap(prefixed.pipeline), snap(plain.pipeline));
  t.equal(snap(prefixed.pipeline)[0].loop.cause, 'starved_workers');
  t.same(prefixed.out.map((r) => r.body), plain.out.map((r) => r.body), 'records are the lines without their prefix');
});

void t.test("a prefix inside a pod's own stream: the transport names the pod, each program groups apart", async (t) => {
  const { pipeline, out, feed } = setup();
  const pod: PodIdentity = { namespace: 'prod', pod: 'web-5d8c7b9f4-q7k2m', container: 'app' };
  const cri = (text: string) => ({ line: `2024-05-06T10:00:00.000000000Z stderr F ${text}`, pod, streamKey: '/var/log/containers/web.log' });
  feed([
    cri('web | stderr | Traceback (most recent call last):'),
    cri('worker | stderr | [2024-05-06 10:00:00,000: INFO/MainProcess] Connected to redis://redis:6379/0'),
    cri('web | stderr |   File "/app/wsgi.py", line 1, in <module>'),
    cri('web | stderr | RuntimeError: boom'),
  ]);
  pipeline.flush();
  t.equal(out.length, 2);
  t.ok(out.every((r) => r.pod === pod), 'the pod is the one the transport named');
  t.equal(out.find((r) => r.body.startsWith('Traceback'))?.lineCount, 3, "the web program's traceback stays whole");
});
