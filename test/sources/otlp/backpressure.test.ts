import t, { type Test } from 'tap';
import { pino } from 'pino';
import { OTLPLogExporter as JsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { buildConfig } from '../../../src/config/load-config.js';
import { createClassifier } from '../../../src/classify/create-classifier.js';
import { PipelineRunner } from '../../../src/pipeline/pipeline-runner.js';
import { RetryInfo, RpcStatus } from '../../../src/sources/otlp/otlp-logs-schema.js';
import { OtlpSource } from '../../../src/sources/otlp/otlp-source.js';
import { SelfTelemetry } from '../../../src/telemetry/self-telemetry.js';
import { SlowSink } from '../../helpers/slow-sink.js';
import { grpcExport, post, sdkRecords, startOtlp } from './support.js';

/**
 * A slow sink saturates, the pipeline stops draining, the ingest queue fills and the receiver
 * answers 429 with `Retry-After` (RESOURCE_EXHAUSTED with RetryInfo on gRPC). The real OTel JS
 * HTTP exporters retry on their own and every record arrives exactly once; a gRPC client with
 * a retry policy (what the Collector's exporters do) gets the same.
 */

const BATCHES = 30;
const PER_BATCH = 100;
const POD = { 'k8s.namespace.name': 'ns', 'k8s.pod.name': 'p', 'k8s.container.name': 'c' };

async function slowService() {
  const config = buildConfig({
    input: { otlp: { http: { port: 0 }, grpc: { port: 0 }, retryAfterSeconds: 1 } },
    pipeline: { queue: { maxRecords: 1000, maxBytes: 65_536 } },
  });
  const telemetry = new SelfTelemetry();
  const sink = new SlowSink();
  const logger = pino({ level: 'silent' });
  const runner = new PipelineRunner(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry, defaultPod: { namespace: 'x', pod: 'x', container: 'x' } },
    [sink],
    logger,
  );
  const source = new OtlpSource({ config: config.input.otlp, queue: runner.queue, telemetry, logger, env: {} });
  let maxDepth = 0;
  runner.queue.onData(() => (maxDepth = Math.max(maxDepth, runner.queue.depth)));
  await sink.start();
  await runner.start();
  await source.start();
  return {
    source,
    sink,
    telemetry,
    maxDepth: () => maxDepth,
    stop: async () => {
      await source.stop();
      await runner.stop();
      await sink.stop();
    },
  };
}

function batches() {
  return Array.from({ length: BATCHES }, (_, b) =>
    sdkRecords(POD, Array.from({ length: PER_BATCH }, (_, i) => ({ body: `record ${b * PER_BATCH + i} done` }))),
  );
}

function checkExactlyOnce(t: Test, delivered: string[]): void {
  const total = BATCHES * PER_BATCH;
  t.equal(delivered.length, total, 'every record delivered');
  const seen = new Set(delivered);
  t.equal(seen.size, total, 'none twice');
  for (let i = 0; i < total; i += 997) t.ok(seen.has(`record ${i} done`));
}

const exporters: Record<string, (url: string) => LogRecordExporter> = {
  'http/protobuf': (url) => new ProtoExporter({ url: url + '/v1/logs', timeoutMillis: 30_000 }),
  'http/json': (url) => new JsonExporter({ url: url + '/v1/logs', timeoutMillis: 30_000 }),
};

for (const [name, make] of Object.entries(exporters)) {
  void t.test(`${name}: the OTel exporter's own retry delivers everything exactly once`, async (t) => {
    const s = await slowService();
    const exporter = make(s.source.httpAddress!);
    const results = await Promise.all(
      batches().map((batch) => new Promise<number>((resolve) => exporter.export(batch, (r) => resolve(r.code)))),
    );
    await exporter.shutdown();
    await s.stop();
    t.ok(s.telemetry.rejectedRequests.get('busy') > 0, `pushed back ${s.telemetry.rejectedRequests.get('busy')} times with 429`);
    t.same([...new Set(results)], [0], 'every export succeeded in the end (ExportResultCode.SUCCESS)');
    checkExactlyOnce(t, s.sink.delivered);
    t.ok(s.maxDepth() <= 1000, `queue depth peaked at ${s.maxDepth()} (max 1000)`);
  });
}

