import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogRecord } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { msToNanoString, recordToJsonLine, recordToJsonLineSlow } from '../../src/sinks/record-json.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { FIXTURES } from '../helpers/run-cli.js';

t.test('the fast serialisation is byte-identical to the reference on the incident', async (t) => {
  const config = loadConfig();
  const records: LogRecord[] = [];
  const p = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: { namespace: 'dev', pod: 'p', container: 'c', node: 'n1' } },
    (r) => records.push(...r),
  );
  const lines = readFileSync(join(FIXTURES, 'seed-incident', 'fluent-bit-records.jsonl'), 'utf8').trim().split('\n');
  p.process([...lines, 'quote " backslash \\ tab \t unicode ✓ \u0001 \ud83d\ude80'].map((line) => ({ line })));
  p.flush();
  t.ok(records.some((r) => r.synthetic), 'includes the synthesized loop record');
  for (const r of records) t.equal(recordToJsonLine(r), recordToJsonLineSlow(r));
  t.equal(records.length, 477);
});

t.test('nanosecond strings keep microseconds', async (t) => {
  t.equal(msToNanoString(1678840926000), '1678840926000000000');
  t.equal(msToNanoString(1678840926000.123), '1678840926000123000');
  t.equal(msToNanoString(0), '0');
});
