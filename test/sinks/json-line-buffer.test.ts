import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogRecord } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { JsonLineBuffer } from '../../src/sinks/json-line-buffer.js';
import { recordToJsonLine, recordToJsonLineSlow } from '../../src/sinks/record-json.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { FIXTURES } from '../helpers/run-cli.js';

/** Every file under a fixture directory, depth first. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : name.endsWith('.md') ? [] : [path];
    });
}

/** Records of the seed incident, every real-world fixture, and unusual lines, as `tag` makes them. */
function records(): LogRecord[] {
  const config = loadConfig();
  // A small line limit, so some records are truncated (they carry `logsift.truncated`).
  const pipelineConfig = { ...config.pipeline, maxLineBytes: 400 };
  const out: LogRecord[] = [];
  const p = new Pipeline(
    { config: pipelineConfig, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: { namespace: 'dev', pod: 'p', container: 'c', node: 'n1' } },
    (r) => out.push(...r),
  );
  const files = [join(FIXTURES, 'seed-incident', 'fluent-bit-records.jsonl'), ...filesUnder(join(FIXTURES, 'real-world'))];
  for (const f of files) p.process(readFileSync(f, 'utf8').split('\n').map((line) => ({ line, streamKey: f })));
  p.process(
    [
      'quote " backslash \\ tab \t unicode ✓ é ü 日本 \u0001 \u001f \u007f \u2028 emoji \ud83d\ude80',
      'lone surrogates \ud83d and \ude80 alone',
      `[2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9) ${'x'.repeat(600)}`,
      '{"log":"esc \\"q\\" \\u00e9 \\ud83d\\ude80\\n","kubernetes":{"pod_name":"api-1","namespace_name":"dev","container_name":"api"}}',
    ].map((line) => ({ line })),
  );
  p.flush();
  return out;
}

t.test('the bytes are those of the lines joined and encoded, on fixtures and unusual records', async (t) => {
  const all = records();
  t.ok(all.some((r) => r.attributes?.['logsift.truncated'] === true), 'includes truncated records');
  t.ok(all.some((r) => r.attributes !== undefined && r.attributes['logsift.truncated'] === undefined), 'includes records with other attributes');
  t.ok(all.some((r) => r.synthetic), 'includes a synthesized loop record');
  t.ok(all.some((r) => [...r.body].some((c) => c.charCodeAt(0) > 127)), 'includes non-ASCII bodies');
  const want = Buffer.from(all.map(recordToJsonLineSlow).join(''));
  // A small chunk and uneven batches: lines cross into new chunks mid-batch.
  const buffer = new JsonLineBuffer(4096);
  const views: Buffer[] = [];
  for (let i = 0, size = 1; i < all.length; i += size, size = (size * 7) % 23 + 1) {
    for (const r of all.slice(i, i + size)) buffer.add(recordToJsonLine(r));
    const view = buffer.take();
    if (view !== undefined) views.push(view);
  }
  t.equal(buffer.take(), undefined, 'nothing left after the last take');
  // Views taken earlier are not overwritten by later lines.
  t.ok(Buffer.concat(views).equals(want), `${all.length} records, ${want.length} bytes identical`);

  // addRecord: the repeating pieces copied as cached bytes. Twice, so the second pass hits the caches.
  const direct = new JsonLineBuffer(4096);
  const parts: Buffer[] = [];
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0, size = 1; i < all.length; i += size, size = (size * 5) % 19 + 1) {
      for (const r of all.slice(i, i + size)) direct.addRecord(r);
      const view = direct.take();
      if (view !== undefined) parts.push(view);
    }
  }
  t.ok(Buffer.concat(parts).equals(Buffer.concat([want, want])), 'addRecord: the same bytes, from cold and warm caches');
});

t.test('a line longer than a chunk gets a chunk of its own', async (t) => {
  const buffer = new JsonLineBuffer(16);
  buffer.add('{"a":1}\n');
  const first = buffer.take();
  const long = `{"body":"${'é'.repeat(100)}"}\n`;
  buffer.add(long);
  buffer.add('{"b":2}\n');
  t.equal(first?.toString(), '{"a":1}\n');
  t.equal(buffer.take()?.toString(), long + '{"b":2}\n');
});

t.test('addRecord: a severity text that differs for one number, odd times, and bodies of every kind', async (t) => {
  const base = records().find((r) => r.attributes === undefined && r.severityNumber === 9);
  if (base === undefined) throw new Error('no INFO record in the fixtures');
  const variants: LogRecord[] = [
    base,
    { ...base, severityText: 'NOTICE' },
    base,
    { ...base, severityNumber: 0, severityText: 'UNSPECIFIED' },
    { ...base, severityNumber: 70, severityText: 'ODD' },
    { ...base, timeMs: NaN, observedMs: 0 },
    { ...base, timeMs: 1678838400123.456, observedMs: -5 },
    { ...base, body: '' },
    { ...base, body: 'tab\t "q" \\ \u0000 é ✓ \ud83d\ude80 \ud83d' },
    { ...base, body: 'x'.repeat(300_000) },
  ];
  const buffer = new JsonLineBuffer(1024);
  for (const r of variants) buffer.addRecord(r);
  t.equal(buffer.take()?.toString('utf8'), variants.map(recordToJsonLineSlow).join(''));
});

t.test('addRecord: runs of records that share one time or both, and times that change back', async (t) => {
  // The buffer keeps the last head and each time's last text: every record must still say its own.
  const base = records().find((r) => r.attributes === undefined);
  if (base === undefined) throw new Error('no plain record in the fixtures');
  const times: [number, number][] = [
    [1678838400000, 1700000000000], [1678838400000, 1700000000000], [1678838400001, 1700000000000],
    [1678838400001, 1700000000001], [1678838400000, 1700000000001], [1678838400000, 1700000000000],
    [NaN, 1700000000000], [NaN, 1700000000000], [0, -0], [-0, 0], [-0, -0], [0.0004, 0.0005],
    [1678838400123.456, 1678838400123.456], [1678838400123.4561, 1678838400123.456], [NaN, NaN], [5, NaN],
  ];
  const variants = times.map(([timeMs, observedMs]): LogRecord => ({ ...base, timeMs, observedMs }));
  const buffer = new JsonLineBuffer(1024);
  for (const r of variants) buffer.addRecord(r);
  t.equal(buffer.take()?.toString('utf8'), variants.map(recordToJsonLineSlow).join(''));
});
