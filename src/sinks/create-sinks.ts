import type { Component } from '../component.js';
import type { Config } from '../config/schema.js';
import { parseDuration } from '../config/duration.js';
import type { RecordCounts } from '../pipeline/record-counts.js';
import type { PodSnapshot } from '../state/pod-state-store.js';
import type { Logger } from '../telemetry/logger.js';
import type { SelfTelemetry } from '../telemetry/self-telemetry.js';
import { MetricsSink } from './metrics-sink.js';
import { OtlpLogsSink } from './otlp-logs-sink.js';
import type { RecordSink } from './record-sink.js';
import { resolveExportSettings } from './resolve-otlp-settings.js';
import { StdoutSink } from './stdout-sink.js';
import { join } from 'node:path';
import { LogSpool } from '../storage/log-spool.js';

/**
 * Per-pod state at collection time: the PodStateStore itself, or pipeline workers answering by
 * message (hence the promise).
 */
export interface PodSnapshots {
  snapshot(nowMs: number): PodSnapshot[] | Promise<PodSnapshot[]>;
}

/** What the metrics exporters read at collection time. */
export interface MetricsSources {
  pods: PodSnapshots;
  recordCounts: RecordCounts;
  telemetry: SelfTelemetry;
}

export interface Sinks {
  /** Receive every tagged record. */
  records: RecordSink[];
  /** The OTLP log export, when configured (shutdown reports what it spooled or lost). */
  otlpLogs?: OtlpLogsSink;
  /** Everything with a lifecycle (record sinks included), in start order. */
  components: Component[];
}

/** Shares of `shutdown.deadline`: log delivery, then the final metrics export; the rest is slack for sources and the pipeline. */
const LOGS_SHARE_OF_DEADLINE = 0.6;
const METRICS_SHARE_OF_DEADLINE = 0.25;

/**
 * Builds the sinks `serve` runs with, from the config and the OTEL_* environment. Start order
 * is metrics, OTLP logs, stdout; the service stops them in reverse, so the final metrics export
 * carries what the log export did at shutdown.
 */
export function createSinks(
  config: Config,
  sources: MetricsSources,
  logger: Logger,
  stdout: NodeJS.WritableStream,
  env: Record<string, string | undefined> = process.env,
): Sinks {
  const settings = resolveExportSettings(config.export, env);
  for (const w of settings.warnings) logger.warn(w);
  const records: RecordSink[] = [];
  const components: Component[] = [];
  const e = config.export;
  const deadlineMs = parseDuration(config.shutdown.deadline);

  let otlpLogs: OtlpLogsSink | undefined;
  if (settings.logs) {
    otlpLogs = new OtlpLogsSink({
      settings: settings.logs,
      policy: {
        policy: e.logs.policy,
        noiseSampleIntervalMs: parseDuration(e.logs.noiseSampleInterval),
        maxTemplates: e.logs.maxTemplates,
      },
      queue: { highWatermark: e.logs.queue.highWatermark, lowWatermark: e.logs.queue.lowWatermark, whenFull: e.logs.queue.whenFull },
      retry: { initialBackoffMs: parseDuration(e.logs.retry.initialBackoff), maxBackoffMs: parseDuration(e.logs.retry.maxBackoff) },
      stopTimeoutMs: Math.floor(deadlineMs * LOGS_SHARE_OF_DEADLINE),
      telemetry: sources.telemetry,
      logger,
      spool: config.storage.path === undefined ? undefined : {
        spool: new LogSpool({ dir: join(config.storage.path, 'spool'), maxBytes: config.storage.spool.maxBytes, segmentBytes: config.storage.spool.segmentBytes }),
        syncIntervalMs: parseDuration(config.storage.spool.syncInterval),
      },
    });
  }

  if (settings.metrics || e.prometheus.enabled) {
    const logsQueue = otlpLogs?.queue;
    const metrics = new MetricsSink({
      sources,
      otlp: settings.metrics,
      prometheus: e.prometheus,
      resource: settings.resource,
      logger,
      exportQueueDepth: () => logsQueue?.depth ?? 0,
      stopTimeoutMs: Math.floor(deadlineMs * METRICS_SHARE_OF_DEADLINE),
    });
    components.push(metrics);
  }
  if (otlpLogs) {
    records.push(otlpLogs);
    components.push(otlpLogs);
  }
  if (e.stdout.enabled) {
    const s = new StdoutSink(stdout);
    records.push(s);
    components.push(s);
  }
  logger.info(
    {
      otlpMetrics: settings.metrics ? { url: settings.metrics.url, protocol: settings.metrics.protocol } : 'off',
      otlpLogs: settings.logs ? { url: settings.logs.url, protocol: settings.logs.protocol, policy: e.logs.policy } : 'off',
      prometheus: e.prometheus.enabled,
      stdout: e.stdout.enabled,
    },
    'exports',
  );
  return { records, components, otlpLogs };
}
