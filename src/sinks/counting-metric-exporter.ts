import type { InstrumentType, PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { Logger } from '../telemetry/logger.js';
import type { SelfTelemetry } from '../telemetry/self-telemetry.js';

type ResultCallback = Parameters<PushMetricExporter['export']>[1];
type ExportResult = Parameters<ResultCallback>[0];

/**
 * Wraps the OTLP metric exporter to count attempts and failures, and to log an outage once
 * when it starts and once when it ends (the SDK's own retry handles 429/502/503/504; counts are
 * cumulative, so a failed export loses nothing: the next one carries the totals).
 */
export class CountingMetricExporter implements PushMetricExporter {
  private failing = false;

  constructor(
    private readonly inner: PushMetricExporter,
    private readonly telemetry: SelfTelemetry,
    private readonly logger: Logger,
    private readonly url: string,
  ) {}

  export(metrics: ResourceMetrics, resultCallback: ResultCallback): void {
    this.telemetry.exportAttempts.add('metrics');
    this.inner.export(metrics, (result: ExportResult) => {
      if (result.code === 0) {
        if (this.failing) this.logger.info({ url: this.url }, 'OTLP metrics export recovered');
        this.failing = false;
      } else {
        this.telemetry.exportFailures.add('metrics:' + failureReason(result.error));
        if (!this.failing) {
          this.logger.warn({ url: this.url, err: result.error?.message }, 'OTLP metrics export failing; retrying every interval');
        }
        this.failing = true;
      }
      resultCallback(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  selectAggregationTemporality(instrumentType: InstrumentType) {
    return this.inner.selectAggregationTemporality!(instrumentType);
  }
}

/** A small fixed set, never the message itself (which may carry input data). */
function failureReason(err: Error | undefined): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number') return code === 429 || code >= 500 ? 'retryable' : 'rejected';
  if (err?.name === 'TimeoutError' || /timeout/i.test(err?.message ?? '')) return 'timeout';
  return 'unavailable';
}
