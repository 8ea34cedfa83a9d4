import t from 'tap';
import { buildConfig } from '../../src/config/load-config.js';
import { RecordCounts } from '../../src/pipeline/record-counts.js';
import { MetricsSink } from '../../src/sinks/metrics-sink.js';
import type { OtlpMetricsSettings, OtlpProtocol, Temporality } from '../../src/sinks/resolve-otlp-settings.js';
import type { PodSnapshot } from '../../src/state/pod-state-store.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { captureLogger, waitFor } from '../helpers/capture-logger.js';
import { DEV_POD, PROD_POD, fakePodStore, incidentRecords, incidentSnapshot } from '../helpers/incident-records.js';
import { OtlpReceiver } from '../helpers/otlp-receiver.js';
import { parsePrometheusText } from '../helpers/prometheus-text.js';

function setup(receiver: OtlpReceiver | undefined, opts: { protocol?: OtlpProtocol; temporality?: Temporality; prometheus?: boolean } = {}) {
  let snapshot: PodSnapshot[] = incidentSnapshot();
  const telemetry = new SelfTelemetry();
  const recordCounts = new RecordCounts();
  for (const r of incidentRecords()) recordCounts.add(r.relevance, r.severityNumber);
  telemetry.bytesIn.add('stdin', 193_684);
  telemetry.recordsIn.add('stdin', 563);
  telemetry.rejectedRequests.add('busy', 2);
  telemetry.exportDropped.add('logs:rejected', 3);
  const pods = fakePodStore(() => snapshot);
  telemetry.trackedPods = () => pods.size;
  telemetry.activeLoops = () => pods.activeLoops;
  telemetry.queueDepth = () => 7;
  const otlp: OtlpMetricsSettings | undefined = receiver && {
    url: receiver.url + '/v1/metrics',
    protocol: opts.protocol ?? 'http/protobuf',
    headers: {},
    timeoutMs: 2000,
    compression: 'none',
    intervalMs: 50,
    temporality: opts.temporality ?? 'cumulative',
  };
  const { logger, lines } = captureLogger();
  const config = buildConfig({ export: { prometheus: { port: 0, enabled: opts.prometheus ?? true } } });
  const sink = new MetricsSink({
    sources: { pods, recordCounts, telemetry },
    otlp,
    prometheus: config.export.prometheus,
    resource: { 'service.name': 'logsift-test', 'deployment.environment.name': 'ci' },
    logger,
    exportQueueDepth: () => 3,
  });
  return { sink, telemetry, lines, setSnapshot: (s: PodSnapshot[]) => (snapshot = s) };
}

const podOf = (p: { attributes: Record<string, unknown> }) => p.attributes['k8s.pod.name'];

for (const protocol of ['http/protobuf', 'http/json'] as const) {
  void t.test(`OTLP metrics over ${protocol}: design §5 instruments for the incident`, async (t) => {
    const receiver = new OtlpReceiver();
    await receiver.start();
    t.teardown(() => receiver.close());
    const { sink } = setup(receiver, { protocol, prometheus: false });
    await sink.start();
    t.ok(await waitFor(() => receiver.metricRequests.length >= 2), 'exports arrived');

    const events = receiver.latest('logsift.lifecycle.events');
    const dev = (event: string) => events.find((p) => podOf(p) === DEV_POD && p.attributes.event === event);
    for (const e of ['kill', 'boot', 'timeout', 'exit']) t.equal(dev(e)?.value, 20, `dev ${e} = 20`);
    t.equal(dev('kill')?.kind, 'sum');
    t.equal(dev('kill')?.monotonic, true);
    t.equal(dev('kill')?.temporality, 2, 'cumulative by default');
    t.same(
      { ...dev('kill')?.attributes },
      { 'k8s.namespace.name': 'dev', 'k8s.pod.name': DEV_POD, 'k8s.container.name': 'api', event: 'kill' },
      'pod identity as data-point attributes',
    );
    t.equal(dev('kill')?.resource['service.name'], 'logsift-test');
    t.equal(dev('kill')?.resource['deployment.environment.name'], 'ci');

    const loops = receiver.latest('logsift.restart_loop.active');
    t.equal(loops.find((p) => podOf(p) === DEV_POD)?.value, 1, 'loop active for dev');
    t.equal(loops.find((p) => podOf(p) === PROD_POD)?.value ?? 0, 0, 'no loop for prod');
    const windows = receiver.latest('logsift.lifecycle.window.events');
    t.equal(windows.find((p) => podOf(p) === DEV_POD && p.attributes.event === 'kill' && p.attributes.window === '5m')?.value, 18);
    t.equal(windows[0].kind, 'gauge');

    const records = receiver.latest('logsift.log.records');
    t.equal(records.find((p) => p.attributes.relevance === 'signal' && p.attributes.severity === 'FATAL')?.value, 20);
    t.equal(records.reduce((s, p) => s + p.value, 0), 563);
    t.equal(receiver.latest('logsift.input.bytes')[0]?.value, 193_684);
    t.equal(receiver.latest('logsift.input.records')[0]?.attributes.source, 'stdin');
    t.equal(receiver.latest('logsift.input.rejected_requests')[0]?.attributes.reason, 'busy');
    t.same({ ...receiver.latest('logsift.export.dropped')[0]?.attributes }, { signal: 'logs', reason: 'rejected' });
    t.equal(receiver.latest('logsift.pods.tracked')[0]?.value, 2);
    t.equal(receiver.latest('logsift.restart_loops.active')[0]?.value, 1);
    const depth = receiver.latest('logsift.queue.depth');
    t.equal(depth.find((p) => p.attributes.queue === 'ingest')?.value, 7);
    t.equal(depth.find((p) => p.attributes.queue === 'logs_export')?.value, 3);
    t.ok((receiver.latest('logsift.export.attempts').find((p) => p.attributes.signal === 'metrics')?.value ?? 0) >= 1, 'metrics exports are counted');
    await sink.stop();
  });
}

