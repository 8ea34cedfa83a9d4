import { readFileSync, readdirSync } from 'node:fs';
import { pino } from 'pino';
import * as grpc from '@grpc/grpc-js';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { LogRecord as ApiLogRecord } from '@opentelemetry/api-logs';
import { buildConfig } from '../../../src/config/load-config.js';
import { IngestQueue, type IngestQueueOptions } from '../../../src/pipeline/ingest-queue.js';
import type { OtlpSourceConfig } from '../../../src/sources/otlp/otlp-config.js';
import { LOGS_SERVICE } from '../../../src/sources/otlp/otlp-grpc-receiver.js';
import { OtlpSource } from '../../../src/sources/otlp/otlp-source.js';
import { SelfTelemetry } from '../../../src/telemetry/self-telemetry.js';

export { drain, post, send } from '../http/support.js';

export const OTLP_FIXTURES = new URL('../../fixtures/otlp-logs-in/', import.meta.url);

/** The `input.otlp` section with defaults applied by the real validator; both ports 0. */
export function otlpConfig(overrides: Record<string, unknown> = {}): OtlpSourceConfig {
  const { http, grpc, ...rest } = overrides as { http?: object; grpc?: object };
  return buildConfig({ input: { otlp: { http: { port: 0, ...http }, grpc: { port: 0, ...grpc }, ...rest } } }).input.otlp;
}

export interface OtlpHarness {
  source: OtlpSource;
  queue: IngestQueue;
  telemetry: SelfTelemetry;
  /** `http://127.0.0.1:port` */
  url: string;
  /** `127.0.0.1:port` */
  grpc: string;
}

/** A real OtlpSource on 127.0.0.1:0 (both transports) in front of a real IngestQueue nothing drains. */
export async function startOtlp(
  overrides: Record<string, unknown> = {},
  queueOpts: Partial<IngestQueueOptions> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<OtlpHarness> {
  const queue = new IngestQueue({ maxRecords: 1_000_000, maxBytes: 256 * 1024 * 1024, lowWatermark: 0.5, ...queueOpts });
  const telemetry = new SelfTelemetry();
  const source = new OtlpSource({ config: otlpConfig(overrides), queue, telemetry, logger: pino({ level: 'silent' }), env });
  await source.start();
  return { source, queue, telemetry, url: source.httpAddress!, grpc: source.grpcAddress! };
}

/** Every captured request's stem (`<run>-<NN>`), in order. */
export function captureStems(): string[] {
  return readdirSync(OTLP_FIXTURES)
    .filter((f) => f.endsWith('.headers.json'))
    .map((f) => f.slice(0, -'.headers.json'.length))
    .sort();
}

export interface Capture {
  method: string;
  url: string;
  headers: [string, string][];
  body: Buffer;
}

export function capture(stem: string): Capture {
  const meta = JSON.parse(readFileSync(new URL(stem + '.headers.json', OTLP_FIXTURES), 'utf8')) as Omit<Capture, 'body'>;
  return { method: meta.method, url: meta.url, headers: meta.headers, body: readFileSync(new URL(stem + '.body', OTLP_FIXTURES)) };
}

/** The fixture's own decoded view (README: one entry per LogRecord in wire order). */
export interface DecodedRecord {
  resource: Record<string, unknown>;
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: unknown;
  attributes: Record<string, unknown>;
}

export function decodedCapture(stem: string): DecodedRecord[] {
  return JSON.parse(readFileSync(new URL(stem + '.decoded.json', OTLP_FIXTURES), 'utf8')) as DecodedRecord[];
}

/**
 * Log records as the OpenTelemetry JS SDK makes them (ReadableLogRecord), for the SDK's own
 * serialisers (`ProtobufLogsSerializer`, `JsonLogsSerializer`) to encode.
 */
export function sdkRecords(resource: Record<string, string>, emits: ApiLogRecord[]): ReadableLogRecord[] {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: resourceFromAttributes(resource), processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('logsift-test');
  for (const e of emits) logger.emit(e);
  return exporter.getFinishedLogRecords();
}

export interface GrpcAnswer {
  code: number;
  details: string;
  /** `grpc-status-details-bin`, when the server sent one. */
  statusDetails?: Buffer;
  response?: Buffer;
}

const ExportClient = grpc.makeGenericClientConstructor(LOGS_SERVICE, 'LogsService');

export interface GrpcExportOptions {
  compress?: boolean;
  authorization?: string;
  /** A grpc-js service config (e.g. a retryPolicy). */
  serviceConfig?: object;
}

/** One unary Export call with raw bytes, as the OTel exporters make it (grpc-js, no proto loading). */
export function grpcExport(address: string, body: Buffer, opts: GrpcExportOptions = {}): Promise<GrpcAnswer> {
  const options: grpc.ChannelOptions = {};
  if (opts.compress) options['grpc.default_compression_algorithm'] = 2; // gzip
  if (opts.serviceConfig) options['grpc.service_config'] = JSON.stringify(opts.serviceConfig);
  const client = new ExportClient(address, grpc.credentials.createInsecure(), options) as unknown as {
    Export(req: Buffer, md: grpc.Metadata, cb: (err: grpc.ServiceError | null, res?: Buffer) => void): void;
    close(): void;
  };
  const md = new grpc.Metadata();
  if (opts.authorization) md.set('authorization', opts.authorization);
  return new Promise((resolve) => {
    client.Export(body, md, (err, res) => {
      client.close();
      if (err) resolve({ code: err.code, details: err.details, statusDetails: err.metadata?.get('grpc-status-details-bin')[0] as Buffer | undefined });
      else resolve({ code: grpc.status.OK, details: '', response: res });
    });
  });
}
