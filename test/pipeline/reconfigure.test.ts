import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier, ruleDirs } from '../../src/classify/create-classifier.js';
import { readRuleSources, type RuleSource } from '../../src/classify/load-rules.js';
import { buildConfig } from '../../src/config/load-config.js';
import type { LogRecord, PodIdentity, RawEntry } from '../../src/model/record.js';
import type { LiveSettings } from '../../src/pipeline/live-settings.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { FIXTURES } from '../helpers/run-cli.js';

const POD: PodIdentity = { namespace: 'dev', pod: 'api-7f9c6d5b8-x2x9k', container: 'api' };
const LOG = readFileSync(join(FIXTURES, 'seed-incident', 'gunicorn-numpy.log'), 'utf8').replace(/\n$/, '').split('\n');
const RELOAD = join(FIXTURES, 'reload');
const config = buildConfig({});
const shipped = readRuleSources(ruleDirs(config.pipeline.classify));
const pack = (name: string): RuleSource => ({ file: join(RELOAD, name), text: readFileSync(join(RELOAD, name), 'utf8') });
const live = (extra: RuleSource[]): LiveSettings => ({ classify: config.pipeline.classify, rules: [...shipped, ...extra], defaultPod: POD });
const cacheLine = (seq: number) => `[2023-03-15 09:44:3${seq % 10} +0900] [1] [INFO] cache refresh took ${10 + seq}ms seq=${seq}`;

function setup() {
  const out: LogRecord[] = [];
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: POD, clock: () => Date.UTC(2023, 2, 15, 0, 50) },
    (records) => out.push(...records),
  );
  const feed = (lines: string[]) => pipeline.process(lines.map((line): RawEntry => ({ line, streamKey: 'test' })));
  return { pipeline, out, feed };
}

t.test('a reload between batches changes the verdict of new lines and keeps every pod state', async (t) => {
  const { pipeline, out, feed } = setup();
  t.ok(pipeline.reconfigure(live([pack('cache-context.yaml')])).ok, 'the first version applies');
  // Past the loop's declaration (09:43:40), before the end of the incident.
  const half = 150;
  feed([...LOG.slice(0, half), cacheLine(1), cacheLine(2)]);
  const before = pipeline.pods.snapshot(Date.UTC(2023, 2, 15, 0, 50))[0];
  t.equal(before.loop.active, true, 'the loop is active before the reload');

  const result = pipeline.reconfigure(live([pack('cache-signal.yaml')]));
  t.same(result, { ok: true, rules: shipped.length + 1 });
  feed([cacheLine(3), ...LOG.slice(half), cacheLine(4)]);
  pipeline.flush();

  const cache = out.filter((r) => r.body.includes('cache refresh'));
  t.same(cache.map((r) => [r.relevance, r.rule]), [
    ['context', 'myapp.cache-refresh'],
    ['context', 'myapp.cache-refresh'],
    ['signal', 'myapp.cache-refresh'],
    ['signal', 'myapp.cache-refresh'],
  ], 'the cached decision of the template was forgotten');
  t.equal(cache[3].reason, 'slow cache refreshes starve the workers');
  t.equal(new Set(cache.map((r) => r.templateId)).size, 1, 'one template throughout');

  const after = pipeline.pods.snapshot(Date.UTC(2023, 2, 15, 0, 50))[0];
  t.same([after.totals.boot, after.totals.timeout, after.totals.kill, after.totals.exit], [20, 20, 20, 20], 'totals count across the reload');
  t.equal(after.loop.active, true);
  t.equal(after.loop.sinceMs, before.loop.sinceMs, 'the same loop, not a new one');
  t.equal(out.filter((r) => r.synthetic).length, 1, 'the loop was announced once');
  t.equal(out.reduce((n, r) => n + r.lineCount, 0), LOG.length + 4, 'every line in exactly one record');
});

t.test('a pack that does not compile is refused and the running rules stay', async (t) => {
  const { pipeline, out, feed } = setup();
  pipeline.reconfigure(live([pack('cache-signal.yaml')]));
  feed([cacheLine(1)]);
  const result = pipeline.reconfigure(live([pack('broken.yaml')]));
  t.equal(result.ok, false);
  t.match(!result.ok && result.error, /broken\.yaml:\d+: rule "myapp\.cache-refresh": match is not a valid regular expression/);
  feed([cacheLine(2)]);
  pipeline.flush();
  t.same(out.map((r) => r.relevance), ['signal', 'signal'], 'still the version that compiled');
});

t.test('the settings travel as plain data (a worker thread can receive them)', async (t) => {
  const settings = live([pack('cache-signal.yaml')]);
  const copy = structuredClone(settings);
  t.same(copy, settings);
  const { pipeline, out, feed } = setup();
  t.ok(pipeline.reconfigure(copy).ok);
  feed([cacheLine(5)]);
  t.equal(out[0].relevance, 'signal');
});

t.test('a reload can change the identity of lines that carry none', async (t) => {
  const { pipeline, out, feed } = setup();
  const other = { namespace: 'dev', pod: 'api-other', container: 'api' };
  pipeline.reconfigure({ ...live([]), defaultPod: other });
  feed([cacheLine(1)]);
  t.same(out[0].pod, other);
});
