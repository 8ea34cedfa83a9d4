import { POD_METRIC_NAMES } from '../../../src/sinks/pod-metrics-producer.js';
import { SELF_METRIC_NAMES } from '../../../src/sinks/self-metrics.js';

/** Instruments that are gauges; every other one is a counter (its Prometheus name ends in _total). */
const GAUGES = new Set<string>([
  POD_METRIC_NAMES.windowEvents,
  POD_METRIC_NAMES.loopActive,
  SELF_METRIC_NAMES.queueDepth,
  SELF_METRIC_NAMES.podsTracked,
  SELF_METRIC_NAMES.loopsActive,
  SELF_METRIC_NAMES.reloadSuccessful,
  SELF_METRIC_NAMES.reloadSuccessTime,
]);

/** What Prometheus calls an OpenTelemetry instrument (design §5): dots become underscores, counters get _total. */
export function prometheusName(instrument: string): string {
  const base = instrument.replace(/[^a-zA-Z0-9_]/g, '_');
  return GAUGES.has(instrument) ? base : `${base}_total`;
}

/** Every series name logsift exports, from the instrument names in its source. */
export function exportedSeriesNames(): Set<string> {
  return new Set([...Object.values(POD_METRIC_NAMES), ...Object.values(SELF_METRIC_NAMES)].map(prometheusName));
}