void t.test('evicted pods stop being reported', async (t) => {
  const receiver = new OtlpReceiver();
  await receiver.start();
  t.teardown(() => receiver.close());
  const { sink, setSnapshot } = setup(receiver, { prometheus: false });
  await sink.start();
  t.ok(await waitFor(() => receiver.metricRequests.length >= 1));
  setSnapshot(incidentSnapshot().filter((p) => p.pod.pod === PROD_POD));
  const seen = receiver.metricRequests.length;
  t.ok(await waitFor(() => receiver.metricRequests.length >= seen + 2));
  const last = receiver.metricRequests[receiver.metricRequests.length - 1];
  t.notOk(last.some((p) => podOf(p) === DEV_POD), 'no dev series after eviction');
  t.ok(last.some((p) => podOf(p) === PROD_POD && p.metric === 'logsift.lifecycle.events'), 'prod still reported');
  await sink.stop();
});

void t.test('delta temporality when asked', async (t) => {
  const receiver = new OtlpReceiver();
  await receiver.start();
  t.teardown(() => receiver.close());
  const { sink } = setup(receiver, { temporality: 'delta', prometheus: false });
  await sink.start();
  t.ok(await waitFor(() => receiver.metricRequests.length >= 2));
  await sink.stop();
  const kills = receiver.metricRequests.map((req) => req.find((p) => p.metric === 'logsift.lifecycle.events' && podOf(p) === DEV_POD && p.attributes.event === 'kill'));
  t.equal(kills[0]?.temporality, 1, 'delta');
  t.equal(kills[0]?.value, 20, 'first interval carries the whole count');
  t.equal(kills[1]?.value, 0, 'then only what is new');
  const bytes = receiver.metricRequests.map((req) => req.find((p) => p.metric === 'logsift.input.bytes'));
  t.equal(bytes[0]?.temporality, 1, 'SDK instruments follow the preference too');
});

void t.test('metrics outage: counts are cumulative, nothing is lost, one warning', async (t) => {
  const receiver = new OtlpReceiver();
  await receiver.start();
  t.teardown(() => receiver.close());
  receiver.respond = () => ({ status: 400 });
  const { sink, telemetry, lines } = setup(receiver, { prometheus: false });
  await sink.start();
  t.ok(await waitFor(() => receiver.requests.length >= 3), 'refused exports');
  telemetry.bytesIn.add('stdin', 1000);
  receiver.respond = () => ({ status: 200 });
  t.ok(await waitFor(() => receiver.metricRequests.length >= 1));
  t.equal(receiver.latest('logsift.input.bytes')[0]?.value, 194_684, 'the total includes what was counted during the outage');
  t.ok(telemetry.exportFailures.total() >= 3);
  t.equal(lines.filter((l) => l.msg === 'OTLP metrics export failing; retrying every interval').length, 1, 'warned once');
  await sink.stop();
});

