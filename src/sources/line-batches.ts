import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import type { PodIdentity, RawEntry } from '../model/record.js';
import { LineCarry, ownCopy } from './line-carry.js';

/** A batch of lines from one stream as the pipeline's raw entries (`containerId`: the stream's container instance). */
export function linesToEntries(lines: string[], pod: PodIdentity | undefined, streamKey: string, containerId?: string): RawEntry[] {
  const entries: RawEntry[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) entries[i] = { line: lines[i], pod, streamKey, containerId };
  return entries;
}

export interface LineBatchOptions {
  /**
   * `pipeline.maxLineBytes`. A longer line is kept as its first maxLineBytes + 1 characters and
   * the rest skipped up to its newline: memory stays bounded, and the pipeline, seeing a line
   * past its limit, truncates it there, marks the record `logsift.truncated` and counts it —
   * the same treatment a long line gets from the HTTP input.
   */
  maxLineBytes: number;
  batchLines?: number;
  /** Called once per line cut for being longer than maxLineBytes. */
  onOverflow?: () => void;
  /** Called with each batch; return false to pause the stream until `resume` is called. */
  onBatch: (lines: string[], bytes: number) => boolean;
}

export interface LineBatchReader {
  /** Resolves when the stream ended and every batch was handed over. */
  readonly done: Promise<void>;
  /** Retries a refused batch; resumes reading when it is taken. */
  resume(): void;
  /** Stops reading; pending lines (an unfinished last line included) are handed over first. */
  stop(): void;
}

const CR = 13;

/** UTF-8 text of `buf[start, end)`; pure ASCII (most logs) is copied as Latin-1, twice as fast. */
function decode(buf: Buffer, start: number, end: number): string {
  const part = buf.subarray(start, end);
  return isAscii(part) ? part.toString('latin1') : part.toString('utf8');
}

/**
 * Reads a byte stream as batches of lines. Each chunk is cut at its last newline and its complete
 * lines decoded in one call (a cut at a newline is always a UTF-8 character boundary, so no
 * decoder state is needed), then split with indexOf; the unfinished rest waits, as bytes, for the
 * next chunk. This replaced split2 + a string decoder, which cost about as much as the pipeline.
 * A line past the limit is kept as its first maxLineBytes + 1 characters and the rest of it
 * dropped up to its newline (see LineBatchOptions). Batches are cut at `batchLines` and at each
 * chunk boundary (live input stays low-latency); a refused batch pauses the stream.
 */
export function readLineBatches(input: Readable, opts: LineBatchOptions): LineBatchReader {
  const batchLines = opts.batchLines ?? 4096;
  const keep = opts.maxLineBytes + 1;
  let batch: string[] = [];
  let bytes = 0;
  let pending: { lines: string[]; bytes: number } | undefined;
  const carry = new LineCarry(keep, opts.onOverflow);
  let ended = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  const finishIfDone = () => {
    if (ended && !pending && batch.length === 0) resolveDone();
  };
  const cut = () => {
    if (batch.length === 0 || pending) return;
    const b = batch;
    const n = bytes;
    batch = [];
    bytes = 0;
    if (opts.onBatch(b, n)) return;
    pending = { lines: b, bytes: n };
    input.pause();
  };
  const push = (line: string, size: number) => {
    batch.push(line);
    bytes += size;
    if (batch.length >= batchLines) cut();
  };
  /** The complete lines of `text` (it ends at a newline, not included). */
  const split = (text: string) => {
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      const end = nl < 0 ? text.length : nl;
      let line = end > from && text.charCodeAt(end - 1) === CR ? text.slice(from, end - 1) : text.slice(from, end);
      if (line.length > keep) {
        line = ownCopy(line.slice(0, keep));
        opts.onOverflow?.();
      }
      push(line, end - from + 1);
      if (nl < 0) return;
      from = nl + 1;
    }
  };
  const onData = (chunk: Buffer | string) => {
    const c = carry.take(chunk);
    if (c === undefined) return;
    if (c.lead !== undefined) push(c.lead, c.leadBytes);
    if (c.last >= c.start) split(decode(c.buf, c.start, c.last));
    // A chunk boundary is a natural batch boundary for live input: it keeps latency low.
    cut();
  };
  const end = () => {
    if (ended) return;
    ended = true;
    input.off('data', onData);
    const last = carry.finish();
    if (last !== undefined && 'rest' in last) {
      const text = last.rest.toString('utf8');
      push(text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text, last.rest.length);
    } else if (last !== undefined) push(last.head, last.bytes);
    cut();
    finishIfDone();
  };
  input.on('data', onData);
  input.once('end', end);
  input.once('error', end);
  input.once('close', end);

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
      input.pause();
      end();
    },
  };
}
