import t from 'tap';
import type { LogRecord } from '../../src/model/record.js';
import { OtlpLogsSink, type OtlpLogsSinkOptions } from '../../src/sinks/otlp-logs-sink.js';
import type { OtlpLogsSettings, OtlpProtocol } from '../../src/sinks/resolve-otlp-settings.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { captureLogger, waitFor } from '../helpers/capture-logger.js';
import { DEV_POD, PROD_POD, incidentRecords } from '../helpers/incident-records.js';
import { OtlpReceiver, type ReceivedLog } from '../helpers/otlp-receiver.js';

function makeSink(receiver: OtlpReceiver, over: Partial<OtlpLogsSettings> & { protocol?: OtlpProtocol } = {}, extra: Partial<OtlpLogsSinkOptions> = {}) {
  const telemetry = new SelfTelemetry();
  const { logger, lines } = captureLogger();
  const sink = new OtlpLogsSink({
    settings: {
      url: receiver.url + '/v1/logs',
      protocol: 'http/protobuf',
      headers: { authorization: 'Bearer test' },
      timeoutMs: 2000,
      compression: 'none',
      batchMaxRecords: 64,
      batchIntervalMs: 20,
      queueMaxRecords: 1000,
      ...over,
    },
    policy: { policy: 'default', noiseSampleIntervalMs: 60_000, maxTemplates: 100 },
    queue: { highWatermark: 0.8, lowWatermark: 0.5, whenFull: 'block' },
    retry: { initialBackoffMs: 20, maxBackoffMs: 200 },
    stopTimeoutMs: 5000,
    telemetry,
    logger,
    random: () => 0.5,
    ...extra,
  });
  return { sink, telemetry, lines };
}

