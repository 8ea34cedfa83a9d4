import type { RecordSink } from '../../sinks/record-sink.js';
import type { ExportPolicyOptions } from '../../sinks/export-policy.js';
import type { PodSnapshot } from '../../state/pod-state-store.js';
import { mergeSnapshots } from '../../state/merge-snapshots.js';
import { mergeCheckpoints, splitCheckpoint } from '../../state/merge-checkpoints.js';
import type { PodStateCheckpoint } from '../../state/pod-state-checkpoint.js';
import type { RestoreSummary } from '../../storage/state-checkpointer.js';
import type { SelfTelemetry } from '../../telemetry/self-telemetry.js';
import { heapPressure } from '../../runtime/heap-pressure.js';
import { standaloneCap } from '../../runtime/memory-split.js';
import { IngestQueue } from '../ingest-queue.js';
import type { LiveSettings, ReconfigureResult } from '../live-settings.js';
import type { PipelineConfig } from '../pipeline-config.js';
import type { RecordCounts } from '../record-counts.js';
import type { ServicePipeline } from '../service-pipeline.js';
import { PodRouter } from './pod-router.js';
import type { WorkerOutputs } from './protocol.js';
import { WorkerFeeder } from './worker-feeder.js';
import { WorkerPool, type PoolLogger } from './worker-pool.js';

const TICK_MS = 250;
/**
 * In flight per worker: enough to keep it busy while the main thread decodes the next requests,
 * no more (two full batches; more, smaller ones when requests go to their worker as they are).
 */
const MAX_IN_FLIGHT = 8;
const BATCH_ENTRIES = 4096;
const MAX_IN_FLIGHT_ENTRIES = 2 * BATCH_ENTRIES;
const BATCH_CHARS = 4 * 1024 * 1024;
/** A source's packed batch this large goes to its worker as it is (a Fluent Bit request: ~1,000). */
const DIRECT_ENTRIES = 256;

export interface WorkerRunnerOptions {
  workers: number;
  config: PipelineConfig;
  live: LiveSettings;
  telemetry: SelfTelemetry;
  logger: PoolLogger;
  /** What the sinks need from the workers: JSON lines for stdout, the OTLP log export's records. */
  stdout: boolean;
  logs?: ExportPolicyOptions;
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number };
}

/**
 * `serve` with the pipeline in worker threads: the main thread keeps HTTP, stdin, scrapes and
 * exports; it drains the ingest queue into per-worker batches (routed by pod) while every worker
 * has room, and hands what the workers send back to the sinks. Entries posted to a worker still
 * count as queued (`depth`), so backpressure and the queue-depth metric see them until processed.
 */
export class WorkerPipelineRunner implements ServicePipeline {
  readonly name = 'pipeline';
  readonly queue: IngestQueue;
  private readonly pool: WorkerPool;
  private readonly feeder: WorkerFeeder;
  private readonly router: PodRouter;
  private timer?: NodeJS.Timeout;
  private scheduled = false;
  private running = false;
  private stopped = false;
  private readonly unsubscribe: () => void;
  private readonly logger: PoolLogger;
  /** The pods as the workers left them at stop: the final metrics export reads it afterwards. */
  private final?: PodSnapshot[];
  /** Likewise for the checkpoint written after the pipeline stopped. */
  private finalCheckpoint?: PodStateCheckpoint;
  private closed = false;
  /** The pods as the workers last reported them: what scrapes and metric exports read. */
  private recent?: PodSnapshot[];
  private refreshing?: Promise<void>;
  /** A batch or a tick's output came back since the last refresh started. */
  private stale = true;
  private lastRefresh = { startMs: 0, tookMs: 0 };