void t.test('OTLP/gRPC: a client retrying RESOURCE_EXHAUSTED delivers everything exactly once', async (t) => {
  const s = await slowService();
  // What the Collector's otlp exporter does with RESOURCE_EXHAUSTED + RetryInfo, as a grpc-js retry policy.
  const serviceConfig = {
    methodConfig: [
      {
        name: [{ service: 'opentelemetry.proto.collector.logs.v1.LogsService' }],
        retryPolicy: { maxAttempts: 5, initialBackoff: '0.2s', maxBackoff: '1s', backoffMultiplier: 2, retryableStatusCodes: ['RESOURCE_EXHAUSTED', 'UNAVAILABLE'] },
      },
    ],
  };
  const pending = batches().map((b) => Buffer.from(ProtobufLogsSerializer.serializeRequest(b)!));
  for (let round = 0; pending.length > 0 && round < 50; round++) {
    const answers = await Promise.all(pending.map((body) => grpcExport(s.source.grpcAddress!, body, { serviceConfig })));
    for (let i = answers.length - 1; i >= 0; i--) {
      if (answers[i].code === 0) pending.splice(i, 1);
      else t.equal(answers[i].code, 8, 'only RESOURCE_EXHAUSTED while busy');
    }
  }
  await s.stop();
  t.equal(pending.length, 0, 'every request accepted');
  t.ok(s.telemetry.rejectedRequests.get('busy') > 0, `pushed back ${s.telemetry.rejectedRequests.get('busy')} times`);
  checkExactlyOnce(t, s.sink.delivered);
});

void t.test('the answers under backpressure: 429 / RESOURCE_EXHAUSTED, and 503 / UNAVAILABLE when stopping', async (t) => {
  const h = await startOtlp({ retryAfterSeconds: 7 }, { maxRecords: 100 });
  const body = Buffer.from(ProtobufLogsSerializer.serializeRequest(sdkRecords(POD, Array.from({ length: 150 }, () => ({ body: 'x' }))))!);
  t.equal((await post(h.url, 'application/x-protobuf', body, [], '/v1/logs')).status, 200, 'an empty queue takes any batch');
  const busy = await post(h.url, 'application/x-protobuf', body, [], '/v1/logs');
  t.equal(busy.status, 429);
  t.equal(busy.headers['retry-after'], '7');
  const g = await grpcExport(h.grpc, body);
  t.equal(g.code, 8, 'RESOURCE_EXHAUSTED');
  const status = RpcStatus.decode(g.statusDetails!) as unknown as { code: number; details: { typeUrl: string; value: Uint8Array }[] };
  t.equal(status.code, 8);
  t.equal(status.details[0].typeUrl, 'type.googleapis.com/google.rpc.RetryInfo');
  const retry = RetryInfo.decode(status.details[0].value) as unknown as { retryDelay: { seconds: { toNumber(): number } } };
  t.equal(retry.retryDelay.seconds.toNumber(), 7, 'RetryInfo carries the delay');
  // The pipeline closes its queue when the service stops: from then on, retry (elsewhere).
  h.queue.take();
  h.queue.close();
  const late = await post(h.url, 'application/x-protobuf', body, [], '/v1/logs');
  t.equal(late.status, 503, 'stopping: 503');
  t.equal(late.headers['retry-after'], '7');
  const lateGrpc = await grpcExport(h.grpc, body);
  t.equal(lateGrpc.code, 14, 'UNAVAILABLE');
  t.ok(lateGrpc.statusDetails, 'with RetryInfo');
  t.equal(h.telemetry.rejectedRequests.get('shutting_down'), 2);
  await h.source.stop();
});
