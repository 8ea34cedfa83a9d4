import type { RawEntry } from '../model/record.js';
import { unpackEntries, type PackedEntries } from './workers/packed-entries.js';

export interface IngestQueueOptions {
  maxRecords: number;
  maxBytes: number;
  /** Fraction of capacity below which a paused producer may resume. */
  lowWatermark: number;
  /**
   * True while memory is short (runtime/heap-pressure.ts): a queue holding anything refuses more,
   * as when full. An empty queue still takes a batch, so input always makes progress.
   */
  underPressure?: () => boolean;
}

interface Batch {
  entries: RawEntry[] | PackedEntries;
  count: number;
  bytes: number;
}

/**
 * What a queued entry costs in memory beyond its text: the RawEntry object (seven fields), its
 * slot in the batch array and the string's header. Counted so that a flood of short lines is
 * bounded by what it really holds, not by its characters alone.
 */
export const ENTRY_OVERHEAD_BYTES = 96;

/**
 * The bounded queue between sources (async edges) and the synchronous pipeline. A source
 * offers a whole batch and learns at once whether it was taken: HTTP answers 503 when not,
 * stdin pauses until `onResume` fires. A batch is all-or-nothing so a sender's retry never
 * duplicates part of it.
 */
export class IngestQueue {
  private readonly batches: Batch[] = [];
  private head = 0;
  private records = 0;
  private bytes = 0;
  private closed = false;
  private readonly resumeListeners = new Set<() => void>();
  private readonly dataListeners = new Set<() => void>();

  constructor(private readonly opts: IngestQueueOptions) {}

  get depth(): number {
    return this.records;
  }
  get depthBytes(): number {
    return this.bytes;
  }
  get isClosed(): boolean {
    return this.closed;
  }
  /** True when producers should stop (past capacity or closed). */
  get saturated(): boolean {
    return this.closed || this.records >= this.opts.maxRecords || this.bytes >= this.opts.maxBytes || (this.records > 0 && this.opts.underPressure?.() === true);
  }

  /**
   * Takes the batch whole or refuses it. An empty queue takes any batch, so a batch larger than
   * the capacity is not refused forever (its size is bounded by the source's own limits).
   * `textBytes`: the lines' text; the per-entry overhead is added here.
   */
  offer(entries: RawEntry[], textBytes: number): boolean {
    if (this.closed) return false;
    const bytes = textBytes + entries.length * ENTRY_OVERHEAD_BYTES;
    if (this.records !== 0 && !this.fits(entries.length, bytes)) return false;
    return this.push(entries, entries.length, bytes);
  }

  /**
   * A batch its source packed itself (packed-entries.ts), whole or refused like `offer`.
   * `bytes`: what it holds, all counted (EntryPacker.bytes).
   */
  offerPacked(batch: PackedEntries, bytes: number): boolean {
    if (this.closed) return false;
    if (this.records !== 0 && !this.fits(batch.count, bytes)) return false;
    return this.push(batch, batch.count, bytes);
  }

  private fits(records: number, bytes: number): boolean {
    return this.records + records <= this.opts.maxRecords && this.bytes + bytes <= this.opts.maxBytes && this.opts.underPressure?.() !== true;
  }

  private push(entries: RawEntry[] | PackedEntries, count: number, bytes: number): boolean {
    if (count === 0) return true;
    this.batches.push({ entries, count, bytes });
    this.records += count;
    this.bytes += bytes;
    for (const l of this.dataListeners) l();
    return true;
  }

  /** Removes and returns the oldest batch's entries (a packed batch is unpacked). */
  take(): RawEntry[] | undefined {
    const batch = this.takeAny();
    if (batch === undefined || Array.isArray(batch)) return batch;
    return unpackEntries(batch, [], (pod) => pod);
  }

  /** Removes and returns the oldest batch as it was offered: entries, or a packed batch. */
  takeAny(): RawEntry[] | PackedEntries | undefined {
    if (this.head >= this.batches.length) return undefined;
    const batch = this.batches[this.head];
    this.batches[this.head++] = undefined as unknown as Batch;
    if (this.head > 1024 && this.head * 2 > this.batches.length) {
      this.batches.splice(0, this.head);
      this.head = 0;
    }
    this.records -= batch.count;
    this.bytes -= batch.bytes;
    if (
      this.records <= this.opts.maxRecords * this.opts.lowWatermark &&
      this.bytes <= this.opts.maxBytes * this.opts.lowWatermark
    ) {
      for (const l of this.resumeListeners) l();
    }
    return batch.entries;
  }

  /** Called when the queue falls below its low watermark. */
  onResume(listener: () => void): () => void {
    this.resumeListeners.add(listener);
    return () => this.resumeListeners.delete(listener);
  }

  /** Called whenever a batch is offered and taken in. */
  onData(listener: () => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  /** Refuse new batches (shutdown); what is queued can still be taken. */
  close(): void {
    this.closed = true;
  }
}
