import t from 'tap';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogRecord, PodIdentity, RawEntry } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { Severity } from '../../src/model/severity.js';

/* A java.util.logging record's level is on its second line: the record takes it, and its time. */
const DEFAULTS: PodIdentity = { namespace: 'dev', pod: 'unknown', container: 'unknown' };

function run(lines: string[]): LogRecord[] {
  const config = loadConfig();
  const out: LogRecord[] = [];
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: DEFAULTS, clock: () => Date.UTC(2024, 2, 28) },
    (records) => out.push(...records),
  );
  pipeline.process(lines.map((line): RawEntry => ({ line, streamKey: 'stdin' })));
  pipeline.flush();
  return out;
}

void t.test('the pair is one record at the level of its second line, dated by its header', async (t) => {
  const out = run([
    'Mar 05, 2023 8:11:26 PM org.example.billing.Ledger post',
    'SEVERE: Could not post entry 42 to the ledger',
    'Mar 05, 2023 8:11:27 PM org.example.billing.Ledger post',
    'INFO: Posted entry 43',
  ]);
  t.equal(out.length, 2);
  t.match(out[0], { lineCount: 2, format: 'jul', severityNumber: Severity.ERROR, relevance: 'signal', logger: 'org.example.billing.Ledger', template: 'Could not post entry <*> to the ledger' });
  t.equal(out[0].timeMs, Date.UTC(2023, 2, 5, 20, 11, 26));
  t.match(out[1], { lineCount: 2, severityNumber: Severity.INFO, relevance: 'context' });
});
