import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogRecord, PodIdentity, RawEntry } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { FIXTURES } from '../helpers/run-cli.js';

const POD: PodIdentity = { namespace: 'dev', pod: 'api-7f9c6d5b8-x2x9k', container: 'api' };
const LOG = readFileSync(join(FIXTURES, 'seed-incident', 'gunicorn-numpy.log'), 'utf8').replace(/\n$/, '').split('\n');

function setup(now = { ms: Date.UTC(2023, 2, 15, 0, 50) }) {
  const config = loadConfig();
  const out: LogRecord[] = [];
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: POD, clock: () => now.ms },
    (records) => out.push(...records),
  );
  const feed = (lines: string[]) => pipeline.process(lines.map((line): RawEntry => ({ line, streamKey: 'test' })));
  return { pipeline, out, feed, now };
}

const find = (out: LogRecord[], text: string) => out.filter((r) => r.body.includes(text));

t.test('severity is not relevance (design notes §3)', async (t) => {
  const { pipeline, out, feed } = setup();
  feed(LOG);
  pipeline.flush();
  const kill = find(out, 'was terminated due to signal 9')[0];
  t.equal(kill.severityText, 'WARN');
  t.equal(kill.relevance, 'signal');
  const numpy = find(out, 'smallest subnormal')[0];
  t.equal(numpy.severityText, 'WARN');
  t.equal(numpy.relevance, 'noise');
  t.match(numpy.body, /\n {2}(setattr|return)/, 'with the source line Python echoed');
  const boots = find(out, 'Booting worker');
  t.equal(boots.length, 20);
  t.equal(boots[0].severityText, 'INFO');
  t.equal(boots[0].relevance, 'context', 'a boot is context once ...');
  t.equal(boots[boots.length - 1].relevance, 'signal', '... and a signal when it is part of a loop');
  t.equal(out.filter((r) => r.synthetic).length, 1, 'one loop announcement');
});

t.test('records keep their lines in order and lose none', async (t) => {
  const { pipeline, out, feed } = setup();
  for (let i = 0; i < LOG.length; i += 7) feed(LOG.slice(i, i + 7)); // batch boundaries inside groups
  pipeline.flush();
  t.same(out.filter((r) => !r.synthetic).flatMap((r) => r.body.split('\n')), LOG);
});

t.test('a pending multi-line group is emitted after the quiet interval when streaming', async (t) => {
  const { pipeline, out, feed, now } = setup();
  feed(['Traceback (most recent call last):', '  File "/app/x.py", line 1, in <module>']);
  t.equal(out.length, 0, 'held while the traceback may continue');
  now.ms += 500;
  pipeline.tick();
  t.equal(out.length, 0);
  now.ms += 1500;
  pipeline.tick();
  t.equal(out.length, 1);
  t.equal(out[0].lineCount, 2);
  t.equal(out[0].relevance, 'signal');
});

t.test('overlong lines are truncated and counted', async (t) => {
  const config = loadConfig();
  const telemetry = new SelfTelemetry();
  const out: LogRecord[] = [];
  const p = new Pipeline({ config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry, defaultPod: POD }, (r) => out.push(...r));
  p.process([{ line: 'x'.repeat(config.pipeline.maxLineBytes + 10) }]);
  p.flush();
  t.equal(out[0].body.length, config.pipeline.maxLineBytes);
  t.equal(out[0].attributes?.['logsift.truncated'], true, 'the record says it was cut');
  t.equal(telemetry.truncatedLines.get('line'), 1);
});

// Issue 8.7: a CRI `P` piece without its `F` was held until shutdown (acknowledged, never
// emitted while running, lost on SIGKILL). It now goes out after the group quiet interval.
t.test('an unterminated CRI P chain is emitted after the quiet interval', async (t) => {
  const { pipeline, out, feed, now } = setup();
  feed([
    '2023-03-15T00:42:07.000000000Z stderr P [2023-03-15 09:42:07 +0900] [1] [CRITICAL] WORKER TIMEOUT ',
    '2023-03-15T00:42:07.000000000Z stderr P (pid:9)',
  ]);
  pipeline.tick();
  t.equal(out.length, 0, 'held while the line may continue');
  now.ms += 1001;
  pipeline.tick();
  t.equal(out.length, 1, 'emitted once quiet for multiline.flushAfter');
  t.equal(out[0].body, '[2023-03-15 09:42:07 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9)');
  t.equal(out[0].event, 'timeout');
  feed(['2023-03-15T00:42:08.000000000Z stderr F [2023-03-15 09:42:08 +0900] [9] [INFO] Worker exiting (pid: 9)']);
  t.equal(out.length, 2, 'the stream carries on normally');
});

