// Issue 8.6: lines over the line limit vanished silently and inconsistently (a 1.1 MB line
// survived from a file but not from stdin, a 3 MB line was dropped from both, nothing counted).
// Now every input truncates to pipeline.maxLineBytes, marks the record and counts it.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogRecord } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { decodeBody } from '../../src/sources/http/decode-body.js';
import { PodInterner } from '../../src/sources/http/pod-interner.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { MAIN, runCli } from '../helpers/run-cli.js';

const skip = existsSync(MAIN) ? false : 'dist/cli/main.js is not built (npm test builds it)';
const LIMIT = loadConfig().pipeline.maxLineBytes;
const HUGE = 'E'.repeat(3 * 1024 * 1024);
const INPUT = `before the long line\n${HUGE}\nafter the long line\n`;

interface Tagged {
  body: string;
  attributes: Record<string, unknown>;
}

function check(t: Test, records: Tagged[]): void {
  t.same(records.map((r) => r.body.length), ['before the long line'.length, LIMIT, 'after the long line'.length], 'three records, the long one cut at the limit');
  t.equal(records[1].body, HUGE.slice(0, LIMIT));
  t.equal(records[1].attributes['logsift.truncated'], true);
  t.equal(records[0].attributes['logsift.truncated'], undefined);
}

t.test('a 3 MB line from a file and from stdin is truncated and marked, not dropped', { skip }, async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'logsift-long-')), 'long.log');
  writeFileSync(file, INPUT);
  for (const [name, args, input] of [['file', ['tag', file], ''], ['stdin', ['tag', '-'], INPUT]] as const) {
    const r = await runCli([...args, '--pod', 'p'], { input });
    t.equal(r.code, 0, `${name}: ${r.stderr}`);
    check(t, r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Tagged));
  }
});

t.test('a 3 MB line over HTTP is truncated, marked and counted the same way', async (t) => {
  const config = loadConfig();
  const h = config.input.http;
  const batch = await decodeBody(
    { body: Buffer.from(INPUT), contentType: 'text/plain', contentEncoding: undefined },
    { maxDecompressedBytes: h.maxDecompressedBytes, maxRecords: h.maxRecordsPerRequest, messageKeys: h.messageKeys, dateKeys: h.dateKeys, interner: new PodInterner(10) },
  );
  const telemetry = new SelfTelemetry();
  const out: LogRecord[] = [];
  const p = new Pipeline({ config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry, defaultPod: { namespace: 'n', pod: 'p', container: 'c' } }, (r) => out.push(...r));
  p.process(batch.entries);
  p.flush();
  check(t, out.map((r) => ({ body: r.body, attributes: r.attributes ?? {} })));
  t.equal(telemetry.truncatedLines.get('line'), 1);
});
