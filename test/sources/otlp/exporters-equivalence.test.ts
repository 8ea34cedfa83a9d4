import t from 'tap';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { credentials } from '@grpc/grpc-js';
import { OTLPLogExporter as GrpcExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { buildConfig } from '../../../src/config/load-config.js';
import { Service } from '../../../src/service/service.js';
import { DEFAULT_POD, analyzeVerdicts, asEmit, byPod, podResource, seedRecords, verdicts } from './incident.js';

/**
 * The seed incident sent by the real OpenTelemetry JS log exporters — OTLP/HTTP JSON and
 * protobuf, each plain and gzip, and OTLP/gRPC plain and gzip — one LoggerProvider per pod with
 * the pod as its resource, into a running Service: the same per-pod counts and loop verdicts as
 * `logsift analyze` on the file.
 */

const config = buildConfig({
  input: { http: { enabled: false }, otlp: { http: { port: 0 }, grpc: { port: 0 } } },
  export: { prometheus: { enabled: false } },
});

type Make = (service: Service) => LogRecordExporter;
const gzip = 'gzip' as CompressionAlgorithm;
const none = 'none' as CompressionAlgorithm;

const variants: Record<string, [Make, 'otlp_http' | 'otlp_grpc']> = {
  'http/json': [(s) => new JsonExporter({ url: s.otlp.httpAddress + '/v1/logs', compression: none }), 'otlp_http'],
  'http/json gzip': [(s) => new JsonExporter({ url: s.otlp.httpAddress + '/v1/logs', compression: gzip }), 'otlp_http'],
  'http/protobuf': [(s) => new ProtoExporter({ url: s.otlp.httpAddress + '/v1/logs', compression: none }), 'otlp_http'],
  'http/protobuf gzip': [(s) => new ProtoExporter({ url: s.otlp.httpAddress + '/v1/logs', compression: gzip }), 'otlp_http'],
  grpc: [(s) => new GrpcExporter({ url: 'http://' + s.otlp.grpcAddress, credentials: credentials.createInsecure(), compression: none }), 'otlp_grpc'],
  'grpc gzip': [(s) => new GrpcExporter({ url: 'http://' + s.otlp.grpcAddress, credentials: credentials.createInsecure(), compression: gzip }), 'otlp_grpc'],
};

void t.test('the real OTel JS exporters give the same counts and loop verdicts as analyze', async (t) => {
  const expected = await analyzeVerdicts(config);
  t.ok(expected['dev/api-7f9c6d5b8-x2x9k/api']?.loop.active, 'analyze declares the crashing pod in a loop');
  t.equal(expected['prod/api-7f9c6d5b8-k4p2q/api']?.loop.active, false, 'and not the healthy one');
  const pods = byPod(seedRecords);

  for (const [name, [make, source]] of Object.entries(variants)) {
    const service = new Service({ config, logger: pino({ level: 'silent' }), defaultPod: DEFAULT_POD, stdout: new Writable({ write: (_c, _e, cb) => cb() }) });
    await service.start();
    try {
      for (const records of pods.values()) {
        const exporter = make(service);
        const provider = new LoggerProvider({
          resource: resourceFromAttributes(podResource(records[0])),
          processors: [new BatchLogRecordProcessor({ exporter, maxExportBatchSize: 100, scheduledDelayMillis: 60_000 })],
        });
        const logger = provider.getLogger('seed-incident-replay', '1.0.0');
        for (const r of records) logger.emit(asEmit(r));
        await provider.forceFlush();
        await provider.shutdown();
      }
      t.equal(service.telemetry.recordsIn.get(source), seedRecords.length, `${name}: every record arrived`);
      t.equal(service.telemetry.rejectedRequests.total(), 0, `${name}: no request refused`);
      for (let i = 0; i < 1000 && service.runner.queue.depth > 0; i++) await new Promise((r) => setTimeout(r, 5));
      t.equal(service.runner.queue.depth, 0, 'queue drained');
      await service.runner.flush();
      t.same(verdicts(await service.runner.snapshot(Date.now())), expected, `${name}: same verdicts as analyze`);
    } finally {
      await service.stop();
    }
  }
});
