import { Type, type Static } from '@sinclair/typebox';
import { Duration, DURATION_PATTERN } from '../config/duration.js';

const section = { default: {}, additionalProperties: false } as const;

const PROTOCOLS = [Type.Literal('http/protobuf'), Type.Literal('http/json')];
const COMPRESSIONS = [Type.Literal('none'), Type.Literal('gzip')];

const Protocol = Type.Union(PROTOCOLS, {
  description: 'OTLP encoding (OTEL_EXPORTER_OTLP_PROTOCOL); grpc is not supported',
});
const Compression = Type.Union(COMPRESSIONS, {
  description: 'request body compression (OTEL_EXPORTER_OTLP_COMPRESSION)',
});
const Headers = Type.Record(Type.String(), Type.String(), {
  description: 'extra request headers (OTEL_EXPORTER_OTLP_HEADERS), merged with the environment, which wins per key',
});

/** Per-signal overrides: anything unset falls back to `export.otlp.*`. */
const signalOverrides = (signal: 'metrics' | 'logs') => ({
  endpoint: Type.Optional(
    Type.String({ description: `full URL for ${signal} (OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT), used as is` }),
  ),
  protocol: Type.Optional(Protocol),
  headers: Type.Optional(Headers),
  timeout: Type.Optional(Type.String({ pattern: DURATION_PATTERN, description: 'request timeout' })),
  compression: Type.Optional(Compression),
});

export const ExportConfigSchema = Type.Object(
  {
    stdout: Type.Object(
      { enabled: Type.Boolean({ default: false, description: 'write enriched records as JSON lines on stdout in `serve`' }) },
      section,
    ),
    prometheus: Type.Object(
      {
        enabled: Type.Boolean({ default: true, description: 'serve the metrics for Prometheus to scrape' }),
        host: Type.String({ default: '127.0.0.1', description: 'listen address of the scrape endpoint' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 9464, description: 'listen port of the scrape endpoint (0: any free port)' }),
        path: Type.String({ default: '/metrics', pattern: '^/', description: 'path of the scrape endpoint' }),
      },
      section,
    ),
    resource: Type.Object(
      {
        serviceName: Type.String({ default: 'logsift', description: 'service.name of logsift\'s own metrics (OTEL_SERVICE_NAME wins)' }),
        attributes: Type.Record(Type.String(), Type.String(), {
          default: {},
          description: 'more resource attributes of logsift\'s own metrics (OTEL_RESOURCE_ATTRIBUTES wins per key)',
        }),
      },
      section,
    ),
    otlp: Type.Object(
      {
        endpoint: Type.Optional(
          Type.String({ description: 'base URL (OTEL_EXPORTER_OTLP_ENDPOINT); /v1/metrics and /v1/logs are appended. Unset: no OTLP export' }),
        ),
        protocol: Type.Union(PROTOCOLS, {
          default: 'http/protobuf',
          description: 'OTLP encoding (OTEL_EXPORTER_OTLP_PROTOCOL)',
        }),
        headers: Type.Record(Type.String(), Type.String(), { default: {}, description: Headers.description }),
        timeout: Duration('10s', 'request timeout (OTEL_EXPORTER_OTLP_TIMEOUT)'),
        compression: Type.Union(COMPRESSIONS, { default: 'none', description: Compression.description }),
        metrics: Type.Object(
          {
            ...signalOverrides('metrics'),
            interval: Duration('60s', 'metrics export interval (OTEL_METRIC_EXPORT_INTERVAL)'),
            temporality: Type.Union([Type.Literal('cumulative'), Type.Literal('delta'), Type.Literal('lowmemory')], {
              default: 'cumulative',
              description: 'aggregation temporality of exported sums (OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE)',
            }),
          },
          section,
        ),
        logs: Type.Object(signalOverrides('logs'), section),
      },
      section,
    ),
    logs: Type.Object(
      {
        enabled: Type.Boolean({ default: true, description: 'export enriched records over OTLP when an endpoint is configured' }),
        policy: Type.Union([Type.Literal('default'), Type.Literal('signals'), Type.Literal('all')], {
          default: 'default',
          description: '`default`: signal, context and synthesized records plus sampled noise; `signals`: signal and synthesized only; `all`: everything',
        }),
        noiseSampleInterval: Duration('1m', 'one noise record per template per interval (event time) is exported, carrying logsift.suppressed_count'),
        maxTemplates: Type.Integer({ minimum: 1, default: 10_000, description: 'noise templates remembered for sampling (LRU)' }),
        queue: Type.Object(
          {
            maxRecords: Type.Integer({ minimum: 10, default: 20_000, description: 'export queue capacity in records (OTEL_BLRP_MAX_QUEUE_SIZE)' }),
            highWatermark: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.8, description: 'fraction of capacity at which inputs are pushed back' }),
            lowWatermark: Type.Number({ minimum: 0, exclusiveMaximum: 1, default: 0.5, description: 'fraction of capacity at which inputs resume' }),
            whenFull: Type.Union([Type.Literal('block'), Type.Literal('drop')], {
              default: 'block',
              description: '`block`: push back on inputs and never drop; `drop`: records past capacity are dropped (counted, reason queue_full)',
            }),
          },
          section,
        ),
        batch: Type.Object(
          {
            maxRecords: Type.Integer({ minimum: 1, default: 2048, description: 'records per request at most (OTEL_BLRP_MAX_EXPORT_BATCH_SIZE)' }),
            interval: Duration('1s', 'a partial batch is sent after this long (OTEL_BLRP_SCHEDULE_DELAY)'),
          },
          section,
        ),
        retry: Type.Object(
          {
            initialBackoff: Duration('500ms', 'first retry delay; doubles per attempt, with jitter'),
            maxBackoff: Duration('30s', 'retry delay at most (a longer Retry-After is honoured up to this)'),
          },
          section,
        ),
      },
      section,
    ),
  },
  section,
);

export type ExportConfig = Static<typeof ExportConfigSchema>;
