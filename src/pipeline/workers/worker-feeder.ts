import type { PodIdentity, RawEntry } from '../../model/record.js';
import { EntryPacker, PackedCursor, packedLine, type PackedEntries } from './packed-entries.js';
import type { NameSearch, PodRouter } from './pod-router.js';
import { cutLine, type LineBlock } from '../../sources/line-blocks.js';
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

  /**
   * A block of lines of one stream as bytes (readLineBlocks): each line routed from its bytes
   * (decoded here only when the router must read it), and each worker's lines posted as offsets
   * into a copy of the block, decoded by the worker: the main thread makes no string per line.
   * Lines longer than `maxLineBytes` are cut here, as readLineBatches cuts them.
   */
  addBlock(block: LineBlock, pod: PodIdentity | undefined, streamKey: string, containerId: string | undefined, maxLineBytes: number): void {
    const e = this.scratch;
    e.pod = pod;
    e.streamKey = streamKey;
    e.containerId = containerId;
    if (block.head !== undefined) {
      e.line = block.head;
      this.add(e);
      e.line = '';
    }
    if (!block.hasLines) return;
    const { buf, start, end } = block;
    // What the packers held before: posted first, so lines keep their order and a packer lent
    // this block holds only its lines.
    this.flush();
    let n = 0;
    for (let i = start; ; ) {
      const nl = i < end ? buf.indexOf(10, i) : -1;
      const lineEnd = nl < 0 || nl > end ? end : nl;
      if (n === this.lineStarts.length) this.growLines();
      this.lineStarts[n] = i;
      this.lineEnds[n] = lineEnd > i && buf[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd;
      n++;
      if (lineEnd >= end) break;
      i = lineEnd + 1;
    }
    // Lent as a plain view of the block (Buffer#slice would share memory, not copy): each batch
    // carries a copy of the block, its lines as offsets into it.
    const view = new Uint8Array(buf.buffer, buf.byteOffset + start, end - start);
    const search: NameSearch = { at: -2 };
    const keep = maxLineBytes + 1;
    for (let k = 0; k < n; k++) {
      const ls = this.lineStarts[k];
      const le = this.lineEnds[k];
      let w = this.router.routeBytes(buf, ls, le, pod, search);
      let cut: string | undefined;
      if (le - ls > keep) cut = cutLine(buf, ls, le, maxLineBytes);
      if (w < 0 || cut !== undefined) {
        e.line = cut ?? buf.toString('utf8', ls, le);
        if (w < 0) w = this.router.route(e);
      }
      const packer = this.packers[w];
      if (packer.count === 0) packer.lend(view, false);
      if (cut !== undefined) packer.add(e);
      else packer.addBytes(view, ls - start, le - start, undefined, pod, streamKey, undefined, false, containerId);
      e.line = '';
      // Not by text: the block's whole copy goes with each batch, whatever its lines' share.
      if (packer.count >= this.opts.batchEntries || packer.full) this.pool.submit(w, packer.take());
    }
    this.flush();
  }

  private lineStarts = new Int32Array(4096);
  private lineEnds = new Int32Array(4096);

  private growLines(): void {
    const starts = new Int32Array(this.lineStarts.length * 2);
    const ends = new Int32Array(this.lineEnds.length * 2);
    starts.set(this.lineStarts);
    ends.set(this.lineEnds);
    this.lineStarts = starts;
    this.lineEnds = ends;
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
