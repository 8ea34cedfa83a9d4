import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogRecord, PodIdentity, RawEntry } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { FIXTURES } from '../helpers/run-cli.js';

/*
 * Reports a viewing tool framed line by line (Docker Desktop's times, `kubectl logs --timestamps`,
 * `cf logs`, compose names without a replica number) are grouped as the unframed report would be,
 * and no line of them is noise.
 */
const DEFAULTS: PodIdentity = { namespace: 'dev', pod: 'unknown', container: 'unknown' };

function setup() {
  const config = loadConfig();
  const out: LogRecord[] = [];
  let now = Date.UTC(2024, 2, 28);
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: DEFAULTS, clock: () => now },
    (records) => out.push(...records),
  );
  const feed = (lines: string[]) => pipeline.process(lines.map((line): RawEntry => ({ line, streamKey: 'stdin' })));
  const advance = (ms: number) => (now += ms);
  return { pipeline, out, feed, advance };
}

const excerpt = (path: string) => readFileSync(join(FIXTURES, 'real-world', path), 'utf8').replace(/\n$/, '').split('\n');

void t.test("Docker Desktop's times: Node's uncaught-exception report is one record, its caret and brace with it", async (t) => {
  const { pipeline, out, feed } = setup();
  feed(excerpt('node/heldout2-getting-started-app-39-desktop-timestamps.log'));
  pipeline.flush();
  t.equal(out.length, 1);
  t.match(out[0], { relevance: 'signal', event: 'crash', lineCount: 10, body: /^node:internal\/modules\/cjs\/loader:1143\n {2}throw err;\n {2}\^\n\nError: Cannot find module/ });
  t.equal(out[0].timeMs, Date.parse('2024-03-27T23:54:24Z'), "dated by the view's time");
});

void t.test('kubectl logs --timestamps: a traceback is one record, dated by the first line', async (t) => {
  const { pipeline, out, feed } = setup();
  feed([
    '2024-05-06T10:00:00.120000000Z Starting app',
    '2024-05-06T10:00:01.250931512Z Traceback (most recent call last):',
    '2024-05-06T10:00:01.250987001Z   File "/app/main.py", line 3, in <module>',
    '2024-05-06T10:00:01.251010342Z     import numpy',
    "2024-05-06T10:00:01.251020116Z ModuleNotFoundError: No module named 'numpy'",
  ]);
  pipeline.flush();
  t.equal(out.length, 2);
  t.match(out[1], { relevance: 'signal', lineCount: 4, body: /^Traceback \(most recent call last\):\n {2}File/ });
  t.equal(Math.floor(out[1].timeMs), Date.parse('2024-05-06T10:00:01.250Z'));
});

void t.test('cf logs: a JVM stack trace framed line by line is one record of the app instance', async (t) => {
  const { pipeline, out, feed } = setup();
  feed([
    '   2018-08-31T13:17:57.10+0530 [APP/PROC/WEB/0] ERR Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
    '   2018-08-31T13:17:57.10+0530 [APP/PROC/WEB/0] ERR \tat java.util.Arrays.copyOf(Arrays.java:3332)',
    '   2018-08-31T13:17:57.11+0530 [RTR/0] OUT app.example.com - [2018-08-31T07:47:57.110+0000] "GET / HTTP/1.1" 502',
    '   2018-08-31T13:17:57.67+0530 [APP/PROC/WEB/0] OUT Exit status 137',
  ]);
  pipeline.flush();
  const oom = out.find((r) => r.event === 'oom');
  t.match(oom, { lineCount: 2, pod: { pod: 'web-0', container: 'web' }, stream: 'stderr' });
  t.match(out.find((r) => r.body === 'Exit status 137'), { relevance: 'signal', pod: { pod: 'web-0' } });
  t.match(out.find((r) => r.pod.container === 'rtr'), { pod: { pod: 'rtr-0' } });
});

void t.test('compose names without a replica number: taken once the next line repeats them', async (t) => {
  const { pipeline, out, feed } = setup();
  // iamatypeofwalrus/logspout-loggly#9 (`container_name: logging`).
  feed(excerpt('go/heldout2-logspout-loggly-9-compose-panic.log'));
  pipeline.flush();
  const panic = out.find((r) => r.event === 'crash');
  t.match(panic, { relevance: 'signal', lineCount: 6, pod: { pod: 'logging', container: 'logging' }, body: /^panic: runtime error/ });
  t.ok(out.every((r) => r.pod.pod === 'logging'), 'every line is the service\'s');
  t.notOk(out.some((r) => r.relevance === 'noise'), 'no line of the report is noise');
});

void t.test('compose names: a name taken in a column makes other names in that column proven', async (t) => {
  const { pipeline, out, feed } = setup();
  feed(['logging      | one', 'logging      | two', 'redisdev     | three', 'logging      | four']);
  pipeline.flush();
  t.same(out.map((r) => [r.pod.pod, r.body]), [['logging', 'one'], ['logging', 'two'], ['redisdev', 'three'], ['logging', 'four']]);
});

void t.test('ordinary `word | text` lines stay as written, in order', async (t) => {
  const { pipeline, out, feed } = setup();
  const table = ['Setting      | Value', 'DEBUG        | False', 'Hosts        | *', 'Starting server on :8080', 'status | ok'];
  feed(table);
  pipeline.flush();
  t.same(out.map((r) => r.body), table);
  t.ok(out.every((r) => r.pod === DEFAULTS || r.pod.pod === 'unknown'), 'no identity taken from them');
});

void t.test('a held line goes on as written after the quiet interval', async (t) => {
  const { pipeline, out, feed, advance } = setup();
  feed(['worker   | alone']);
  t.equal(out.length, 0, 'held for its next line');
  advance(60_000);
  pipeline.tick();
  t.same(out.map((r) => [r.body, r.pod.pod]), [['worker   | alone', 'unknown']]);
});

void t.test('kubectl describe pasted with one space after the colon: the last state is read field by field', async (t) => {
  const { pipeline, out, feed } = setup();
  // kubernetes/kubernetes#122256.
  feed(excerpt('kubernetes/heldout2-k8s-122256-error-137.log'));
  pipeline.flush();
  t.equal(out.length, 9, 'each field its own record');
  t.match(out.find((r) => r.body.trim() === 'Exit Code: 137'), { relevance: 'signal', event: 'kill' });
  t.match(out.find((r) => r.body.trim() === 'Reason: Error'), { relevance: 'signal' });
});