/** Writes like the pipeline runner does: a batch at a time, waiting while the sink is saturated. */
async function feed(sink: OtlpLogsSink, records: LogRecord[], batch = 40, onStep?: () => void): Promise<{ saturatedSeen: boolean }> {
  let saturatedSeen = false;
  for (let i = 0; i < records.length; i += batch) {
    for (let n = 0; n < 2000 && sink.saturated; n++) {
      saturatedSeen = true;
      onStep?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    sink.write(records.slice(i, i + batch));
    onStep?.();
  }
  return { saturatedSeen };
}

const key = (l: ReceivedLog) => `${l.resource['k8s.pod.name']}|${l.timeUnixNano}|${String(l.body)}`;

for (const protocol of ['http/protobuf', 'http/json'] as const) {
  void t.test(`incident export over ${protocol}: pod resources, sampled noise, every timeout a signal`, async (t) => {
    const receiver = new OtlpReceiver();
    await receiver.start();
    t.teardown(() => receiver.close());
    const { sink, telemetry } = makeSink(receiver, { protocol });
    await sink.start();
    const records = incidentRecords();
    await feed(sink, records);
    await sink.stop();

    t.ok(receiver.requests.every((r) => r.headers.authorization === 'Bearer test'), 'configured headers are sent');
    t.ok(receiver.requests.every((r) => r.contentType === (protocol === 'http/json' ? 'application/json' : 'application/x-protobuf')));
    const logs = receiver.logs;
    const timeouts = logs.filter((l) => String(l.body).includes('WORKER TIMEOUT'));
    t.equal(timeouts.length, 20, 'every WORKER TIMEOUT line arrives');
    t.ok(timeouts.every((l) => l.attributes['logsift.relevance'] === 'signal' && l.attributes['logsift.event'] === 'timeout'));
    t.equal(logs.filter((l) => String(l.body).includes('terminated due to signal 9')).length, 20);
    t.equal(logs.filter((l) => String(l.body).includes('Booting worker')).length, 22, 'context records all exported');

    const dev = timeouts[0].resource;
    t.same(dev, { 'k8s.namespace.name': 'dev', 'k8s.pod.name': DEV_POD, 'k8s.container.name': 'api', 'k8s.node.name': 'node-1' }, 'pod is the resource');
    t.notOk('k8s.pod.name' in timeouts[0].attributes, 'pod identity is not repeated as record attributes');
    t.equal(timeouts[0].severityText, 'FATAL', 'gunicorn CRITICAL');
    t.equal(timeouts[0].severityNumber, 21);
    t.equal(timeouts[0].timeUnixNano, '1678840957000000000', 'event time in ns (09:42:37 +0900)');
    t.equal(timeouts[0].scope, 'logsift');

    const numpy = logs.filter((l) => String(l.body).includes('UserWarning'));
    const numpyIn = records.filter((r) => r.body.includes('UserWarning')).length;
    t.equal(numpyIn, 88);
    t.ok(numpy.length > 0 && numpy.length < 10, `numpy warnings sampled (${numpy.length} of ${numpyIn})`);
    t.ok(numpy.every((l) => l.attributes['logsift.relevance'] === 'noise'));
    const suppressed = numpy.reduce((s, l) => s + Number(l.attributes['logsift.suppressed_count'] ?? 0), 0);
    t.ok(suppressed > 0, 'later samples carry the suppressed count');
    const health = logs.filter((l) => String(l.body).includes('/healthz'));
    t.ok(health.length >= 1 && health.length < 10 && health.every((l) => l.resource['k8s.pod.name'] === PROD_POD));

    t.equal(new Set(logs.map(key)).size, logs.length, 'nothing twice');
    t.equal(sink.exported, logs.length);
    t.equal(telemetry.exportDropped.total(), 0);
    t.equal(telemetry.exportFailures.total(), 0);
    t.equal(telemetry.exportAttempts.get('logs'), receiver.requests.length);
  });
}

void t.test('gzip compression', async (t) => {
  const receiver = new OtlpReceiver();
  await receiver.start();
  t.teardown(() => receiver.close());
  const { sink } = makeSink(receiver, { compression: 'gzip' });
  await sink.start();
  await feed(sink, incidentRecords().slice(0, 50));
  await sink.stop();
  t.ok(receiver.requests.length > 0 && receiver.requests.every((r) => r.encoding === 'gzip'));
  t.ok(receiver.logs.length > 0);
});

void t.test('policy all and signals', async (t) => {
  for (const [policy, expected] of [
    ['all', 563],
    ['signals', 40],
  ] as const) {
    const receiver = new OtlpReceiver();
    await receiver.start();
    const { sink } = makeSink(receiver, {}, { policy: { policy, noiseSampleIntervalMs: 60_000, maxTemplates: 100 } });
    await sink.start();
    await feed(sink, incidentRecords());
    await sink.stop();
    await receiver.close();
    t.equal(receiver.logs.length, expected, policy);
  }
});

void t.test('a permanent refusal drops the batch once, counted, and export goes on', async (t) => {
  const receiver = new OtlpReceiver();
  await receiver.start();
  t.teardown(() => receiver.close());
  let first = true;
  receiver.respond = () => {
    if (first) {
      first = false;
      return { status: 400 };
    }
    return { status: 200 };
  };
  const { sink, telemetry } = makeSink(receiver, { batchMaxRecords: 10 }, { policy: { policy: 'signals', noiseSampleIntervalMs: 60_000, maxTemplates: 100 } });
  await sink.start();
  await feed(sink, incidentRecords());
  await sink.stop();
  t.equal(telemetry.exportDropped.get('logs:rejected'), 10, 'one batch of 10 dropped with reason rejected');
  t.equal(telemetry.exportFailures.get('logs:rejected'), 1);
  t.equal(receiver.logs.length, 30, 'the rest arrived');
  t.equal(receiver.requests.filter((r) => r.status === 400).length, 1, 'a 400 is never retried');
});

void t.test('outage: 503 with Retry-After, then gone, then back: every signal once, counters reconcile, bounded', async (t) => {
  const receiver = new OtlpReceiver();
  await receiver.start();
  t.teardown(() => receiver.close());
  receiver.respond = () => ({ status: 503, headers: { 'retry-after': '0' } });
  const maxRecords = 100;
  const { sink, telemetry, lines } = makeSink(receiver, { batchMaxRecords: 20, queueMaxRecords: maxRecords });
  await sink.start();

  const records = incidentRecords();
  let maxDepth = 0;
  const step = () => (maxDepth = Math.max(maxDepth, sink.queue.depth));
  // Phase 1: refusals with Retry-After until a few have been seen.
  const feeding = feed(sink, records, 40, step);
  t.ok(await waitFor(() => (telemetry.exportFailures.get('logs:server_busy') ?? 0) >= 3), '503s seen');
  // Phase 2: the receiver goes away (connection refused).
  await receiver.close();
  t.ok(await waitFor(() => telemetry.exportFailures.get('logs:unavailable') >= 3), 'connection failures seen');
  t.ok(sink.saturated, 'the sink pushes back while the receiver is away');
  // Phase 3: back, accepting.
  receiver.respond = () => ({ status: 200 });
  await receiver.start();
  const { saturatedSeen } = await feeding;
  await sink.stop();

  t.ok(saturatedSeen, 'writers were held back during the outage');
  t.ok(maxDepth <= maxRecords, `queue stayed bounded (max depth ${maxDepth} <= ${maxRecords})`);
  const signalsIn = records.filter((r) => r.relevance === 'signal');
  const signalsOut = receiver.logs.filter((l) => l.attributes['logsift.relevance'] === 'signal');
  t.equal(signalsOut.length, signalsIn.length, 'every signal record arrived');
  t.equal(new Set(signalsOut.map(key)).size, signalsIn.length, 'each exactly once');
  t.equal(new Set(receiver.logs.map(key)).size, receiver.logs.length, 'no duplicates at all');

  const ok = receiver.requests.filter((r) => r.status === 200).length;
  t.equal(telemetry.exportAttempts.get('logs'), receiver.requests.length + telemetry.exportFailures.get('logs:unavailable'), 'every attempt accounted');
  t.equal(telemetry.exportAttempts.get('logs') - telemetry.exportFailures.total(), ok, 'attempts = failures + successes');
  t.equal(telemetry.exportDropped.total(), 0, 'nothing dropped');
  t.equal(sink.exported, receiver.logs.length);
  t.equal(sink.exported + sink.policy.suppressedTotal, records.length, 'records in = exported + sampled-out noise');

  const warns = lines.filter((l) => (l.level as number) >= 40);
  t.ok(warns.length <= 2, `no log flood: ${warns.length} warnings for the whole outage`);
  t.ok(lines.some((l) => l.msg === 'OTLP log export recovered'));
});

void t.test('stop delivers what is in flight, and counts what the deadline cuts off', async (t) => {
  const receiver = new OtlpReceiver();
  await receiver.start();
  t.teardown(() => receiver.close());
  const all = { policy: { policy: 'all' as const, noiseSampleIntervalMs: 1, maxTemplates: 10 } };
  const { sink } = makeSink(receiver, { batchIntervalMs: 60_000 }, all);
  await sink.start();
  sink.write(incidentRecords().slice(0, 30));
  t.equal(receiver.logs.length, 0, 'a partial batch waits for its interval');
  await sink.stop();
  t.equal(receiver.logs.length, 30, 'stop flushed the partial batch at once');

  receiver.respond = () => ({ status: 503 });
  const cut = makeSink(receiver, {}, { ...all, stopTimeoutMs: 100 });
  await cut.sink.start();
  cut.sink.write(incidentRecords().slice(0, 30));
  await cut.sink.stop();
  t.equal(cut.telemetry.exportDropped.get('logs:shutdown'), 30, 'what the deadline cut off is counted as dropped (shutdown)');
  t.equal(cut.sink.queue.depth, 0);
});

void t.test('drop mode refuses past capacity, counted', async (t) => {
  const receiver = new OtlpReceiver();
  await receiver.start();
  t.teardown(() => receiver.close());
  const { sink, telemetry } = makeSink(
    receiver,
    { queueMaxRecords: 10, batchIntervalMs: 60_000, batchMaxRecords: 10 },
    { queue: { highWatermark: 0.8, lowWatermark: 0.5, whenFull: 'drop' }, policy: { policy: 'all', noiseSampleIntervalMs: 1, maxTemplates: 10 } },
  );
  sink.write(incidentRecords().slice(0, 25));
  t.equal(telemetry.exportDropped.get('logs:queue_full'), 15);
  await sink.stop();
});

void t.test('lifecycle: stop is safe twice and without start', async (t) => {
  const receiver = new OtlpReceiver();
  const { sink } = makeSink(receiver);
  await sink.stop();
  await sink.stop();
  t.pass();
});