  constructor(
    opts: WorkerRunnerOptions,
    private readonly sinks: RecordSink[],
  ) {
    this.logger = opts.logger;
    const q = opts.config.queue;
    // Past half the heap, input waits (the queue's bytes are an estimate; the heap is not).
    this.queue = new IngestQueue({ maxRecords: q.maxRecords, maxBytes: standaloneCap(q.maxBytes), lowWatermark: q.lowWatermark, underPressure: heapPressure() });
    this.pool = new WorkerPool({
      workers: opts.workers,
      config: opts.config,
      live: opts.live,
      output: { kind: 'serve', stdout: opts.stdout, logs: opts.logs },
      telemetry: opts.telemetry,
      logger: opts.logger,
      resourceLimits: opts.resourceLimits,
      onOutput: (_w, out) => {
        this.stale = true;
        this.fanOut(out);
      },
      onDone: () => {
        this.stale = true;
        this.schedule();
      },
    });
    this.router = new PodRouter(opts.workers, opts.live.defaultPod);
    this.feeder = new WorkerFeeder(this.pool, this.router, { batchEntries: BATCH_ENTRIES, batchChars: BATCH_CHARS, maxInFlight: MAX_IN_FLIGHT, maxInFlightEntries: MAX_IN_FLIGHT_ENTRIES, directEntries: DIRECT_ENTRIES });
    this.unsubscribe = this.queue.onData(() => this.schedule());
  }

  get sinksSaturated(): boolean {
    for (const s of this.sinks) if (s.saturated) return true;
    return false;
  }

  get depth(): number {
    return this.queue.depth + this.pool.inFlightEntries;
  }

  get recordCounts(): RecordCounts {
    return this.pool.recordCounts;
  }

  get trackedPods(): number {
    return this.pool.pods;
  }

  get activeLoops(): number {
    return this.pool.activeLoops;
  }

  async snapshot(nowMs: number): Promise<PodSnapshot[]> {
    if (this.final !== undefined) return this.final;
    const replies = await this.pool.broadcast({ kind: 'snapshot', nowMs });
    return mergeSnapshots(replies.map((r) => (r.kind === 'snapshot' ? r.pods : [])));
  }

  /**
   * The pods for a scrape or a metrics export, never waiting behind busy workers: while they
   * have work (entries queued or in flight) it is the snapshot of the last refresh (every tick, at
   * most one in flight, spaced out while refreshes take long). Once everything accepted has been
   * processed, a batch done since the last refresh is asked for (idle workers answer at once), so
   * a scrape after the records came out counts them.
   */
  async recentSnapshot(_nowMs: number): Promise<PodSnapshot[]> {
    if (this.final !== undefined) return this.final;
    const idle = this.queue.depth === 0 && this.pool.inFlightEntries === 0;
    if (idle && this.stale) await this.refreshNow();
    else if (this.recent === undefined) await this.refreshAfter();
    return this.recent ?? [];
  }

  /**
   * A snapshot asked for now, beside any refresh already on its way: with nothing queued or in
   * flight, a request posted now has no batch ahead of it in the workers and is answered at once.
   * (Waiting for the refresh already on its way first, then asking again, let batches posted in
   * between get ahead of the second request: under load a scrape then waited seconds.) Workers
   * answer in the order they were asked, so an older refresh never lands after this one.
   */
  private async refreshNow(): Promise<void> {
    this.stale = false;
    try {
      this.recent = await this.snapshot(Date.now());
    } catch (err) {
      if (!this.closed) this.logger.error({ err: (err as Error).message }, 'pod state for metrics not refreshed');
    }
  }

