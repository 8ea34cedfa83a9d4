import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
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

const NEWLINE = 10;
const CR = 13;

/** UTF-8 text of `buf[start, end)`; pure ASCII (most logs) is copied as Latin-1, twice as fast. */
function decode(buf: Buffer, start: number, end: number): string {
  const part = buf.subarray(start, end);
  return isAscii(part) ? part.toString('latin1') : part.toString('utf8');
}

/** A copy of a slice, so a kept prefix does not hold the whole chunk it was cut from. */
function ownCopy(s: string): string {
  return (' ' + s).slice(1);
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
  /** Bytes of the unfinished last line (at most `keep` characters). */
  let rest: Buffer | undefined;
  /** The unfinished line passed the limit: its kept head; the rest of it, up to its newline, is dropped. */
  let head: string | undefined;
  let headBytes = 0;
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
  /** Keeps the unfinished line's bytes, or only its head once it is past the limit. */
  const hold = (buf: Buffer, start: number) => {
    const n = buf.length - start;
    if (n > keep) {
      // Bytes over the limit may still be few enough characters (multi-byte UTF-8): decode to know.
      const text = buf.toString('utf8', start);
      if (text.length > keep) {
        head = ownCopy(text.slice(0, keep));
        headBytes = n;
        opts.onOverflow?.();
        return;
      }
    }
    rest = Buffer.from(buf.subarray(start));
  };
  const onData = (chunk: Buffer | string) => {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    if (head !== undefined) {
      const nl = data.indexOf(NEWLINE);
      if (nl < 0) {
        headBytes += data.length;
        return;
      }
      push(head, headBytes + nl + 1);
      head = undefined;
      start = nl + 1;
    }
    const buf = rest === undefined ? data : Buffer.concat([rest, data]);
    rest = undefined;
    const last = buf.lastIndexOf(NEWLINE);
    if (last >= start) {
      split(decode(buf, start, last));
      start = last + 1;
    }
    if (start < buf.length) hold(buf, start);
    // A chunk boundary is a natural batch boundary for live input: it keeps latency low.
    cut();
  };
  const end = () => {
    if (ended) return;
    ended = true;
    input.off('data', onData);
    if (head !== undefined) push(head, headBytes);
    else if (rest !== undefined && rest.length > 0) {
      const text = rest.toString('utf8');
      push(text.charCodeAt(text.length - 1) === CR ? text.slice(0, -1) : text, rest.length);
    }
    head = undefined;
    rest = undefined;
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