t.test('a reassembled CRI line past the limit is truncated once, marked, and the lines after it are intact', async (t) => {
  const { pipeline, out, feed } = setup();
  const limit = loadConfig().pipeline.maxLineBytes;
  const piece = 'z'.repeat(16 * 1024);
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) lines.push(`2023-03-15T00:42:07.000000000Z stdout P ${piece}`);
  lines.push('2023-03-15T00:42:07.000000000Z stdout F end-of-the-long-line');
  lines.push('2023-03-15T00:42:08.000000000Z stdout F next line');
  feed(lines);
  pipeline.flush();
  t.same(out.map((r) => [r.body.length, r.attributes?.['logsift.truncated'] ?? false]), [[limit, true], ['next line'.length, false]]);
});

t.test('a line held for its tentative prefix keeps its own entry when the caller reuses entry objects', async (t) => {
  // A pipeline worker fills the same entry objects for every batch (unpackEntries); a compose name
  // without a replica number waits for the stream's next line, past the batch it came in.
  const { pipeline, out } = setup();
  const other: PodIdentity = { namespace: 'prod', pod: 'worker-0', container: 'worker' };
  const entry: RawEntry = { line: 'logging      | panic: boom', pod: POD, streamKey: 'a', containerId: 'c1' };
  pipeline.process([entry]);
  Object.assign(entry, { line: 'other text', pod: other, streamKey: 'b', containerId: 'c2' });
  pipeline.process([{ line: 'logging      | goroutine 1 [running]:', pod: POD, streamKey: 'a', containerId: 'c1' }]);
  pipeline.flush();
  const panic = find(out, 'panic: boom')[0];
  t.ok(panic, 'the held line became a record');
  t.equal(panic.pod, POD, 'with the pod its own entry named');
  t.equal(find(out, 'other text').length, 0);
});

t.test('processLines (one reused entry for a file\'s lines) gives the records process gives with an entry per line', async (t) => {
  // A compose name without a replica number is held for the stream's next line, which comes in
  // the next batch: the reused entry has been filled with other lines by then.
  const batches = [
    [...LOG.slice(0, 120), 'logging      | panic: boom'],
    ['logging      | goroutine 1 [running]:', ...LOG.slice(120)],
  ];
  const file = { pod: { namespace: 'prod', pod: 'web-0', container: 'web' }, streamKey: '/var/log/web.log', containerId: 'c1' };
  const perLine = setup();
  for (const b of batches) perLine.pipeline.process(b.map((line): RawEntry => ({ line, ...file })));
  perLine.pipeline.flush();
  const reused = setup();
  for (const b of batches) reused.pipeline.processLines(b, file.pod, file.streamKey, file.containerId);
  reused.pipeline.flush();
  t.ok(find(perLine.out, 'panic: boom').length === 1 && find(perLine.out, 'Booting worker').length === 20, 'the input has a held line and the incident');
  t.same(reused.out, perLine.out, 'the same records, in order');
  const panic = find(reused.out, 'panic: boom')[0];
  t.same([panic.pod, panic.lineCount], [file.pod, 2], 'the held line: the file\'s pod, grouped with its stream\'s next line');
  const snap = (p: Pipeline) => p.pods.snapshot(Date.UTC(2023, 2, 15, 0, 50)).map((s) => ({ pod: s.pod, totals: s.totals, loop: s.loop }));
  t.same(snap(reused.pipeline), snap(perLine.pipeline), 'the same pod counts and loop');
});

t.test('templates generalise a kept number where the shipped rules decide its values alike', async (t) => {
  const { pipeline, out, feed } = setup();
  feed([
    '[10.30 16:49:06] chrome.exe - www.example.org:443 error : Could not connect through proxy proxy.example.net:3128 - Proxy server cannot establish a connection with the target, status code 403',
    '[10.30 16:49:07] chrome.exe - www.example.org:443 error : Could not connect through proxy proxy.example.net:3128 - Proxy server cannot establish a connection with the target, status code 503',
    '[2023-03-15 09:42:38 +0900] [1] [WARNING] Worker with pid 9 was terminated due to signal 9',
    '[2023-03-15 09:42:39 +0900] [1] [INFO] Worker with pid 10 was terminated due to signal 15',
  ]);
  pipeline.flush();
  const [forbidden, unavailable] = find(out, 'status code');
  t.equal(unavailable.templateId, forbidden.templateId, 'one proxy failure event, under the first-seen id');
  t.match(unavailable.template, /status code <\*>$/);
  const kill = find(out, 'signal 9')[0];
  const term = find(out, 'signal 15')[0];
  t.not(kill.templateId, term.templateId, 'signal 9 and signal 15: the gunicorn pack decides them apart');
  t.same([kill.rule, kill.event, term.rule], ['gunicorn.terminated-sigkill', 'kill', 'gunicorn.terminated-sigterm']);
});
