import type { PodIdentity, RawEntry } from '../../model/record.js';
import { EntryPacker } from './packed-entries.js';
import type { PodRouter } from './pod-router.js';
import type { WorkerPool } from './worker-pool.js';

export interface WorkerFeederOptions {
  /** A worker's batch is posted once it holds this many entries or chars (or on `flush`). */
  batchEntries: number;
  batchChars: number;
  /** Batches in flight per worker before the feeder says it is not ready. */
  maxInFlight: number;
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
    for (let w = 0; w < this.pool.size; w++) if (this.pool.inFlightBatches(w) >= this.opts.maxInFlight) return false;
    return true;
  }

  /** Resolves when `ready`. */
  async whenReady(): Promise<void> {
    for (let w = 0; w < this.pool.size; w++) await this.pool.capacity(w, this.opts.maxInFlight);
  }

  addEntries(entries: RawEntry[]): void {
    for (let i = 0; i < entries.length; i++) this.add(entries[i]);
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
    const p = this.packers[w];
    p.add(e);
    if (p.count >= this.opts.batchEntries || p.textLength >= this.opts.batchChars || p.full) this.pool.submit(w, p.take());
  }
}
