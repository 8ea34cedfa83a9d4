import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { buildConfig } from '../../src/config/load-config.js';
import { LIFECYCLE_EVENTS, type LogRecord, type PodIdentity, type RawEntry } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { Analysis } from '../../src/report/analysis.js';
import { esc } from '../../src/report/html-escape.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { FIXTURES, runCli } from '../helpers/run-cli.js';

const LOG = join(FIXTURES, 'seed-incident', 'gunicorn-numpy.log');
const POD: PodIdentity = { namespace: 'dev', pod: 'api-7f9c6d5b8-x2x9k', container: 'api' };
const OPTS = { inputs: ['test.log'], generatedAtMs: Date.UTC(2024, 0, 1), version: 'test' };

t.test('esc: markup characters as entities, control characters visible', async (t) => {
  t.equal(esc(`</script><img src=x onerror="a('b')">&amp;`), '&lt;/script&gt;&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;amp;');
  t.equal(esc('\u001b[31mred\u001b[0m\u0000\u007f'), '\u241b[31mred\u241b[0m\u2400\u2421');
  t.equal(esc('tab\tnew\nline'), 'tab\tnew\nline', 'tabs and newlines stay');
});

function seedAnalysis() {
  const config = buildConfig({});
  const analysis = new Analysis();
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: POD },
    (records) => analysis.add(records),
  );
  const lines = readFileSync(LOG, 'utf8').replace(/\n$/, '').split('\n');
  pipeline.process(lines.map((line): RawEntry => ({ line, streamKey: 'seed' })));
  pipeline.flush();
  const snapshot = pipeline.pods.snapshot(Date.now());
  return { doc: analysis.document(snapshot), timelines: analysis.timelines(snapshot) };
}

t.test('the seed incident: lanes, the open loop span, the first signal, on the lines\' own time', async (t) => {
  const { doc, timelines } = seedAnalysis();
  t.equal(timelines.pods.length, 1);
  const tl = timelines.pods[0];
  t.same(Object.fromEntries(tl.lanes.map((l) => [l.event, l.total])), { boot: 20, timeout: 20, kill: 20, exit: 20 });
  t.ok(tl.lanes.every((l) => l.widthMs === 1), 'exact times');
  t.equal(new Date(tl.firstMs).toISOString(), '2023-03-15T00:42:06.000Z', 'undated lines do not stretch the range');
  t.equal(new Date(tl.lastMs).toISOString(), '2023-03-15T00:47:17.000Z');
  t.same(tl.loops.map((l) => [new Date(l.startMs).toISOString(), new Date(l.endMs).toISOString(), l.open]), [
    ['2023-03-15T00:43:40.000Z', '2023-03-15T00:47:17.000Z', true],
  ]);
  t.same(tl.onsets.map((o) => [new Date(o.timeMs).toISOString(), o.quietMs]), [['2023-03-15T00:42:37.000Z', undefined]]);
  t.match(tl.onsets[0].example, /WORKER TIMEOUT/);

  const html = renderHtmlReport(doc, timelines, OPTS);
  t.notMatch(html, /<script|<link|<img|@import|url\(|src=/i, 'nothing to run or fetch');
  t.match(html, /Content-Security-Policy" content="default-src 'none'/);
  t.ok(html.indexOf('id="summary"') < html.indexOf('id="timelines"'), 'summary first');
  t.notMatch(html, /more pods/, 'one pod: nothing summarised');
});

t.test('the JSON document keeps its shape', async (t) => {
  const { doc } = seedAnalysis();
  t.same(Object.keys(doc).sort(), ['loops', 'noise', 'pods', 'signals', 'summary']);
});

t.test('worst case: 500 pods with every event kind all day, thousands of templates: under 2 MiB', async (t) => {
  const analysis = new Analysis();
  const start = Date.UTC(2023, 2, 15);
  const long = 'x'.repeat(3000);
  for (let p = 0; p < 500; p++) {
    const pod = { namespace: 'ns', pod: `pod-${p}-<b>`, container: 'c' };
    const records: LogRecord[] = [];
    for (let i = 0; i < 800; i++) {
      const event = LIFECYCLE_EVENTS[i % LIFECYCLE_EVENTS.length];
      const timeMs = start + ((i * 7919 + p * 104_729) % 86_400_000);
      records.push(record(pod, timeMs, event, `tmpl-${p % 300}-${i % 10}`, `${long} ${p} ${i}`));
    }
    analysis.add(records);
  }
  const timelines = analysis.timelines([]);
  t.equal(timelines.pods.length, 500);
  const html = renderHtmlReport(analysis.document([]), timelines, OPTS);
  const bytes = Buffer.byteLength(html);
  t.ok(bytes < 2 * 1024 * 1024, `${Math.round(bytes / 1024)} KiB`);
  const marks = html.match(/<rect class="mk"/g)?.length ?? 0;
  t.ok(marks <= 6000 + 30 * 8, `${marks} timeline marks (budget 6000)`);
  t.notMatch(html, /pod-\d+-<b>/, 'pod names escaped');
  t.match(html, /pod-\d+-&lt;b&gt;/);
});

function record(pod: PodIdentity, timeMs: number, event: LogRecord['event'], templateId: string, body: string): LogRecord {
  return {
    timeMs, timeFromSource: true, observedMs: timeMs, body, lineCount: 1, pod, severityNumber: 17, severityText: 'ERROR',
    relevance: 'signal', score: 80, rule: 'test', event, templateId, template: body, format: 'plain',
  };
}

t.test('analyze: --format html on stdout, --json as its alias, contradictions refused', async (t) => {
  const html = await runCli(['analyze', LOG, '--format', 'html']);
  t.equal(html.code, 0);
  t.match(html.stdout, /^<!doctype html>/);
  t.match(html.stdout, /<\/html>\n$/);
  const json = await runCli(['analyze', LOG, '--json']);
  const format = await runCli(['analyze', LOG, '--format', 'json']);
  t.same(JSON.parse(json.stdout).summary, JSON.parse(format.stdout).summary, '--json is --format json');
  const both = await runCli(['analyze', LOG, '--json', '--format', 'text']);
  t.equal(both.code, 2);
  t.match(both.stderr, /--json contradicts --format text/);
  const bad = await runCli(['analyze', LOG, '--format', 'pdf']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--format must be text, json or html, not "pdf"/);
});

t.test('analyze --html FILE writes the page and still prints the chosen format', async (t) => {
  const dir = t.testdir({});
  const file = join(dir, 'report.html');
  const r = await runCli(['analyze', LOG, '--html', file]);
  t.equal(r.code, 0);
  t.match(r.stdout, /^logsift triage report/, 'the text report on stdout');
  t.match(r.stderr, /HTML report written to .*report\.html \(\d+ KiB\)/);
  t.match(readFileSync(file, 'utf8'), /^<!doctype html>/);
  const nowhere = await runCli(['analyze', LOG, '--html', join(dir, 'no', 'such', 'dir', 'r.html')]);
  t.equal(nowhere.code, 2);
  t.match(nowhere.stderr, /cannot write .*r\.html/);
});
