import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import type { PodIdentity, RawEntry } from '../model/record.js';

/**
 * Readers of stdin and files skip lines longer than this many times `pipeline.maxLineBytes`
 * whole; shorter ones reach the pipeline, which truncates them to maxLineBytes.
 */
export const READ_LIMIT_FACTOR = 4;

/** A batch of lines from one stream as the pipeline's raw entries. */
export function linesToEntries(lines: string[], pod: PodIdentity | undefined, streamKey: string): RawEntry[] {
  const entries: RawEntry[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) entries[i] = { line: lines[i], pod, streamKey };
  return entries;
}

export interface LineBatchOptions {
  /** Longer lines (bytes) are skipped whole so one giant line cannot stall a stream. */
  maxLineBytes: number;
  batchLines?: number;
  /** Called once per line skipped for being longer than maxLineBytes (dropped whole). */
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

const NEWLINE = 10;

/** UTF-8 text of `buf[start, end)`; pure ASCII (most logs) is copied as Latin-1, twice as fast. */
function decode(buf: Buffer, start: number, end: number): string {
  const part = buf.subarray(start, end);
  return isAscii(part) ? part.toString('latin1') : part.toString('utf8');
}

/**
 * Reads a byte stream as batches of lines. Each chunk is cut at its last newline and the complete
 * lines decoded in one call (a cut at a newline is always a UTF-8 character boundary, so no
 * decoder state is needed), then split with indexOf; the unfinished rest waits for the next chunk.
 * This replaced split2 + a string decoder, which cost about as much as the pipeline itself.
 * A line longer than maxLineBytes is skipped whole (bytes are dropped up to its newline) and
 * reported once; a refused batch pauses the stream (backpressure) until `resume`.
 */
export function readLineBatches(input: Readable, opts: LineBatchOptions): LineBatchReader {
  const batchLines = opts.batchLines ?? 4096;
  const maxLine = opts.maxLineBytes;
  let batch: string[] = [];
  let bytes = 0;
  let pending: { lines: string[]; bytes: number } | undefined;
  /** Bytes of the unfinished last line. */
  let rest: Buffer | undefined;
  /** Inside a line too long to keep: bytes are dropped until its newline. */
  let skipping = false;
  let ended = false;
  let stopped = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  const finishIfDone = () => {
    if (ended && !pending && batch.length === 0) resolveDone();
  };
  const hand = (b: string[], n: number) => {
    if (opts.onBatch(b, n)) return;
    pending = { lines: b, bytes: n };
    input.pause();
  };
  const cut = () => {
    if (batch.length === 0 || pending) return;
    const b = batch;
    const n = bytes;
    batch = [];
    bytes = 0;
    hand(b, n);
  };
  const push = (line: string, n: number) => {
    batch.push(line);
    bytes += n;
    if (batch.length >= batchLines) cut();
  };
  /** The complete lines of `text` (it ends at a newline, not included). */
  const split = (text: string) => {
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      const end = nl < 0 ? text.length : nl;
      if (end - from > maxLine) opts.onOverflow?.();
      else push(end > from && text.charCodeAt(end - 1) === 13 ? text.slice(from, end - 1) : text.slice(from, end), end - from + 1);
      if (nl < 0) return;
      from = nl + 1;
    }
  };

  input.on('data', (chunk: Buffer) => {
    if (stopped) return;
    let buf = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
    rest = undefined;
    let start = 0;
    if (skipping) {
      const nl = buf.indexOf(NEWLINE);
      if (nl < 0) return;
      start = nl + 1;
      skipping = false;
    }
    const last = buf.lastIndexOf(NEWLINE);
    if (last >= start) {
      split(decode(buf, start, last));
      start = last + 1;
    }
    if (start < buf.length) {
      if (buf.length - start > maxLine) {
        // The unfinished line is already too long: drop it up to its newline.
        opts.onOverflow?.();
        skipping = true;
      } else {
        // A copy: a view would keep the whole chunk alive for one short line.
        rest = Buffer.from(buf.subarray(start));
      }
    }
    buf = chunk;
    // A chunk boundary is a natural batch boundary for live input: it keeps latency low.
    cut();
  });
  const end = () => {
    if (ended) return;
    if (rest !== undefined && !stopped) {
      const text = rest.toString('utf8');
      rest = undefined;
      if (text.length > 0) push(text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text, text.length);
    }
    ended = true;
    cut();
    finishIfDone();
  };
  input.on('end', end);
  input.on('error', end);
  input.on('close', end);

  return {
    done,
    resume() {
      if (!pending) return;
      const p = pending;
      if (!opts.onBatch(p.lines, p.bytes)) return;
      pending = undefined;
      cut();
      if (!pending && !ended) input.resume();
      finishIfDone();
    },
    stop() {
      stopped = true;
      end();
    },
  };
}
