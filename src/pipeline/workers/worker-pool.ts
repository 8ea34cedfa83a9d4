import { Worker } from 'node:worker_threads';
import type { SelfTelemetry } from '../../telemetry/self-telemetry.js';
import type { LiveSettings } from '../live-settings.js';
import { RecordCounts } from '../record-counts.js';
import { transferables, type PackedEntries } from './packed-entries.js';
import type { FromWorker, WorkerGauges, WorkerOutput, WorkerOutputs, WorkerReply, WorkerRequest, WorkerSetup } from './protocol.js';
import type { PipelineConfig } from '../pipeline-config.js';

/** The worker script next to this module (`.ts` when the sources run directly, as in tests). */
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './pipeline-worker.ts' : './pipeline-worker.js', import.meta.url);

/** What the pool logs through (pino's signature; the CLI passes a stderr writer). */
export interface PoolLogger {
  error(obj: object, msg: string): void;
}

export interface WorkerPoolOptions {
  workers: number;
  config: PipelineConfig;
  live: LiveSettings;
  output: WorkerOutput;
  telemetry: SelfTelemetry;
  logger: PoolLogger;
  /** What a worker made (a batch's records, a tick's, the final flush's), in order per worker. */
  onOutput?: (worker: number, out: WorkerOutputs) => void;
  /** A batch was processed (or lost): its entries left the pipeline. */
  onDone?: (worker: number, entries: number) => void;
  /** V8 heap limits per worker (see heap-limits.ts); undefined: Node's defaults. */
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number };
  /** A worker still on one batch after this long is replaced (the batch lost). Default 60 s. */
  stallMs?: number;
}

interface Pending {
  resolve: (reply: WorkerReply) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Batches posted and not yet done, with their entry counts. */
  batches: Map<number, number>;
  /** The sum of those counts. */
  entries: number;
  /** When the oldest batch in flight was posted (0: none). */
  busySince: number;
  /** Why it is being replaced, when the pool ended it. */
  ending?: string;
  requests: Map<number, Pending>;
  gauges?: WorkerGauges;
  /** Resolvers waiting for this worker to have fewer batches in flight. */
  waiters: (() => void)[];
  generation: number;
}

