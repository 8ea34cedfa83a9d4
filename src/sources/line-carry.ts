const NEWLINE = 10;

/** A copy of a slice, so a kept prefix does not hold the whole chunk it was cut from. */
export function ownCopy(s: string): string {
  return (' ' + s).slice(1);
}

/**
 * A chunk's complete lines: `buf[start, last)` when `last >= start` (`last`, the chunk's last
 * newline, not included), after `lead`, the kept head of a line past the limit that ended in
 * this chunk (`leadBytes`: the input bytes it stood for, its newline included).
 */
export interface ChunkLines {
  lead: string | undefined;
  leadBytes: number;
  buf: Buffer;
  start: number;
  last: number;
}

/**
 * What a line reader carries from one chunk to the next (readLineBatches, readLineBlocks): the
 * bytes of the unfinished last line, or, once that line is past the limit, only its first `keep`
 * characters while the rest of it is dropped up to its newline. Memory stays bounded whatever
 * the input; cutting at a newline is always a UTF-8 character boundary, so no decoder state.
 */
export class LineCarry {
  private rest: Buffer | undefined;
  private head: string | undefined;
  private headBytes = 0;

  constructor(
    private readonly keep: number,
    private readonly onOverflow: (() => void) | undefined,
  ) {}

  /** The chunk's complete lines with the carried bytes before them; undefined while an overflowing line goes on. */
  take(chunk: Buffer | string): ChunkLines | undefined {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    let lead: string | undefined;
    let leadBytes = 0;
    if (this.head !== undefined) {
      const nl = data.indexOf(NEWLINE);
      if (nl < 0) {
        this.headBytes += data.length;
        return undefined;
      }
      lead = this.head;
      leadBytes = this.headBytes + nl + 1;
      this.head = undefined;
      start = nl + 1;
    }
    const buf = this.rest === undefined ? data : Buffer.concat([this.rest, data]);
    this.rest = undefined;
    const last = buf.lastIndexOf(NEWLINE);
    // The rest is copied now: a consumer may hand `buf` to another thread.
    const from = last >= start ? last + 1 : start;
    if (from < buf.length) this.hold(buf, from);
    return { lead, leadBytes, buf, start, last };
  }

  /** At the end of input, the unfinished last line: its kept head (and the bytes it stood for), or its bytes. */
  finish(): { head: string; bytes: number } | { rest: Buffer } | undefined {
    const head = this.head;
    const rest = this.rest;
    this.head = undefined;
    this.rest = undefined;
    if (head !== undefined) return { head, bytes: this.headBytes };
    return rest !== undefined && rest.length > 0 ? { rest } : undefined;
  }

  /** Keeps the unfinished line's bytes, or only its head once it is past the limit. */
  private hold(buf: Buffer, start: number): void {
    const n = buf.length - start;
    if (n > this.keep) {
      // Bytes over the limit may still be few enough characters (multi-byte UTF-8): decode to know.
      const text = buf.toString('utf8', start);
      if (text.length > this.keep) {
        this.head = ownCopy(text.slice(0, this.keep));
        this.headBytes = n;
        this.onOverflow?.();
        return;
      }
    }
    this.rest = Buffer.from(buf.subarray(start));
  }
}
