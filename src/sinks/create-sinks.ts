import type { Component } from '../component.js';
import type { Config } from '../config/schema.js';
import type { RecordCounts } from '../pipeline/record-counts.js';
import type { PodStateStore } from '../state/pod-state-store.js';
import type { Logger } from '../telemetry/logger.js';
import type { SelfTelemetry } from '../telemetry/self-telemetry.js';
import type { RecordSink } from './record-sink.js';
import { StdoutSink } from './stdout-sink.js';

/** What the metrics exporters read at collection time. */
export interface MetricsSources {
  pods: PodStateStore;
  recordCounts: RecordCounts;
  telemetry: SelfTelemetry;
}

export interface Sinks {
  /** Receive every tagged record. */
  records: RecordSink[];
  /** Everything with a lifecycle (record sinks included), in start order. */
  components: Component[];
}

/** Builds the sinks `serve` runs with, from the config and the OTEL_* environment. */
export function createSinks(config: Config, _sources: MetricsSources, _logger: Logger, stdout: NodeJS.WritableStream): Sinks {
  const records: RecordSink[] = [];
  if (config.export.stdout.enabled) records.push(new StdoutSink(stdout));
  return { records, components: [...records] };
}
