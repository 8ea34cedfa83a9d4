import type { Readable } from 'node:stream';
import type { LineBatchReader } from './line-batches.js';
import { LineCarry, ownCopy } from './line-carry.js';

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
  const carry = new LineCarry(keep, opts.onOverflow);
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
  const onData = (chunk: Buffer | string) => {
    const c = carry.take(chunk);
    if (c === undefined) return;
    const { lead, buf, start, last } = c;
    const hasLines = last >= start;
    if (!hasLines && lead === undefined) return;
    offer({ head: lead, buf, start, end: hasLines ? last : start, hasLines, bytes: c.leadBytes + (hasLines ? last + 1 - start : 0) });
  };
  const end = () => {
    if (ended) return;
    ended = true;
    input.off('data', onData);
    const last = carry.finish();
    const block: LineBlock | undefined =
      last !== undefined && 'rest' in last
        ? { head: undefined, buf: last.rest, start: 0, end: last.rest.length, hasLines: true, bytes: last.rest.length }
        : last !== undefined
          ? { head: last.head, buf: Buffer.alloc(0), start: 0, end: 0, hasLines: false, bytes: last.bytes }
          : undefined;
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
