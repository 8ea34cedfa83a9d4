import { ValueType, type Attributes, type Meter, type Observable } from '@opentelemetry/api';
import type { RecordCounts } from '../pipeline/record-counts.js';
import type { KeyedCounter, SelfTelemetry } from '../telemetry/self-telemetry.js';

/** Instrument names, as design §5 and the dashboards know them. */
export const SELF_METRIC_NAMES = {
  logRecords: 'logsift.log.records',
  inputBytes: 'logsift.input.bytes',
  inputRecords: 'logsift.input.records',
  rejectedRequests: 'logsift.input.rejected_requests',
  invalidRecords: 'logsift.input.invalid_records',
  truncatedLines: 'logsift.input.truncated_lines',
  exportAttempts: 'logsift.export.attempts',
  exportFailures: 'logsift.export.failures',
  exportDropped: 'logsift.export.dropped',
  queueDepth: 'logsift.queue.depth',
  podsTracked: 'logsift.pods.tracked',
  loopsActive: 'logsift.restart_loops.active',
  // Prometheus's own names for the same facts (prometheus_config_last_reload_*), under logsift_.
  reloadSuccessful: 'logsift.config.last_reload_successful',
  reloadSuccessTime: 'logsift.config.last_reload_success_timestamp_seconds',
} as const;

/** Export counters are keyed `signal:reason` (or just `signal`). */
function exportAttributes(key: string): Attributes {
  const colon = key.indexOf(':');
  return colon < 0 ? { signal: key } : { signal: key.slice(0, colon), reason: key.slice(colon + 1) };
}

/**
 * Registers logsift's self-telemetry and `logsift.log.records` as observable instruments read
 * once per collection: the hot path only adds to plain numbers.
 */
export function registerSelfMetrics(meter: Meter, telemetry: SelfTelemetry, recordCounts: RecordCounts, exportQueueDepth: () => number): void {
  const counter = (name: string, description: string, unit = '1') =>
    meter.createObservableCounter(name, { description, unit, valueType: ValueType.INT });
  const gauge = (name: string, description: string) =>
    meter.createObservableGauge(name, { description, unit: '1', valueType: ValueType.INT });

  const logRecords = counter(SELF_METRIC_NAMES.logRecords, 'records out of the pipeline by relevance and severity', '{record}');
  const keyed: [Observable, KeyedCounter, (k: string) => Attributes][] = [
    [counter(SELF_METRIC_NAMES.inputBytes, 'bytes received by source', 'By'), telemetry.bytesIn, (k) => ({ source: k })],
    [counter(SELF_METRIC_NAMES.inputRecords, 'lines received by source', '{record}'), telemetry.recordsIn, (k) => ({ source: k })],
    [counter(SELF_METRIC_NAMES.rejectedRequests, 'input requests refused by reason', '{request}'), telemetry.rejectedRequests, (k) => ({ reason: k })],
    [counter(SELF_METRIC_NAMES.invalidRecords, 'records dropped from accepted batches by reason', '{record}'), telemetry.invalidRecords, (k) => ({ reason: k })],
    [counter(SELF_METRIC_NAMES.truncatedLines, 'lines truncated at pipeline.maxLineBytes', '{line}'), telemetry.truncatedLines, () => ({})],
    [counter(SELF_METRIC_NAMES.exportAttempts, 'export requests by signal', '{request}'), telemetry.exportAttempts, exportAttributes],
    [counter(SELF_METRIC_NAMES.exportFailures, 'failed export requests by signal and reason', '{request}'), telemetry.exportFailures, exportAttributes],
    [counter(SELF_METRIC_NAMES.exportDropped, 'records or batches given up by signal and reason', '{record}'), telemetry.exportDropped, exportAttributes],
  ];
  const queueDepth = gauge(SELF_METRIC_NAMES.queueDepth, 'entries waiting, by queue (ingest, logs_export)');
  const podsTracked = gauge(SELF_METRIC_NAMES.podsTracked, 'pods with lifecycle state');
  const loopsActive = gauge(SELF_METRIC_NAMES.loopsActive, 'pods with a restart loop declared');
  const reloadOk = gauge(SELF_METRIC_NAMES.reloadSuccessful, 'whether the last configuration reload succeeded (1) or was refused (0)');
  const reloadTime = meter.createObservableGauge(SELF_METRIC_NAMES.reloadSuccessTime, {
    description: 'when the configuration was last loaded successfully (start or reload), seconds since the epoch',
    unit: 's',
    valueType: ValueType.DOUBLE,
  });

  // Attribute objects for the fixed key sets are built once, not per collection.
  const attrCache = new Map<string, Attributes>();
  const attrsFor = (prefix: string, key: string, make: (k: string) => Attributes): Attributes => {
    const cacheKey = prefix + '\u0000' + key;
    let a = attrCache.get(cacheKey);
    if (!a) attrCache.set(cacheKey, (a = make(key)));
    return a;
  };
  const ingestAttrs = { queue: 'ingest' };
  const exportAttrs = { queue: 'logs_export' };

  meter.addBatchObservableCallback(
    (result) => {
      for (const e of recordCounts.entries()) {
        result.observe(logRecords, e.count, attrsFor('records', e.relevance + '\u0000' + e.severity, () => ({ relevance: e.relevance, severity: e.severity })));
      }
      keyed.forEach(([instrument, values, make], i) => {
        for (const [k, v] of values.entries()) result.observe(instrument, v, attrsFor(String(i), k, make));
      });
      result.observe(queueDepth, telemetry.queueDepth(), ingestAttrs);
      result.observe(queueDepth, exportQueueDepth(), exportAttrs);
      result.observe(podsTracked, telemetry.trackedPods());
      result.observe(loopsActive, telemetry.activeLoops());
      result.observe(reloadOk, telemetry.lastReloadSuccessful);
      result.observe(reloadTime, telemetry.lastReloadSuccessSeconds);
    },
    [logRecords, ...keyed.map(([i]) => i), queueDepth, podsTracked, loopsActive, reloadOk, reloadTime],
  );
}
