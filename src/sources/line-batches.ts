import type { Readable } from 'node:stream';
import split2 from 'split2';
import type { PodIdentity, RawEntry } from '../model/record.js';

/**
 * Readers of stdin and files skip lines longer than this many times `pipeline.maxLineBytes`
 * whole; shorter ones reach the pipeline, which truncates them to maxLineBytes.
 */
export const READ_LIMIT_FACTOR = 4;

/** A batch of lines from one stream as the pipeline's raw entries (`containerId`: the stream's container instance). */
export function linesToEntries(lines: string[], pod: PodIdentity | undefined, streamKey: string, containerId?: string): RawEntry[] {
  const entries: RawEntry[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) entries[i] = { line: lines[i], pod, streamKey, containerId };
  return entries;
}

export interface LineBatchOptions {
  /** Longer lines are skipped whole (split2 skipOverflow) so one giant line cannot stall a stream. */
  maxLineBytes: number;
  batchLines?: number;
  /** Called once per line skipped for being longer than maxLineBytes (split2 drops it whole). */
  onOverflow?: () => void;
  /** Called with each batch; return false to pause the stream until `resume` is called. */
  onBatch: (lines: string[], bytes: number) => boolean;
}

export interface LineBatchReader {
  /** Resolves when the stream ended and every batch was handed over. */
  readonly done: Promise<void>;
  /** Retries a refused batch; resumes reading when it is taken. */
  resume(): void;
  /** Stops reading; pending lines are handed over first. */
  stop(): void;
}

/**
 * split2 calls `split` on each decoded chunk (with the unfinished line before it) and emits one
 * stream event per element. Emitting per line costs about 0.9 µs a line, as much as all of
 * logsift's processing, so this splitter returns at most three elements: the first line, every
 * complete line after it as one block, and the unfinished rest. split2 still does the UTF-8
 * decoding across chunks and the maxLength/skipOverflow bound on the unfinished line, and its
 * overflow recovery (dropping the first element) still drops exactly the overflowing line.
 */
const BLOCK_SPLITTER = {
  [Symbol.split](text: string): string[] {
    const first = text.indexOf('\n');
    if (first < 0) return [text];
    const last = text.lastIndexOf('\n');
    if (last === first) return [text.slice(0, first), text.slice(first + 1)];
    return [text.slice(0, first), text.slice(first + 1, last), text.slice(last + 1)];
  },
};

/**
 * Reads a byte stream as batches of lines (split2 does the splitting). Batching keeps the
 * pipeline on arrays, not per-line calls; a refused batch pauses the stream (backpressure).
 */
export function readLineBatches(input: Readable, opts: LineBatchOptions): LineBatchReader {
  const batchLines = opts.batchLines ?? 4096;
  // skipOverflow is in split2 4.x but not in its type definitions.
  const splitOptions = { maxLength: opts.maxLineBytes, skipOverflow: true } as split2.Options;
  const lines = split2(BLOCK_SPLITTER, splitOptions);
  let batch: string[] = [];
  let bytes = 0;
  let pending: { lines: string[]; bytes: number } | undefined;
  let ended = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  const finishIfDone = () => {
    if (ended && !pending && batch.length === 0) resolveDone();
  };
  const hand = (b: string[], n: number) => {
    if (opts.onBatch(b, n)) return;
    pending = { lines: b, bytes: n };
    lines.pause();
  };
  const cut = () => {
    if (batch.length === 0 || pending) return;
    const b = batch;
    const n = bytes;
    batch = [];
    bytes = 0;
    hand(b, n);
  };

  lines.on('data', (block: string) => {
    // A block is one line or many (see BLOCK_SPLITTER); lines are cut here, without a stream
    // event per line.
    let from = 0;
    for (;;) {
      const nl = block.indexOf('\n', from);
      const end = nl < 0 ? block.length : nl;
      const line = end > from && block.charCodeAt(end - 1) === 13 ? block.slice(from, end - 1) : block.slice(from, end);
      batch.push(line);
      bytes += end - from + 1;
      if (batch.length >= batchLines) cut();
      if (nl < 0) break;
      from = nl + 1;
    }
  });
  // split2 has no event for a skipped line; its `overflow` flag rising after a chunk is one.
  const splitState = lines as unknown as { overflow?: boolean };
  let overflowing = false;
  const watchOverflow = () => {
    const now = splitState.overflow === true;
    if (now && !overflowing) opts.onOverflow?.();
    overflowing = now;
  };
  // A chunk boundary is a natural batch boundary for live input: it keeps latency low.
  input.on('data', () => setImmediate(() => {
    watchOverflow();
    cut();
  }));
  const end = () => {
    ended = true;
    cut();
    finishIfDone();
  };
  lines.on('end', end);
  lines.on('error', end);
  input.on('error', () => lines.end());
  input.pipe(lines);

  return {
    done,
    resume() {
      if (!pending) return;
      const p = pending;
      if (!opts.onBatch(p.lines, p.bytes)) return;
      pending = undefined;
      cut();
      if (!pending) lines.resume();
      finishIfDone();
    },
    stop() {
      input.unpipe(lines);
      lines.end();
    },
  };
}
