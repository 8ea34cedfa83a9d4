import type { LogRecord } from '../model/record.js';

export interface OtlpLogQueueOptions {
  maxRecords: number;
  /** Fractions of maxRecords: saturated from high until the depth falls to low. */
  highWatermark: number;
  lowWatermark: number;
  /** `drop`: records past maxRecords are refused; `block`: accepted (the caller pushes back on inputs). */
  whenFull: 'block' | 'drop';
}

/**
 * The bounded FIFO between the synchronous pipeline and the asynchronous exporter. `saturated`
 * has hysteresis so inputs pause at the high watermark and resume at the low one. In `block`
 * mode the overshoot past maxRecords is what the pipeline had already in hand when it paused
 * (one drain slice, or the ingest queue at shutdown), both bounded by their own limits.
 */
export class OtlpLogQueue {
  private items: LogRecord[] = [];
  private head = 0;
  /** Taken for sending but not yet delivered or given up; counts toward depth. */
  private inflightCount = 0;
  private isSaturated = false;
  private readonly high: number;
  private readonly low: number;

  constructor(private readonly opts: OtlpLogQueueOptions) {
    this.high = Math.max(1, Math.floor(opts.maxRecords * opts.highWatermark));
    this.low = Math.min(this.high - 1, Math.floor(opts.maxRecords * opts.lowWatermark));
  }

  /** Records waiting plus those being sent. */
  get depth(): number {
    return this.items.length - this.head + this.inflightCount;
  }

  get waiting(): number {
    return this.items.length - this.head;
  }

  get saturated(): boolean {
    return this.isSaturated;
  }

  /**
   * Appends; returns how many were refused (only in `drop` mode, past maxRecords). `force` takes
   * them all whatever the mode (records replayed from the spool, already accepted once).
   */
  push(records: LogRecord[], force = false): number {
    let room = records.length;
    if (this.opts.whenFull === 'drop' && !force) room = Math.max(0, Math.min(room, this.opts.maxRecords - this.depth));
    for (let i = 0; i < room; i++) this.items.push(records[i]);
    this.update();
    return records.length - room;
  }

  /** Removes up to n records for sending; they stay in `depth` until `settle`. */
  take(n: number): LogRecord[] {
    const end = Math.min(this.items.length, this.head + n);
    const out = this.items.slice(this.head, end);
    this.head = end;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.inflightCount += out.length;
    return out;
  }

  /** A taken batch was delivered or given up. */
  settle(n: number): void {
    this.inflightCount -= n;
    this.update();
  }

  /** Empties the waiting records (shutdown past the deadline); returns how many. */
  clear(): number {
    const n = this.waiting;
    this.items = [];
    this.head = 0;
    this.update();
    return n;
  }

  private update(): void {
    const d = this.depth;
    if (d >= this.high) this.isSaturated = true;
    else if (d <= this.low) this.isSaturated = false;
  }
}
