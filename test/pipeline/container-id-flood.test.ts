import t from 'tap';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { buildConfig } from '../../src/config/load-config.js';
import type { PodIdentity, RawEntry } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';

void t.test('a flood of container ids and pod names keeps per-pod state within pods.maxPods', async (t) => {
  const maxPods = 100;
  const config = buildConfig({ pipeline: { pods: { maxPods } } });
  let records = 0;
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: { namespace: 'x', pod: 'x', container: 'x' } },
    (out) => (records += out.length),
  );
  const steady: PodIdentity = { namespace: 'prod', pod: 'api-5d8c7b9f4-q7k2m', container: 'api' };
  const t0 = Date.parse('2024-05-06T10:00:00Z');
  let sent = 0;
  for (let batch = 0; batch < 50; batch++) {
    const entries: RawEntry[] = [];
    for (let i = 0; i < 1000; i++, sent++) {
      const flood = i % 2 === 1;
      entries.push({
        line: `${new Date(t0 + sent * 10).toISOString()} stdout F error: connection refused (attempt ${sent})`,
        pod: flood ? { namespace: 'ns', pod: `p-${sent}`, container: 'c' } : steady,
        streamKey: flood ? `f-${sent}` : 'steady',
        // Every line a new instance: a hostile or broken sender.
        containerId: sent.toString(16).padStart(64, '0'),
      });
    }
    pipeline.process(entries);
  }
  pipeline.flush();
  t.ok(records >= sent, `${records} records for ${sent} lines (plus loop announcements)`);
  t.ok(pipeline.instances.size <= maxPods, `${pipeline.instances.size} pods with instance ids held (cap ${maxPods})`);
  t.ok(pipeline.pods.size <= maxPods, `${pipeline.pods.size} pods in the state store (cap ${maxPods})`);
  const s = pipeline.pods.snapshot(Date.now()).find((p) => p.pod.pod === steady.pod);
  t.equal(s?.totals.restart, 24_999, 'the pod seen all along: every new id after its first is a restart');
  t.ok(s?.loop.active, 'which is a loop');
  t.ok((s?.loop.lastSignals ?? []).length <= 3);
});
