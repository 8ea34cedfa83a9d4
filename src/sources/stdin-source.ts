import type { Readable } from 'node:stream';
import type { Component } from '../component.js';
import type { IngestQueue } from '../pipeline/ingest-queue.js';
import type { SelfTelemetry } from '../telemetry/self-telemetry.js';
import { linesToEntries, readLineBatches, type LineBatchReader } from './line-batches.js';

/** Stdin is one stream for multi-line grouping; the pod comes from the pipeline's default. */
const STREAM_KEY = 'stdin';

/**
 * Lines from a pipe (`kubectl logs -f ... | logsift serve`). When the ingest queue is full the
 * batch is held and the stream paused; it resumes when the queue drains below its low watermark.
 */
export class StdinSource implements Component {
  readonly name = 'stdin';
  private reader?: LineBatchReader;
  private unsubscribe?: () => void;

  constructor(
    private readonly input: Readable,
    private readonly queue: IngestQueue,
    private readonly telemetry: SelfTelemetry,
    private readonly opts: { maxLineBytes: number },
  ) {}

  /** Resolves when stdin has ended and everything was queued. */
  get ended(): Promise<void> {
    return this.reader?.done ?? Promise.resolve();
  }

  async start(): Promise<void> {
    if (this.reader) return;
    this.reader = readLineBatches(this.input, {
      maxLineBytes: this.opts.maxLineBytes,
      onBatch: (lines, bytes) => {
        if (!this.queue.offer(linesToEntries(lines, undefined, STREAM_KEY), bytes)) return false;
        this.telemetry.bytesIn.add('stdin', bytes);
        this.telemetry.recordsIn.add('stdin', lines.length);
        return true;
      },
    });
    this.unsubscribe = this.queue.onResume(() => this.reader?.resume());
  }

  async flush(): Promise<void> {}

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.reader?.stop();
  }
}
