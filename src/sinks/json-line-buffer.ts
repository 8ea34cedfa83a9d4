import { relevanceOrder, type LogRecord } from '../model/record.js';
import { msToNanoString, recordLinePieces, recordToJsonLine, type RecordLinePieces } from './record-json.js';
import { jsonStringMaxBytes, writeJsonString } from './json-string-bytes.js';

/** Bytes a chunk holds at least; a batch larger than that gets a chunk of its own size. */
const CHUNK_BYTES = 1 << 20;

const EMPTY = new Uint8Array(0);

type Utf8Writer = (buf: Buffer, text: string, offset: number) => number;
type WithUtf8Write = Buffer & { utf8Write?: (text: string, offset: number) => number };
type WithLatin1Write = Buffer & { latin1Write?: (text: string, offset: number) => number };
/** `Buffer#latin1Write`, for text known to be ASCII (the same bytes as UTF-8). */
const latin1Write: Utf8Writer =
  typeof (Buffer.prototype as WithLatin1Write).latin1Write === 'function'
    ? (buf, text, offset) => (buf as WithLatin1Write).latin1Write!(text, offset)
    : (buf, text, offset) => buf.write(text, offset, 'latin1');

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
  private readonly pieces: RecordLinePieces = { severity: EMPTY, resource: EMPTY, attributes: EMPTY };
  /**
   * The last head made and the times it says, and each time's last text: a number's decimal text
   * costs ~130 ns, and runs of records share their times (a batch has one observed time; lines
   * of one second, one event time).
   */
  private headTimeMs = NaN;
  private headObservedMs = NaN;
  private headText = '';
  private timeMs = NaN;
  private timeText = '';
  private observedMs = NaN;
  private observedText = '';

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
      if (relevanceOrder(r.relevance) >= min) this.addRecord(r);
    }
  }

  /**
   * `recordToJsonLine(r)`, written as bytes: the repeating parts copied as encoded before, the
   * times and the body (JSON-escaped and UTF-8-encoded in one pass) straight into the chunk.
   */
  addRecord(r: LogRecord): void {
    const p = this.pieces;
    if (!recordLinePieces(r, p)) {
      this.add(recordToJsonLine(r));
      return;
    }
    // The head is ASCII: one native write, no loop over its bytes.
    const head = this.headOf(r.timeMs, r.observedMs);
    const room = head.length + p.severity.length + jsonStringMaxBytes(r.body.length) + p.resource.length + p.attributes.length;
    if (this.end + room > this.chunk.length) this.newChunk(room);
    const chunk = this.chunk;
    let o = this.end + latin1Write(chunk, head, this.end);
    chunk.set(p.severity, o);
    o += p.severity.length;
    o = writeJsonString(chunk, o, r.body);
    chunk.set(p.resource, o);
    o += p.resource.length;
    chunk.set(p.attributes, o);
    this.end = o + p.attributes.length;
  }

  /** `{"timestamp":"<ns>","observedTimestamp":"<ns>` (msToNanoString of each; NaN never repeats). */
  private headOf(timeMs: number, observedMs: number): string {
    if (timeMs === this.headTimeMs && observedMs === this.headObservedMs) return this.headText;
    if (timeMs !== this.timeMs) {
      this.timeMs = timeMs;
      this.timeText = msToNanoString(timeMs);
    }
    if (observedMs !== this.observedMs) {
      this.observedMs = observedMs;
      this.observedText = msToNanoString(observedMs);
    }
    this.headTimeMs = timeMs;
    this.headObservedMs = observedMs;
    return (this.headText = '{"timestamp":"' + this.timeText + '","observedTimestamp":"' + this.observedText);
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
