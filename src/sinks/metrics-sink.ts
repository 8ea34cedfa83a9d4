import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { Component } from '../component.js';
import type { Logger } from '../telemetry/logger.js';
import { CountingMetricExporter } from './counting-metric-exporter.js';
import type { MetricsSources } from './create-sinks.js';
import type { ExportConfig } from './export-config.js';
import { PodMetricsProducer } from './pod-metrics-producer.js';
import type { OtlpMetricsSettings } from './resolve-otlp-settings.js';
import { registerSelfMetrics } from './self-metrics.js';

export interface MetricsSinkOptions {
  sources: MetricsSources;
  otlp?: OtlpMetricsSettings;
  prometheus: ExportConfig['prometheus'];
  resource: Record<string, string>;
  logger: Logger;
  exportQueueDepth: () => number;
  /** Bound on the final export at stop (the SDK's own timeout is per attempt). */
  stopTimeoutMs?: number;
}

const require = createRequire(import.meta.url);

/**
 * The OTLP metric exporters, loaded only when an endpoint is configured: with their transformer
 * and protobuf code they were ~45 ms of every serve start, most of which export nothing over OTLP.
 */
function otlpMetricExporter(otlp: OtlpMetricsSettings): PushMetricExporter {
  const http = require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http');
  const temporality = {
    cumulative: http.AggregationTemporalityPreference.CUMULATIVE,
    delta: http.AggregationTemporalityPreference.DELTA,
    lowmemory: http.AggregationTemporalityPreference.LOWMEMORY,
  } as const;
  const options = {
    url: otlp.url,
    headers: otlp.headers,
    timeoutMillis: otlp.timeoutMs,
    compression: otlp.compression as never,
    temporalityPreference: temporality[otlp.temporality],
  };
  if (otlp.protocol === 'http/json') return new http.OTLPMetricExporter(options);
  const proto = require('@opentelemetry/exporter-metrics-otlp-proto') as typeof import('@opentelemetry/exporter-metrics-otlp-proto');
  return new proto.OTLPMetricExporter(options);
}

/**
 * OpenTelemetry metrics: one MeterProvider with an OTLP periodic reader (only when an endpoint
 * is configured) and a Prometheus reader behind our own HTTP server (so the address, port 0
 * included, is ours to report and close). Everything is read at collection time.
 */
export class MetricsSink implements Component {
  readonly name = 'metrics';
  private readonly provider: MeterProvider;
  private readonly prometheus?: PrometheusExporter;
  private server?: Server;
  private stopped = false;

  constructor(private readonly opts: MetricsSinkOptions) {
    const { sources, otlp, logger } = opts;
    const readers: MetricReader[] = [];
    if (otlp) {
      const inner = otlpMetricExporter(otlp);
      readers.push(
        new PeriodicExportingMetricReader({
          exporter: new CountingMetricExporter(inner, sources.telemetry, logger, otlp.url),
          exportIntervalMillis: otlp.intervalMs,
          exportTimeoutMillis: Math.min(otlp.timeoutMs, otlp.intervalMs),
          metricProducers: [new PodMetricsProducer(sources.pods, otlp.temporality === 'delta' ? 'delta' : 'cumulative')],
        }),
      );
    }
    if (opts.prometheus.enabled) {
      this.prometheus = new PrometheusExporter({
        preventServerStart: true,
        metricProducers: [new PodMetricsProducer(sources.pods, 'cumulative')],
      });
      readers.push(this.prometheus);
    }
    this.provider = new MeterProvider({ resource: resourceFromAttributes(opts.resource), readers });
    registerSelfMetrics(this.provider.getMeter('logsift'), sources.telemetry, sources.recordCounts, opts.exportQueueDepth);
  }

  /** Where the scrape endpoint listens (after start), for tests and the startup log. */
  get prometheusAddress(): AddressInfo | undefined {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a : undefined;
  }

  async start(): Promise<void> {
    if (!this.prometheus || this.server || this.stopped) return;
    const { host, port, path } = this.opts.prometheus;
    const exporter = this.prometheus;
    const server = createServer((req, res) => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      if ((q < 0 ? url : url.slice(0, q)) !== path || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.statusCode = 404;
        res.end('not found\n');
        return;
      }
      exporter.getMetricsRequestHandler(req, res);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port }, resolve);
      });
    } catch (err) {
      // Log processing matters more than the scrape endpoint: say so loudly and carry on.
      this.opts.logger.error(
        { code: 'LOGSIFT_ERR_PROMETHEUS_LISTEN', host, port, err: (err as Error).message },
        'cannot listen for Prometheus scrapes; the endpoint is off (OTLP export is unaffected)',
      );
      return;
    }
    this.server = server;
    this.opts.logger.info({ address: this.prometheusAddress, path }, 'Prometheus scrape endpoint listening');
  }

  /** Exports the current values to the OTLP endpoint now. */
  async flush(): Promise<void> {
    await this.provider.forceFlush();
  }

  /** A last OTLP export (so shutdown-time drops are reported), then close the scrape endpoint. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      await this.provider.shutdown({ timeoutMillis: this.opts.stopTimeoutMs ?? this.opts.otlp?.timeoutMs ?? 1000 });
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'final metrics export did not complete');
    }
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
