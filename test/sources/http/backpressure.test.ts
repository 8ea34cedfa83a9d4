import t from 'tap';
import { pino } from 'pino';
import { buildConfig } from '../../../src/config/load-config.js';
import { createClassifier } from '../../../src/classify/create-classifier.js';
import { PipelineRunner } from '../../../src/pipeline/pipeline-runner.js';
import { createHttpSource } from '../../../src/sources/http/http-source.js';
import { SelfTelemetry } from '../../../src/telemetry/self-telemetry.js';
import { SlowSink } from '../../helpers/slow-sink.js';
import { post } from './support.js';

/**
 * A slow sink saturates, the runner stops draining, the queue fills and the source answers 503;
 * a sender that retries 503s (as Fluent Bit does) still delivers every record exactly once, and
 * the queue never holds more than its configured bounds.
 */

const BATCHES = 40;
const PER_BATCH = 100;
const SENDERS = 4;
const MAX_ATTEMPTS = 5000;

void t.test('a retrying sender delivers everything exactly once through a slow pipeline', async (t) => {
  const config = buildConfig({
    input: { http: { port: 0, retryAfterSeconds: 1 } },
    pipeline: { queue: { maxRecords: 1000, maxBytes: 65_536 } },
  });
  const telemetry = new SelfTelemetry();
  const sink = new SlowSink();
  const logger = pino({ level: 'silent' });
  const runner = new PipelineRunner(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry, defaultPod: { namespace: 'ns', pod: 'p', container: 'c' } },
    [sink],
    logger,
  );
  const source = createHttpSource({ config: config.input.http, queue: runner.queue, telemetry, logger, busy: () => runner.sinksSaturated, env: {} });
  let maxDepth = 0;
  let maxBytes = 0;
  runner.queue.onData(() => {
    maxDepth = Math.max(maxDepth, runner.queue.depth);
    maxBytes = Math.max(maxBytes, runner.queue.depthBytes);
  });
  await sink.start();
  await runner.start();
  await source.start();

  let refused = 0;
  let next = 0;
  const sender = async () => {
    while (next < BATCHES) {
      const b = next++;
      const lines = Array.from({ length: PER_BATCH }, (_, i) => `{"log":"record ${b * PER_BATCH + i} done","stream":"stdout"}`);
      const body = lines.join('\n') + '\n';
      for (let attempt = 0; ; attempt++) {
        if (attempt === MAX_ATTEMPTS) throw new Error(`batch ${b} never accepted`);
        const a = await post(source.address!, 'application/x-ndjson', body);
        if (a.status === 200) break;
        t.equal(a.status, 503, 'only 503 while busy');
        t.equal(a.headers['retry-after'], '1');
        refused++;
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  await source.stop();
  await runner.stop();
  await sink.stop();

  t.ok(refused > 0, `the sender was pushed back (${refused} answers 503)`);
  t.equal(telemetry.rejectedRequests.get('busy'), refused);
  const total = BATCHES * PER_BATCH;
  t.equal(sink.delivered.length, total, 'every record delivered');
  const seen = new Set(sink.delivered);
  t.equal(seen.size, total, 'none twice');
  for (let i = 0; i < total; i += 997) t.ok(seen.has(`record ${i} done`));
  t.ok(maxDepth <= 1000, `queue depth peaked at ${maxDepth} (max 1000)`);
  t.ok(maxBytes <= 65_536, `queue bytes peaked at ${maxBytes} (max 65536)`);
});
