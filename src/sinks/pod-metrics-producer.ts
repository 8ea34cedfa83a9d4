import { ValueType, type Attributes } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type DataPoint,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { LIFECYCLE_EVENTS } from '../model/record.js';
import { podKey } from '../state/pod-key.js';
import type { PodSnapshot } from '../state/pod-state-store.js';
import type { PodSnapshots } from './create-sinks.js';
import { msToHrTime } from './record-json.js';

export const POD_METRIC_NAMES = {
  events: 'logsift.lifecycle.events',
  windowEvents: 'logsift.lifecycle.window.events',
  loopActive: 'logsift.restart_loop.active',
} as const;

const SCOPE = { name: 'logsift' };

function podAttributes(p: PodSnapshot): Attributes {
  return {
    'k8s.namespace.name': p.pod.namespace,
    'k8s.pod.name': p.pod.pod,
    'k8s.container.name': p.pod.container,
  };
}

/**
 * The per-pod instruments of design §5, built straight from `PodStateStore.snapshot()` at each
 * collection. Not SDK observable instruments: in cumulative mode the SDK keeps re-reporting
 * every attribute set it has ever seen, so evicted pods would never disappear (and the SDK's
 * per-instrument cardinality limit would fold pods into an overflow series). Here the series
 * are exactly the pods tracked now, bounded by `pipeline.pods.maxPods`, and per pod only the
 * events it has had (a series of zeros for every event kind of every pod says nothing).
 *
 * One producer per reader, since each reader has its own temporality and collection history.
 */
export class PodMetricsProducer implements MetricProducer {
  /** Start time (cumulative) or last total (delta) per series key, rebuilt each collection. */
  private starts = new Map<string, number>();
  private lastTotals = new Map<string, number>();
  private lastCollectionMs: number;

  constructor(
    private readonly pods: PodSnapshots,
    private readonly temporality: 'cumulative' | 'delta',
    private readonly clock: () => number = Date.now,
  ) {
    this.lastCollectionMs = this.clock();
  }

  async collect(): Promise<CollectionResult> {
    const nowMs = this.clock();
    const end = msToHrTime(nowMs);
    const snapshot = await this.pods.snapshot(nowMs);
    const totals: DataPoint<number>[] = [];
    const windows: DataPoint<number>[] = [];
    const loops: DataPoint<number>[] = [];
    const starts = new Map<string, number>();
    const lastTotals = new Map<string, number>();

    for (const p of snapshot) {
      const base = podAttributes(p);
      const series = podKey(p.pod);
      // A pod seen for the first time (or again after eviction) starts a new series.
      const start = this.starts.get(series) ?? nowMs;
      starts.set(series, start);
      for (const event of LIFECYCLE_EVENTS) {
        const total = p.totals[event] ?? 0;
        // Only events the pod has had: a pod that logged one boot is 4 series, not 32. Its window
        // gauges stay (at 0 once the event leaves the window) while the total is there.
        if (total === 0) continue;
        const attributes = { ...base, event };
        if (this.temporality === 'delta') {
          const key = series + '\u0000' + event;
          const last = this.lastTotals.get(key);
          lastTotals.set(key, total);
          const value = last === undefined || total < last ? total : total - last;
          const from = last === undefined ? start : this.lastCollectionMs;
          totals.push({ startTime: msToHrTime(from), endTime: end, attributes, value });
        } else {
          totals.push({ startTime: msToHrTime(start), endTime: end, attributes, value: total });
        }
        for (const w of p.windows) {
          windows.push({ startTime: end, endTime: end, attributes: { ...attributes, window: w.label }, value: w.counts[event] ?? 0 });
        }
      }
      loops.push({ startTime: end, endTime: end, attributes: base, value: p.loop.active ? 1 : 0 });
    }
    this.starts = starts;
    this.lastTotals = lastTotals;
    this.lastCollectionMs = nowMs;

    const metrics: MetricData[] = [];
    if (totals.length > 0) {
      metrics.push(
        {
          descriptor: {
            name: POD_METRIC_NAMES.events,
            description: 'lifecycle events seen per pod since it was first tracked',
            unit: '{event}',
            valueType: ValueType.INT,
          },
          aggregationTemporality: this.temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.SUM,
          isMonotonic: true,
          dataPoints: totals,
        },
        {
          descriptor: {
            name: POD_METRIC_NAMES.windowEvents,
            description: 'lifecycle events per pod in each sliding window',
            unit: '{event}',
            valueType: ValueType.INT,
          },
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.GAUGE,
          dataPoints: windows,
        },
        {
          descriptor: {
            name: POD_METRIC_NAMES.loopActive,
            description: '1 while a restart loop is declared for the pod',
            unit: '1',
            valueType: ValueType.INT,
          },
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.GAUGE,
          dataPoints: loops,
        },
      );
    }
    return {
      resourceMetrics: { resource: emptyResource(), scopeMetrics: metrics.length ? [{ scope: SCOPE, metrics }] : [] },
      errors: [],
    };
  }
}
