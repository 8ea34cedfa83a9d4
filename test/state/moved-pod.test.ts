import t from 'tap';
import { buildConfig } from '../../src/config/load-config.js';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { seedRecords } from '../sources/otlp/incident.js';

/**
 * Gateway deployment (deploy/gateway/README.md): when the replica set changes, a pod's records go
 * to another replica and stop arriving at the old one. There, with the default settings and no
 * handover, the pod's windows empty, its loop clears after the quiet period and the pod is
 * forgotten after the idle timeout, on the arrival clock alone.
 */

const MIN = 60_000;
const config = buildConfig({});

void t.test('a pod that moved away expires on its old replica by the idle timeout', async (t) => {
  let now = Date.parse('2023-03-15T00:47:30Z'); // live: arrival follows the incident's event times
  const pipeline = new Pipeline(
    {
      config: config.pipeline,
      classifier: createClassifier(config.pipeline.classify),
      telemetry: new SelfTelemetry(),
      defaultPod: { namespace: 'x', pod: 'x', container: 'x' },
      clock: () => now,
    },
    () => {},
  );
  const dev = seedRecords.filter((r) => r.kubernetes.pod_name === 'api-7f9c6d5b8-x2x9k');
  pipeline.process(
    dev.map((r) => ({
      line: r.log,
      timeMs: r.date * 1000,
      pod: { namespace: 'dev', pod: r.kubernetes.pod_name, container: 'api' },
      unwrapped: true,
      stream: r.stream,
    })),
  );
  pipeline.flush();
  const pod = { namespace: 'dev', pod: 'api-7f9c6d5b8-x2x9k', container: 'api' };
  t.ok(pipeline.pods.isLooping(pod), 'the loop is active on the replica that held the pod');
  const windows = () => pipeline.pods.snapshot(now).find((s) => s.pod.pod === pod.pod)?.windows.find((w) => w.label === '5m')?.counts.boot;
  t.ok((windows() ?? 0) > 0, 'with boots in its 5m window');

  // The pod is routed elsewhere: nothing more arrives here; the service ticks every 250 ms.
  const advance = (ms: number) => {
    for (const end = now + ms; now < end; ) {
      now = Math.min(end, now + 30_000);
      pipeline.tick();
    }
  };
  advance(6 * MIN);
  t.equal(windows(), 0, 'after 6 minutes the 5m window is empty');
  t.ok(pipeline.pods.isLooping(pod), 'the loop still holds: the max over replicas does not drop during the handover');
  advance(5 * MIN);
  t.notOk(pipeline.pods.isLooping(pod), 'after the 10m quiet period the loop has cleared');
  t.equal(pipeline.pods.size, 1, 'the pod is still tracked');
  advance(20 * MIN);
  t.equal(pipeline.pods.size, 0, 'after the 30m idle timeout it is forgotten, and its series with it');
});
