import type { LogRecord, RawEntry } from '../model/record.js';
import type { PodSnapshot } from '../state/pod-state-store.js';
import type { RecordSink } from '../sinks/record-sink.js';
import type { Logger } from '../telemetry/logger.js';
import { heapPressure } from '../runtime/heap-pressure.js';
import { standaloneCap } from '../runtime/memory-split.js';
import { IngestQueue } from './ingest-queue.js';
import type { LiveSettings, ReconfigureResult } from './live-settings.js';
import { Pipeline, type PipelineDeps } from './pipeline.js';
import type { RecordCounts } from './record-counts.js';
import type { ServicePipeline } from './service-pipeline.js';
import type { PodStateCheckpoint } from '../state/pod-state-checkpoint.js';
import type { RestoreSummary } from '../storage/state-checkpointer.js';

const TICK_MS = 250;
/**
 * Entries processed before yielding to the event loop, so HTTP and scrapes stay responsive under
 * load. A batch larger than this (a request may carry input.http.maxRecordsPerRequest records)
 * is processed a slice at a time too.
 */
export const SLICE_ENTRIES = 8192;

/**
 * Runs the synchronous pipeline for a live service: drains the ingest queue in slices, fans
 * records out to the sinks, pauses draining while any sink is saturated (so the queue fills and
 * sources push back), and ticks the pipeline for idle flushes and loop expiry.
 */
export class PipelineRunner implements ServicePipeline {
  readonly name = 'pipeline';
  readonly queue: IngestQueue;
  readonly pipeline: Pipeline;
  private timer?: NodeJS.Timeout;
  private scheduled = false;
  private running = false;
  private stopped = false;
  private readonly unsubscribe: () => void;
  /** The batch being processed a slice at a time, and how far. */
  private current?: RawEntry[];
  private offset = 0;

  private readonly telemetry: PipelineDeps['telemetry'];

  constructor(
    deps: PipelineDeps,
    private readonly sinks: RecordSink[],
    private readonly logger: Logger,
  ) {
    this.telemetry = deps.telemetry;
    const q = deps.config.queue;
    // Past half the heap, input waits (the queue's bytes are an estimate; the heap is not).
    this.queue = new IngestQueue({ maxRecords: q.maxRecords, maxBytes: standaloneCap(q.maxBytes), lowWatermark: q.lowWatermark, underPressure: heapPressure() });
    this.pipeline = new Pipeline(deps, (records) => this.fanOut(records));
    this.unsubscribe = this.queue.onData(() => this.schedule());
  }

  get sinksSaturated(): boolean {
    for (const s of this.sinks) if (s.saturated) return true;
    return false;
  }

  get depth(): number {
    return this.queue.depth + (this.current === undefined ? 0 : this.current.length - this.offset);
  }

  get recordCounts(): RecordCounts {
    return this.pipeline.recordCounts;
  }

  get trackedPods(): number {
    return this.pipeline.pods.size;
  }

  get activeLoops(): number {
    return this.pipeline.pods.activeLoops;
  }

  snapshot(nowMs: number): PodSnapshot[] {
    return this.pipeline.pods.snapshot(nowMs);
  }

  /** On the main thread the state is at hand: a scrape waits at most for the slice being processed. */
  recentSnapshot(nowMs: number): PodSnapshot[] {
    return this.snapshot(nowMs);
  }

  checkpoint(nowMs: number): PodStateCheckpoint {
    return this.pipeline.checkpoint(nowMs);
  }

  restore(data: unknown, nowMs: number): RestoreSummary {
    return this.pipeline.restore(data, nowMs);
  }

  async start(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    this.timer = setInterval(() => this.onTick(), TICK_MS);
    this.timer.unref();
    this.schedule();
  }

  async flush(): Promise<void> {
    this.drain(Infinity);
    this.pipeline.flush();
  }

  /** Refuses new input, then processes everything already accepted. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.queue.close();
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe();
    await this.flush();
    this.running = false;
  }

  /**
   * Applies reloaded settings between batches (the drain runs synchronously, so no batch is
   * half-processed when this runs). Plain data in and out: with pipelines in worker threads this
   * becomes one message per worker.
   */
  async reconfigure(live: LiveSettings): Promise<ReconfigureResult> {
    return this.pipeline.reconfigure(live);
  }

  private onTick(): void {
    try {
      this.pipeline.tick();
    } catch (err) {
      this.logger.error({ err }, 'pipeline tick failed');
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || !this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.sinksSaturated) return; // the tick re-checks
      if (this.drain(SLICE_ENTRIES) && this.depth > 0) this.schedule();
    });
  }

  /** Processes queued entries, about `limit` of them, a batch or a slice of one at a time; false when a sink filled up. */
  private drain(limit: number): boolean {
    let done = 0;
    while (done < limit) {
      let batch = this.current;
      if (batch === undefined) {
        batch = this.queue.take();
        if (!batch) break;
        this.current = batch;
        this.offset = 0;
      }
      const from = this.offset;
      const n = Math.min(batch.length - from, limit - done);
      const part = from === 0 && n === batch.length ? batch : batch.slice(from, from + n);
      this.offset = from + n;
      if (this.offset >= batch.length) this.current = undefined;
      done += n;
      try {
        this.pipeline.process(part);
      } catch (err) {
        // A bug on one batch must not take the service down; the slice is counted as lost.
        this.telemetry.invalidRecords.add('pipeline_error', part.length);
        this.logger.error({ err, entries: part.length }, 'pipeline failed on a batch');
      }
      if (limit !== Infinity && this.sinksSaturated) return false;
    }
    return true;
  }

  private fanOut(records: LogRecord[]): void {
    for (const s of this.sinks) s.write(records);
  }
}