void t.test('Prometheus endpoint: parses, carries the design §5 names', async (t) => {
  const { sink } = setup(undefined);
  await sink.start();
  t.teardown(() => sink.stop());
  const addr = sink.prometheusAddress;
  t.ok(addr, 'listening');
  t.equal(addr?.address, '127.0.0.1');
  const res = await fetch(`http://127.0.0.1:${addr?.port}/metrics`);
  t.equal(res.status, 200);
  const { samples, types } = parsePrometheusText(await res.text());
  const find = (name: string, labels: Record<string, string>) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const kill = find('logsift_lifecycle_events_total', { event: 'kill', k8s_pod_name: DEV_POD, k8s_namespace_name: 'dev', k8s_container_name: 'api' });
  t.equal(kill?.value, 20, 'logsift_lifecycle_events_total{event="kill",k8s_pod_name=...} = 20');
  t.equal(types.get('logsift_lifecycle_events_total') ?? types.get('logsift_lifecycle_events'), 'counter');
  t.equal(find('logsift_lifecycle_window_events', { event: 'boot', window: '1m', k8s_pod_name: DEV_POD })?.value, 4);
  t.equal(types.get('logsift_lifecycle_window_events'), 'gauge');
  t.equal(find('logsift_restart_loop_active', { k8s_pod_name: DEV_POD })?.value, 1);
  t.equal(find('logsift_restart_loop_active', { k8s_pod_name: PROD_POD })?.value, 0);
  t.equal(find('logsift_log_records_total', { relevance: 'noise', severity: 'WARN' })?.value, 176);
  for (const name of [
    'logsift_input_bytes_total',
    'logsift_input_records_total',
    'logsift_input_rejected_requests_total',
    'logsift_export_dropped_total',
    'logsift_queue_depth',
    'logsift_pods_tracked',
    'logsift_restart_loops_active',
  ]) {
    t.ok(samples.some((s) => s.name === name), name);
  }
  const notFound = await fetch(`http://127.0.0.1:${addr?.port}/other`);
  t.equal(notFound.status, 404);
  await notFound.text();
});

void t.test('a taken Prometheus port is an error log, not a crash', async (t) => {
  const first = setup(undefined);
  await first.sink.start();
  t.teardown(() => first.sink.stop());
  const port = first.sink.prometheusAddress!.port;
  const config = buildConfig({ export: { prometheus: { port } } });
  const { logger, lines } = captureLogger();
  const second = new MetricsSink({
    sources: { pods: fakePodStore(() => []), recordCounts: new RecordCounts(), telemetry: new SelfTelemetry() },
    prometheus: config.export.prometheus,
    resource: {},
    logger,
    exportQueueDepth: () => 0,
  });
  await second.start();
  t.equal(second.prometheusAddress, undefined);
  t.ok(lines.some((l) => l.code === 'LOGSIFT_ERR_PROMETHEUS_LISTEN'));
  await second.stop();
});

void t.test('lifecycle: stop is safe twice and without start', async (t) => {
  const { sink } = setup(undefined);
  await sink.stop();
  await sink.stop();
  t.pass();
});

// Issue 8.10: each tracked pod exported 32 series (8 events x total + 3 windows) after a single
// event. Now only the events a pod has had, plus its loop gauge.
t.test('a pod with one event exports that event only', async (t) => {
  const { PodStateStore } = await import('../../src/state/pod-state-store.js');
  const { PodMetricsProducer } = await import('../../src/sinks/pod-metrics-producer.js');
  const store = new PodStateStore({
    windows: [{ label: '1m', ms: 60_000 }, { label: '5m', ms: 300_000 }, { label: '15m', ms: 900_000 }],
    loop: { windowMs: 300_000, minRestarts: 3, quietPeriodMs: 600_000 },
    maxPods: 10,
    idleTimeoutMs: 1_800_000,
  });
  const now = Date.UTC(2026, 0, 1);
  store.observe({ namespace: 'dev', pod: 'one-boot', container: 'api' }, 'boot', now, now);
  const result = await new PodMetricsProducer(store, 'cumulative', () => now).collect();
  const metrics = result.resourceMetrics.scopeMetrics[0].metrics;
  const points = metrics.flatMap((m) => m.dataPoints.map((d) => [m.descriptor.name, d.attributes.event, d.attributes.window, d.value]));
  t.same(points, [
    ['logsift.lifecycle.events', 'boot', undefined, 1],
    ['logsift.lifecycle.window.events', 'boot', '1m', 1],
    ['logsift.lifecycle.window.events', 'boot', '5m', 1],
    ['logsift.lifecycle.window.events', 'boot', '15m', 1],
    ['logsift.restart_loop.active', undefined, undefined, 0],
  ]);
});
