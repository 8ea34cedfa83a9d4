import { RELEVANCE_ORDER, type LogRecord } from '../model/record.js';
import { recordLinePieces, recordToJsonLine, type RecordLinePieces } from './record-json.js';

/** Bytes a chunk holds at least; a batch larger than that gets a chunk of its own size. */
const CHUNK_BYTES = 1 << 20;

const EMPTY = new Uint8Array(0);

type Utf8Writer = (buf: Buffer, text: string, offset: number) => number;
type WithUtf8Write = Buffer & { utf8Write?: (text: string, offset: number) => number };

/**
 * `Buffer#utf8Write`, what `Buffer#write` calls after sorting out its optional arguments (a
 * fifth of the cost per line here); `write` where a Node lacks it.
 */
const writeUtf8: Utf8Writer =
  typeof (Buffer.prototype as WithUtf8Write).utf8Write === 'function'
    ? (buf, text, offset) => (buf as WithUtf8Write).utf8Write!(text, offset)
    : (buf, text, offset) => buf.write(text, offset);

/**
 * JSON lines encoded to UTF-8 one at a time, as they are made, into a chunk of bytes. A batch
 * of lines concatenated into one string and then encoded costs about twice as much: V8 builds
 * the string as a deep tree of pieces, and encoding it first has to copy that tree flat (tag's
 * CPU profile: more than the serialisation itself). The bytes are the same as
 * `Buffer.from(lines.join(''))`.
 */
export class JsonLineBuffer {
  private chunk: Buffer;
  /** The current batch is chunk[start, end). */
  private start = 0;
  private end = 0;
  /** Scratch for addRecord. */
  private readonly pieces: RecordLinePieces = { text: '', resource: EMPTY, attributes: EMPTY };

  /** `chunkBytes`: the least a chunk holds (small in tests, to exercise new chunks). */
  constructor(private readonly chunkBytes = CHUNK_BYTES) {
    this.chunk = Buffer.allocUnsafeSlow(chunkBytes);
  }

  add(line: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
    const room = line.length * 3;
    if (this.end + room > this.chunk.length) this.newChunk(room);
    this.end += writeUtf8(this.chunk, line, this.end);
  }

  /** The records at or above relevance `min` (a RELEVANCE_ORDER value), one line each. */
  addRecords(records: LogRecord[], min: number): void {
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (RELEVANCE_ORDER[r.relevance] >= min) this.addRecord(r);
    }
  }

  /** `recordToJsonLine(r)`, with its repeating parts copied as bytes encoded before. */
  addRecord(r: LogRecord): void {
    const p = this.pieces;
    if (!recordLinePieces(r, p)) {
      this.add(recordToJsonLine(r));
      return;
    }
    const room = p.text.length * 3 + p.resource.length + p.attributes.length;
    if (this.end + room > this.chunk.length) this.newChunk(room);
    let end = this.end + writeUtf8(this.chunk, p.text, this.end);
    this.chunk.set(p.resource, end);
    end += p.resource.length;
    this.chunk.set(p.attributes, end);
    this.end = end + p.attributes.length;
  }

  /**
   * The bytes added since the last call (undefined: none). A view of the chunk: later lines go
   * after it, never over it, so it can be handed to a stream that writes it later.
   */
  take(): Buffer | undefined {
    if (this.end === this.start) return undefined;
    const bytes = this.chunk.subarray(this.start, this.end);
    this.start = this.end;
    return bytes;
  }

  /** A fresh chunk with the current batch moved to its start. */
  private newChunk(room: number): void {
    const held = this.end - this.start;
    const next = Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, 2 * (held + room)));
    this.chunk.copy(next, 0, this.start, this.end);
    this.chunk = next;
    this.start = 0;
    this.end = held;
  }
}
