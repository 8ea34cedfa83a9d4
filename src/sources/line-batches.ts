import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { PodIdentity, RawEntry } from '../model/record.js';

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

/**
 * Reads a byte stream as batches of lines: UTF-8 decoded across chunks, split on `\n` (a `\r`
 * before it dropped), cut into batches at `batchLines` and at each chunk boundary (live input
 * stays low-latency). A chunk's lines are cut in one loop, without a stream event per line,
 * which would cost as much as all of logsift's processing. A refused batch pauses the stream.
 */
export function readLineBatches(input: Readable, opts: LineBatchOptions): LineBatchReader {
  const batchLines = opts.batchLines ?? 4096;
  const keep = opts.maxLineBytes + 1;
  const decoder = new StringDecoder('utf8');
  /** The unfinished line so far (at most `keep` characters). */
  let tail = '';
  /** The unfinished line passed the limit: the rest of it, up to its newline, is skipped. */
  let overflowed = false;
  let batch: string[] = [];
  let bytes = 0;
  let pending: { lines: string[]; bytes: number } | undefined;
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
  const overflow = () => {
    overflowed = true;
    // A copy, so the kept prefix does not hold the whole chunk it was sliced from.
    tail = (' ' + tail.slice(0, keep)).slice(1);
    opts.onOverflow?.();
  };
  const consume = (text: string) => {
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) {
        if (!overflowed && from < text.length) {
          tail += text.slice(from);
          if (tail.length > keep) overflow();
        }
        return;
      }
      let line: string;
      let size = nl - from + 1;
      if (overflowed) {
        line = tail;
        size += tail.length;
      } else {
        line = tail.length === 0 ? text.slice(from, nl) : tail + text.slice(from, nl);
        if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
        if (line.length > keep) {
          line = line.slice(0, keep);
          opts.onOverflow?.();
        }
      }
      tail = '';
      overflowed = false;
      push(line, size);
      from = nl + 1;
    }
  };
  const onData = (chunk: Buffer | string) => {
    consume(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    // A chunk boundary is a natural batch boundary for live input: it keeps latency low.
    setImmediate(cut);
  };
  const end = () => {
    if (ended) return;
    ended = true;
    input.off('data', onData);
    consume(decoder.end());
    if (tail.length > 0) push(overflowed || tail.charCodeAt(tail.length - 1) !== 13 ? tail : tail.slice(0, -1), tail.length);
    tail = '';
    cut();
    finishIfDone();
  };
  input.on('data', onData);
  input.once('end', end);
  input.once('error', end);

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
