/**
 * logsift's own counters, catalogued in one place. Hot paths add to plain numbers; the metrics
 * sink reads them at collection time (observable instruments), so counting costs no allocation.
 * Every attribute value here comes from a small fixed set (source names, reasons), never from input.
 */

/** A counter keyed by one low-cardinality attribute value. */
export class KeyedCounter {
  private readonly values = new Map<string, number>();
  add(key: string, n = 1): void {
    this.values.set(key, (this.values.get(key) ?? 0) + n);
  }
  get(key: string): number {
    return this.values.get(key) ?? 0;
  }
  total(): number {
    let t = 0;
    for (const v of this.values.values()) t += v;
    return t;
  }
  entries(): IterableIterator<[string, number]> {
    return this.values.entries();
  }
}

export class SelfTelemetry {
  /** bytes received, by source (`http`, `stdin`, `file`) — `logsift.input.bytes` */
  readonly bytesIn = new KeyedCounter();
  /** lines/records received, by source — `logsift.input.records` */
  readonly recordsIn = new KeyedCounter();
  /** HTTP requests refused, by reason (`unauthorized`, `too_large`, `unsupported_media`, `malformed`, `busy`, `shutting_down`) — `logsift.input.rejected_requests` */
  readonly rejectedRequests = new KeyedCounter();
  /** records dropped from an accepted batch, by reason (`invalid_record`, `no_message`, ...) — `logsift.input.invalid_records` */
  readonly invalidRecords = new KeyedCounter();
  /** lines truncated at pipeline.maxLineBytes — `logsift.input.truncated_lines` */
  readonly truncatedLines = new KeyedCounter();
  /** export attempts / failures / drops by `signal:reason` — `logsift.export.*` */
  readonly exportAttempts = new KeyedCounter();
  readonly exportFailures = new KeyedCounter();
  readonly exportDropped = new KeyedCounter();
  /** Last config reload: 1 applied, 0 refused (`logsift.config.last_reload_successful`), and when the last one succeeded (start counts). */
  lastReloadSuccessful = 1;
  lastReloadSuccessSeconds = Date.now() / 1000;
  /** Gauges read at collection time; set by whoever owns the value. */
  queueDepth: () => number = () => 0;
  trackedPods: () => number = () => 0;
  activeLoops: () => number = () => 0;
}
