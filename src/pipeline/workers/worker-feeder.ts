import type { PodIdentity, RawEntry } from '../../model/record.js';
import { EntryPacker, PackedCursor, packedLine, type PackedEntries } from './packed-entries.js';
import type { PodRouter } from './pod-router.js';
import type { WorkerPool } from './worker-pool.js';

export interface WorkerFeederOptions {
  /** A worker's batch is posted once it holds this many entries or chars (or on `flush`). */
  batchEntries: number;
  batchChars: number;
  /** Batches in flight per worker before the feeder says it is not ready. */
  maxInFlight: number;
  /**
   * Entries in flight per worker before the feeder says it is not ready (default: no bound but
   * the batches'). Packed batches posted as they are can be small: a bound by batches alone
   * would leave a worker idle while the main thread was busy elsewhere.
   */
  maxInFlightEntries?: number;
  /** A packed batch of at least this many entries, all for one worker, is posted as it is (default 256). */
  directEntries?: number;
}

/**
 * Routes entries to the worker that owns their pod and packs them per worker into batches. The
 * caller offers more only while `ready` (every worker below its in-flight limit), so memory in
 * flight stays bounded by a few batches per worker.
 */
export class WorkerFeeder {
  private readonly packers: EntryPacker[];
  private readonly scratch: RawEntry = { line: '', timeMs: undefined, pod: undefined, streamKey: undefined, stream: undefined, unwrapped: false, containerId: undefined, severityNumber: undefined };

  constructor(
    private readonly pool: WorkerPool,
    private readonly router: PodRouter,
    private readonly opts: WorkerFeederOptions,
  ) {
    this.packers = Array.from({ length: pool.size }, () => new EntryPacker());
  }

  get ready(): boolean {
    for (let w = 0; w < this.pool.size; w++) if (!this.pool.hasCapacity(w, this.opts.maxInFlight, this.opts.maxInFlightEntries)) return false;
    return true;
  }

  /** Resolves when `ready`. */
  async whenReady(): Promise<void> {
    for (let w = 0; w < this.pool.size; w++) await this.pool.capacity(w, this.opts.maxInFlight, this.opts.maxInFlightEntries);
  }

  addEntries(entries: RawEntry[]): void {
    for (let i = 0; i < entries.length; i++) this.add(entries[i]);
  }

  /** What the queue holds: entries, or a batch a source packed itself (the HTTP input). */
  addBatch(batch: RawEntry[] | PackedEntries): void {
    if (Array.isArray(batch)) this.addEntries(batch);
    else this.addPacked(batch);
  }

  /**
   * A batch packed by its source. When all of it goes to one worker (a Fluent Bit request is
   * one tag: one container's lines) and it is large enough to be worth a message of its own, it
   * is posted as it is, after what that worker's packer already holds (order within a pod);
   * otherwise its entries are copied into the packers of the workers that own them.
   */
  addPacked(p: PackedEntries): void {
    if (p.count === 0) return;
    const w = this.singleWorker(p);
    if (w >= 0 && p.count >= (this.opts.directEntries ?? 256)) {
      const packer = this.packers[w];
      if (packer.count > 0) this.pool.submit(w, packer.take());
      this.pool.submit(w, p);
      return;
    }
    const cursor = new PackedCursor(p);
    for (let i = 0; i < p.count; i++) {
      const to = w >= 0 ? w : this.routePacked(p, i, cursor);
      const packer = this.packers[to];
      packer.addFrom(p, i, cursor.lineIndex);
      cursor.advance(i);
      this.submitWhenFull(to);
    }
  }

  /**
   * The one worker every entry of `p` goes to, or -1 when they go to several or a line must be
   * looked at to know (framed lines: the router reads a JSON line's own kubernetes map).
   */
  private singleWorker(p: PackedEntries): number {
    if (this.pool.size === 1) return 0;
    const byRef: number[] = [];
    let only = -1;
    for (let i = 0; i < p.count; i++) {
      if (p.unwrapped[i] !== 1) return -1;
      const ref = p.pod[i];
      let w = byRef[ref];
      if (w === undefined) {
        w = byRef[ref] = this.router.workerOf(ref === 0 ? this.router.fallbackPod : p.pods[ref - 1]);
        if (only === -1) only = w;
        else if (w !== only) return -1;
      }
    }
    return only;
  }

  private routePacked(p: PackedEntries, i: number, cursor: PackedCursor): number {
    const e = this.scratch;
    const podRef = p.pod[i];
    e.pod = podRef === 0 ? undefined : p.pods[podRef - 1];
    e.unwrapped = p.unwrapped[i] === 1;
    // The router reads only the first char of an unwrapped line: decode it only when it looks.
    e.line = e.unwrapped ? '' : packedLine(p, i, cursor);
    const w = this.router.route(e);
    e.line = '';
    e.pod = undefined;
    e.unwrapped = false;
    return w;
  }

  /** Lines of one stream (a file, stdin) with what the source knows about them. */
  addLines(lines: string[], pod: PodIdentity | undefined, streamKey: string, containerId?: string): void {
    const e = this.scratch;
    e.pod = pod;
    e.streamKey = streamKey;
    e.containerId = containerId;
    for (let i = 0; i < lines.length; i++) {
      e.line = lines[i];
      this.add(e);
    }
    e.line = '';
  }

  /** Posts every batch that holds anything. */
  flush(): void {
    for (let w = 0; w < this.packers.length; w++) if (this.packers[w].count > 0) this.pool.submit(w, this.packers[w].take());
  }

  private add(e: RawEntry): void {
    const w = this.router.route(e);
    this.packers[w].add(e);
    this.submitWhenFull(w);
  }

  /** Posts worker `w`'s batch once it holds enough entries or text (or a table is nearly full). */
  private submitWhenFull(w: number): void {
    const p = this.packers[w];
    if (p.count >= this.opts.batchEntries || p.textSize >= this.opts.batchChars || p.full) this.pool.submit(w, p.take());
  }
}