  /** Asks the workers for their pods (one request at a time) and keeps the answer for scrapes. */
  private refresh(nowMs = Date.now()): Promise<void> {
    this.refreshing ??= (async () => {
      const started = Date.now();
      // Batches done from now on may be after the snapshot: they mark it stale again.
      this.stale = false;
      try {
        this.recent = await this.snapshot(nowMs);
      } catch (err) {
        // The pool logs a dead worker itself; scrapes keep the previous state meanwhile.
        if (!this.closed) this.logger.error({ err: (err as Error).message }, 'pod state for metrics not refreshed');
      } finally {
        this.lastRefresh = { startMs: started, tookMs: Date.now() - started };
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** A snapshot asked for after what came before (a flush, a restore, a batch): not one already on its way. */
  private async refreshAfter(): Promise<void> {
    await this.refreshing;
    await this.refresh();
  }

  /** Every worker's pods as one checkpoint. */
  async checkpoint(nowMs: number): Promise<PodStateCheckpoint> {
    if (this.finalCheckpoint !== undefined) return this.finalCheckpoint;
    // Rejected rather than left waiting: the checkpointer then keeps the previous file.
    if (this.closed) throw new Error('the pipeline workers stopped before their state was read');
    const replies = await this.pool.broadcast({ kind: 'checkpoint', nowMs });
    return mergeCheckpoints(replies.map((r) => (r.kind === 'checkpoint' ? r.data : unexpected(r.kind))));
  }

  /**
   * Each worker gets the pods it owns, so a pod's state is where its lines will go. Rejects (as
   * PodStateStore.restore throws) when a worker refuses the checkpoint.
   */
  async restore(data: unknown, nowMs: number): Promise<RestoreSummary> {
    const parts = splitCheckpoint(data, this.pool.size, (pod) => this.router.workerOf(pod));
    const replies = await Promise.all(parts.map((part, w) => this.pool.request(w, { kind: 'restore', data: part, nowMs })));
    const sum: RestoreSummary = { pods: 0, windows: true, skipped: 0 };
    for (const r of replies) {
      if (r.kind !== 'restore') unexpected(r.kind);
      sum.pods += r.result.pods;
      sum.skipped += r.result.skipped;
      sum.windows &&= r.result.windows;
    }
    await this.refreshAfter();
    return sum;
  }

  async start(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    this.timer = setInterval(() => {
      this.pool.tick();
      this.schedule();
      // A slow refresh (many pods, workers far behind) spaces the next ones out.
      const r = this.lastRefresh;
      if (Date.now() - r.startMs >= Math.max(TICK_MS, 4 * r.tookMs)) void this.refresh();
    }, TICK_MS);
    this.timer.unref();
    // The workers start now, not with the first request (their start-up would delay it), and
    // the first refresh gives scrapes a state to read.
    void this.refresh();
    this.schedule();
  }

  async flush(): Promise<void> {
    await this.drainAll();
    await this.pool.broadcast({ kind: 'flush' });
    await this.refreshAfter();
  }

  /** Refuses new input, processes everything accepted, flushes the workers and stops them. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.queue.close();
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe();
    try {
      await this.flush();
      const now = Date.now();
      this.final = await this.snapshot(now);
      this.finalCheckpoint = await this.checkpoint(now);
    } finally {
      this.running = false;
      this.final ??= [];
      this.closed = true;
      await this.pool.close();
    }
  }

  /** The same settings to every worker (and to any started later after a crash). */
  async reconfigure(live: LiveSettings): Promise<ReconfigureResult> {
    const replies = await this.pool.reconfigure(live);
    this.router.setDefaultPod(live.defaultPod);
    for (const r of replies) if (r.kind === 'reconfigure' && !r.result.ok) return r.result;
    const first = replies[0];
    return first?.kind === 'reconfigure' ? first.result : { ok: false, error: 'no pipeline worker answered' };
  }

  /** Hands the queue to the workers while they have room and no sink is saturated. */
  private schedule(): void {
    if (this.scheduled || !this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    let fed = false;
    while (this.feeder.ready && !this.sinksSaturated) {
      const batch = this.queue.takeAny();
      if (!batch) break;
      this.feeder.addBatch(batch);
      fed = true;
    }
    // Post what is packed now: a live service wants low latency more than full batches.
    if (fed) this.feeder.flush();
  }

  /** Everything queued, posted and processed (stop, flush): sinks may be saturated, workers still run. */
  private async drainAll(): Promise<void> {
    for (;;) {
      let batch = this.queue.takeAny();
      while (batch) {
        this.feeder.addBatch(batch);
        batch = this.feeder.ready ? this.queue.takeAny() : undefined;
      }
      this.feeder.flush();
      if (this.queue.depth === 0) break;
      await this.feeder.whenReady();
    }
    for (let w = 0; w < this.pool.size; w++) await this.pool.capacity(w, 1);
  }

  private fanOut(out: WorkerOutputs): void {
    for (const s of this.sinks) {
      if (out.lines !== undefined) s.writeJsonLines?.(out.lines);
      if (out.records !== undefined) s.writeSelected?.(out.records);
    }
  }
}

function unexpected(kind: string): never {
  throw new Error(`a pipeline worker answered ${kind}`);
}
