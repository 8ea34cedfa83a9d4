import type { Readable } from 'node:stream';
import type { LineBatchReader } from './line-batches.js';

/**
 * Complete lines of a stream as the bytes they came in: `buf[start, end)` holds one or more lines
 * separated by `\n` (the last one ends at `end`, its newline not included; each may end in a CR,
 * which is not part of the line). `head`, when set, is a line that comes before them: the kept
 * head of a line past the limit that spanned chunks (see LineBatchOptions.maxLineBytes).
 * A block with start === end and no head holds one empty line; `lines` says how many there are.
 */
export interface LineBlock {
  head: string | undefined;
  buf: Buffer;
  start: number;
  end: number;
  /** Whether buf[start, end) holds lines at all (false: only `head`). */
  hasLines: boolean;
  /** Input bytes the block stands for, newlines and skipped overflow included (for progress). */
  bytes: number;
}

export interface LineBlockOptions {
  /** As LineBatchOptions.maxLineBytes: only a line spanning chunks is cut here; the consumer cuts the others (cutLine). */
  maxLineBytes: number;
  onOverflow?: () => void;
  /** Called with each block; return false to pause the stream until `resume` is called. */
  onBlock: (block: LineBlock) => boolean;
}

const NEWLINE = 10;

/** A copy of a slice, so a kept prefix does not hold the whole chunk it was cut from. */
function ownCopy(s: string): string {
  return (' ' + s).slice(1);
}

/**
 * readLineBatches for a consumer that takes bytes (pipeline workers): each chunk's complete lines
 * are handed over as one block of bytes, not decoded or split here, so the main thread makes no
 * string per line; the consumer cuts the block at its newlines. Lines come out as
 * readLineBatches gives them: a chunk is cut at its last newline (the unfinished rest waits, as
 * bytes, for the next chunk), a trailing CR is not part of a line, and an unfinished line past
 * the limit keeps its first maxLineBytes + 1 characters, the rest dropped up to its newline.
 * (Lines past the limit inside a block are the consumer's to cut, with `cutLine`.)
 */
export function readLineBlocks(input: Readable, opts: LineBlockOptions): LineBatchReader {
  const keep = opts.maxLineBytes + 1;
  let pending: LineBlock | undefined;
  let rest: Buffer | undefined;
  let head: string | undefined;
  let headBytes = 0;
  let ended = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  const finishIfDone = () => {
    if (ended && !pending) resolveDone();
  };
  const offer = (block: LineBlock) => {
    if (pending) throw new Error('a block offered while one is pending');
    if (opts.onBlock(block)) return;
    pending = block;
    input.pause();
  };
  /** Keeps the unfinished line's bytes, or only its head once it is past the limit. */
  const hold = (buf: Buffer, start: number) => {
    const n = buf.length - start;
    if (n > keep) {
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
    let lead: string | undefined;
    let leadBytes = 0;
    if (head !== undefined) {
      const nl = data.indexOf(NEWLINE);
      if (nl < 0) {
        headBytes += data.length;
        return;
      }
      lead = head;
      leadBytes = headBytes + nl + 1;
      head = undefined;
      start = nl + 1;
    }
    const buf = rest === undefined ? data : Buffer.concat([rest, data]);
    rest = undefined;
    const last = buf.lastIndexOf(NEWLINE);
    const hasLines = last >= start;
    const block: LineBlock = { head: lead, buf, start, end: hasLines ? last : start, hasLines, bytes: leadBytes + (hasLines ? last + 1 - start : 0) };
    // The rest is copied before the block is offered: a consumer may hand `buf` to another thread.
    const from = hasLines ? last + 1 : start;
    if (from < buf.length) hold(buf, from);
    if (hasLines || lead !== undefined) offer(block);
  };
  const end = () => {
    if (ended) return;
    ended = true;
    input.off('data', onData);
    let block: LineBlock | undefined;
    if (head !== undefined) block = { head, buf: Buffer.alloc(0), start: 0, end: 0, hasLines: false, bytes: headBytes };
    else if (rest !== undefined && rest.length > 0) block = { head: undefined, buf: rest, start: 0, end: rest.length, hasLines: true, bytes: rest.length };
    head = undefined;
    rest = undefined;
    // After a refused block, the last one waits for resume.
    if (block !== undefined) {
      if (pending) finalBlock = block;
      else offer(block);
    }
    finishIfDone();
  };
  let finalBlock: LineBlock | undefined;
  input.on('data', onData);
  input.once('end', end);
  input.once('error', end);
  input.once('close', end);

  return {
    done,
    resume() {
      if (!pending) return;
      const p = pending;
      if (!opts.onBlock(p)) return;
      pending = undefined;
      if (finalBlock !== undefined) {
        const f = finalBlock;
        finalBlock = undefined;
        offer(f);
        if (pending) return;
      }
      if (!ended) input.resume();
      finishIfDone();
    },
    stop() {
      input.pause();
      end();
    },
  };
}

/**
 * Line `buf[start, end)` of a block as readLineBatches would give it when it is past the limit
 * in bytes: its first maxLineBytes + 1 characters (a copy), or undefined when it is within the
 * limit in characters after all (multi-byte UTF-8), so it stays bytes. `onOverflow` when cut.
 */
export function cutLine(buf: Buffer, start: number, end: number, maxLineBytes: number, onOverflow?: () => void): string | undefined {
  const keep = maxLineBytes + 1;
  const text = buf.toString('utf8', start, end);
  if (text.length <= keep) return undefined;
  onOverflow?.();
  return ownCopy(text.slice(0, keep));
}