/**
 * The main thread's side of the pipeline workers: starts them, posts batches, tracks what is in
 * flight, answers requests, and sums the counters the metrics read. A worker that throws on a
 * batch reports it lost and carries on; a worker that dies is replaced at once by a fresh one
 * (its pods start over: their windows, totals and loop state are gone) and whatever it had in
 * flight is counted lost, so nothing waits on it forever.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private live: LiveSettings;
  private closing = false;
  /** Record counts of workers that died (a counter must not go back when one is replaced). */
  private readonly deadCounts: Float64Array[] = [];
  readonly recordCounts = new RecordCounts();
  /** Batches lost to a dead or failing worker. */
  lostBatches = 0;
  restarts = 0;

  private watchdog?: NodeJS.Timeout;

  constructor(private readonly opts: WorkerPoolOptions) {
    this.live = opts.live;
  }

  /**
   * Replaces a worker now: whatever it had in flight is counted lost and its pods start over.
   * The watchdog does this to a worker stuck on one batch, so nothing waits on it forever.
   */
  replace(worker: number, reason: string): void {
    const s = this.slots[worker];
    if (s === undefined || s.ending !== undefined) return;
    s.ending = reason;
    void s.worker.terminate();
  }

  private watch(): void {
    const stallMs = this.opts.stallMs ?? 60_000;
    this.watchdog = setInterval(() => {
      const now = Date.now();
      this.slots.forEach((s, i) => {
        if (s.busySince > 0 && now - s.busySince > stallMs) this.replace(i, `no batch finished in ${Math.round(stallMs / 1000)} s`);
      });
    }, Math.max(10, Math.floor(stallMs / 4)));
    this.watchdog.unref();
  }

  get size(): number {
    return this.opts.workers;
  }

  /** Workers start on first use, so a pipeline built but never run starts no thread. */
  private slot(worker: number): Slot {
    if (this.slots.length === 0) {
      for (let i = 0; i < this.opts.workers; i++) this.slots.push(this.spawn(i, 0));
      this.watch();
    }
    return this.slots[worker];
  }

  /**
   * A worker keeps the process alive only while it has work in flight: an idle pool never holds
   * up a finished command or a stopped service, and a busy one is never abandoned mid-batch.
   */
  private busy(s: Slot): void {
    if (s.batches.size + s.requests.size === 1) s.worker.ref();
  }

  private idle(s: Slot): void {
    if (s.batches.size + s.requests.size === 0) s.worker.unref();
  }

  /** Entries posted and not yet processed, over all workers. */
  get inFlightEntries(): number {
    let n = 0;
    for (const s of this.slots) for (const c of s.batches.values()) n += c;
    return n;
  }

  inFlightBatches(worker: number): number {
    return this.slots[worker]?.batches.size ?? 0;
  }

  /** Entries posted to `worker` and not yet processed. */
  inFlightEntriesOf(worker: number): number {
    return this.slots[worker]?.entries ?? 0;
  }

  /** True when `worker` has fewer than `max` batches and `maxEntries` entries in flight. */
  hasCapacity(worker: number, max: number, maxEntries = Infinity): boolean {
    const s = this.slots[worker];
    return s === undefined || (s.batches.size < max && s.entries < maxEntries);
  }

  /** Resolves once `worker` has fewer than `max` batches (and `maxEntries` entries) in flight. */
  async capacity(worker: number, max: number, maxEntries = Infinity): Promise<void> {
    while (!this.hasCapacity(worker, max, maxEntries)) {
      const s = this.slots[worker];
      await new Promise<void>((resolve) => s.waiters.push(resolve));
    }
  }

  /** Pods tracked and loops active, as last reported. */
  get pods(): number {
    let n = 0;
    for (const s of this.slots) n += s.gauges?.pods ?? 0;
    return n;
  }

  get activeLoops(): number {
    let n = 0;
    for (const s of this.slots) n += s.gauges?.activeLoops ?? 0;
    return n;
  }

  submit(worker: number, batch: PackedEntries): void {
    const s = this.slot(worker);
    const id = this.nextId++;
    s.batches.set(id, batch.count);
    s.entries += batch.count;
    if (s.busySince === 0) s.busySince = Date.now();
    this.busy(s);
    s.worker.postMessage({ type: 'batch', id, batch }, transferables(batch));
  }

  tick(): void {
    for (const s of this.slots) s.worker.postMessage({ type: 'tick' });
  }

  request(worker: number, request: WorkerRequest): Promise<WorkerReply> {
    const s = this.slot(worker);
    const id = this.nextId++;
    return new Promise<WorkerReply>((resolve, reject) => {
      s.requests.set(id, { resolve, reject });
      this.busy(s);
      s.worker.postMessage({ type: 'request', id, request });
    });
  }

  /** The same request to every worker; replies in worker order. */
  broadcast(request: WorkerRequest): Promise<WorkerReply[]> {
    return this.everyWorker((i) => this.request(i, request));
  }

  /**
   * New settings for every worker, and for the ones started after a crash. A worker that dies
   * before it answers (its heap ran out while it compiled the packs beside the running ones, say)
   * is replaced from these settings; the answer is its replacement's, so the reload neither fails
   * for a worker that now runs the new packs nor succeeds for one that cannot compile them.
   */
  async reconfigure(live: LiveSettings): Promise<WorkerReply[]> {
    this.live = live;
    const request: WorkerRequest = { kind: 'reconfigure', live };
    return this.everyWorker((i) =>
      this.request(i, request).catch((err: unknown) => {
        if (this.closing) throw err;
        return this.request(i, request);
      }),
    );
  }

  /** One answer per worker, in worker order. */
  private everyWorker(ask: (worker: number) => Promise<WorkerReply>): Promise<WorkerReply[]> {
    return Promise.all(Array.from({ length: this.opts.workers }, (_, i) => ask(i)));
  }

  /** Stops every worker (after a flush, when the output matters). */
  async close(): Promise<void> {
    this.closing = true;
    if (this.watchdog) clearInterval(this.watchdog);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(index: number, generation: number): Slot {
    const setup: WorkerSetup = { index, config: this.opts.config, live: this.live, output: this.opts.output };
    const worker = new Worker(WORKER_URL, { workerData: setup, resourceLimits: this.opts.resourceLimits, stdout: false, stderr: false });
    const slot: Slot = { worker, batches: new Map(), entries: 0, busySince: 0, requests: new Map(), waiters: [], generation };
    worker.on('message', (m: FromWorker) => this.onMessage(slot, index, m));
    worker.on('error', (err) => this.onDeath(slot, index, err));
    worker.on('exit', (code) => this.onDeath(slot, index, new Error(slot.ending ?? `pipeline worker exited with code ${code}`)));
    worker.unref();
    return slot;
  }

  private onMessage(slot: Slot, index: number, m: FromWorker): void {
    if (m.type === 'reply') {
      const p = slot.requests.get(m.id);
      slot.requests.delete(m.id);
      this.idle(slot);
      if (m.error !== undefined || m.reply === undefined) p?.reject(new Error(`pipeline worker ${index}: ${m.error ?? 'no reply'}`));
      else p?.resolve(m.reply);
      return;
    }
    this.noteGauges(slot, m);
    if (m.type === 'output' && m.error !== undefined) this.opts.logger.error({ worker: index, err: m.error }, 'pipeline tick failed');
    if (m.lines !== undefined || m.records !== undefined) this.opts.onOutput?.(index, { lines: m.lines, records: m.records });
    if (m.type === 'done') {
      slot.entries -= slot.batches.get(m.id) ?? 0;
      slot.batches.delete(m.id);
      // The next batch in flight has been waiting since now at the latest.
      slot.busySince = slot.batches.size > 0 ? Date.now() : 0;
      this.idle(slot);
      if (m.lost > 0) {
        // A bug on one batch must not take the service down; the batch is counted as lost.
        this.lostBatches++;
        this.opts.telemetry.invalidRecords.add('pipeline_error', m.lost);
        this.opts.logger.error({ worker: index, entries: m.lost, err: m.error }, 'pipeline failed on a batch');
      }
      this.opts.onDone?.(index, m.entries);
      this.release(slot);
    }
  }

  private noteGauges(slot: Slot, g: WorkerGauges): void {
    const before = slot.gauges?.truncatedLines ?? 0;
    if (g.truncatedLines > before) this.opts.telemetry.truncatedLines.add('line', g.truncatedLines - before);
    slot.gauges = { recordCounts: g.recordCounts, pods: g.pods, activeLoops: g.activeLoops, truncatedLines: g.truncatedLines };
    this.recordCounts.setSum([...this.deadCounts, ...this.slots.map((s) => s.gauges?.recordCounts).filter((c): c is Float64Array => c !== undefined)]);
  }

  private release(slot: Slot): void {
    const waiters = slot.waiters;
    slot.waiters = [];
    for (const w of waiters) w();
  }

  private onDeath(slot: Slot, index: number, err: Error): void {
    if (this.slots[index] !== slot) return; // already replaced (error and exit both fire)
    if (slot.gauges) this.deadCounts.push(slot.gauges.recordCounts);
    const lostEntries = [...slot.batches.values()].reduce((a, b) => a + b, 0);
    for (const [, pending] of slot.requests) pending.reject(new Error(`pipeline worker ${index} stopped: ${err.message}`));
    if (this.closing) return;
    this.restarts++;
    if (lostEntries > 0) {
      this.lostBatches += slot.batches.size;
      this.opts.telemetry.invalidRecords.add('pipeline_error', lostEntries);
    }
    this.opts.logger.error(
      { worker: index, err: err.message, lostEntries },
      'pipeline worker died; started a new one (the pods it owned start over)',
    );
    const next = this.spawn(index, slot.generation + 1);
    this.slots[index] = next;
    for (const [, entries] of slot.batches) this.opts.onDone?.(index, entries);
    slot.batches.clear();
    slot.entries = 0;
    this.release(slot);
  }
}
