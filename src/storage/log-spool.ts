import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, truncateSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { LogRecord } from '../model/record.js';

export interface LogSpoolOptions {
  /** Directory of the spool (created if missing). */
  dir: string;
  maxBytes: number;
  segmentBytes: number;
}

/** A spool that cannot be opened or written (disk full, permissions): the caller decides. */
export class SpoolError extends Error {}

const MAGIC = 0x4c53504c; // 'LSPL'
const HEADER = 24; // magic, length, crc32, count, first sequence (8)
const CURSOR = 'cursor';
const SEGMENT = /^segment-(\d{12})\.log$/;

interface Segment {
  seq: number;
  path: string;
  bytes: number;
  /** Sequence number of the last record in it (-1: none yet). */
  lastSeq: number;
}

/**
 * A write-ahead spool for the OTLP log export queue: every record accepted into the queue is
 * appended (batched: `flush` writes and fsyncs what `append` buffered), and the sequence number
 * of the last record delivered is kept in a cursor file. At start `recover` reads back every
 * record after the cursor, in order, so they are sent before anything new. Frames are
 * checksummed: a frame torn by a crash ends the segment there (the tail is cut off).
 *
 * Delivery is at-least-once across a crash: records delivered after the last cursor write are
 * sent again after a SIGKILL (at most the batches in flight). Synchronous file calls keep the
 * order of writes, cursor updates and segment deletion obvious; each is one small system call per
 * sync interval, off the per-record path.
 */
export class LogSpool {
  private readonly segments: Segment[] = [];
  private fd = -1;
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private firstBufferedSeq = 0;
  private bufferedCount = 0;
  private nextSeq = 0;
  private acked = -1;
  private ackedWritten = -1;
  private diskBytes = 0;

  constructor(private readonly opts: LogSpoolOptions) {}

  /** Opens the spool and returns the records not yet delivered, oldest first. */
  recover(): LogRecord[] {
    try {
      mkdirSync(this.opts.dir, { recursive: true });
      this.acked = readCursor(join(this.opts.dir, CURSOR));
      this.ackedWritten = this.acked;
      const out: LogRecord[] = [];
      for (const name of readdirSync(this.opts.dir).sort()) {
        const m = SEGMENT.exec(name);
        if (!m) continue;
        const seg: Segment = { seq: Number(m[1]), path: join(this.opts.dir, name), bytes: 0, lastSeq: -1 };
        this.readSegment(seg, out);
        this.segments.push(seg);
        this.diskBytes += seg.bytes;
      }
      this.nextSeq = Math.max(this.acked + 1, ...this.segments.map((s) => s.lastSeq + 1));
      this.dropDelivered();
      return out;
    } catch (err) {
      throw new SpoolError(`cannot open the export spool in ${this.opts.dir}: ${(err as Error).message}`);
    }
  }

  /** Records accepted into the queue; written by the next `flush`. */
  append(records: LogRecord[]): void {
    if (records.length === 0) return;
    if (this.bufferedCount === 0) this.firstBufferedSeq = this.nextSeq;
    const payload = Buffer.from(JSON.stringify(records), 'utf8');
    this.buffered.push(frame(payload, records.length, this.nextSeq));
    this.bufferedBytes += payload.length + HEADER;
    this.bufferedCount += records.length;
    this.nextSeq += records.length;
  }

  /** The oldest `n` records not yet delivered were delivered (or given up for good). */
  ack(n: number): void {
    this.acked += n;
  }

  /** Records spooled or buffered and not yet delivered. */
  get pending(): number {
    return this.nextSeq - 1 - this.acked;
  }

  /** True while the spool on disk is at its byte bound (the sink then pushes back on inputs). */
  get full(): boolean {
    return this.diskBytes + this.bufferedBytes >= this.opts.maxBytes;
  }

  /** Writes what was appended, fsyncs it, then records the delivery cursor and deletes delivered segments. */
  flush(): void {
    if (this.bufferedCount > 0) {
      const data = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered, this.bufferedBytes);
      const seg = this.activeSegment();
      let at = 0;
      while (at < data.length) at += writeSync(this.fd, data, at, data.length - at);
      fsyncSync(this.fd);
      seg.bytes += data.length;
      seg.lastSeq = this.firstBufferedSeq + this.bufferedCount - 1;
      this.diskBytes += data.length;
      this.buffered = [];
      this.bufferedBytes = 0;
      this.bufferedCount = 0;
    }
    if (this.acked !== this.ackedWritten) {
      writeCursor(join(this.opts.dir, CURSOR), this.acked);
      this.ackedWritten = this.acked;
      this.dropDelivered();
    }
  }

  close(): void {
    this.flush();
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private activeSegment(): Segment {
    let seg = this.segments[this.segments.length - 1];
    if (seg === undefined || this.fd < 0 || seg.bytes >= this.opts.segmentBytes) {
      if (this.fd >= 0) closeSync(this.fd);
      const seq = seg === undefined ? 0 : seg.seq + 1;
      seg = { seq, path: join(this.opts.dir, `segment-${String(seq).padStart(12, '0')}.log`), bytes: 0, lastSeq: -1 };
      this.fd = openSync(seg.path, 'a');
      this.segments.push(seg);
    }
    return seg;
  }

  /** Deletes segments whose every record was delivered, except the one being written. */
  private dropDelivered(): void {
    while (this.segments.length > 0) {
      const seg = this.segments[0];
      const active = this.fd >= 0 && seg === this.segments[this.segments.length - 1];
      if (active || seg.lastSeq > this.acked) break;
      unlinkSync(seg.path);
      this.diskBytes -= seg.bytes;
      this.segments.shift();
    }
  }

  /** Reads a segment's valid frames; a torn or corrupt frame ends it, and the file is cut there. */
  private readSegment(seg: Segment, out: LogRecord[]): void {
    const data = readFileSync(seg.path);
    let at = 0;
    while (at + HEADER <= data.length) {
      if (data.readUInt32LE(at) !== MAGIC) break;
      const length = data.readUInt32LE(at + 4);
      const sum = data.readUInt32LE(at + 8);
      const count = data.readUInt32LE(at + 12);
      const first = Number(data.readBigUInt64LE(at + 16));
      if (at + HEADER + length > data.length) break;
      const payload = data.subarray(at + HEADER, at + HEADER + length);
      if (crc32(payload) !== sum) break;
      let records: LogRecord[];
      try {
        records = JSON.parse(payload.toString('utf8')) as LogRecord[];
      } catch {
        break;
      }
      if (!Array.isArray(records) || records.length !== count) break;
      for (let i = 0; i < count; i++) if (first + i > this.acked) out.push(records[i]);
      seg.lastSeq = first + count - 1;
      at += HEADER + length;
    }
    if (at < data.length) truncateSync(seg.path, at);
    seg.bytes = at;
    if (statSync(seg.path).size !== at) throw new Error(`could not cut ${seg.path} at its last whole frame`);
  }
}

function frame(payload: Buffer, count: number, firstSeq: number): Buffer {
  const header = Buffer.allocUnsafe(HEADER);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(payload.length, 4);
  header.writeUInt32LE(crc32(payload), 8);
  header.writeUInt32LE(count, 12);
  header.writeBigUInt64LE(BigInt(firstSeq), 16);
  return Buffer.concat([header, payload]);
}

function readCursor(path: string): number {
  try {
    const v = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(v) && v >= -1 ? v : -1;
  } catch {
    return -1;
  }
}

/** Written whole or not at all: a temporary file renamed over the old one. */
function writeCursor(path: string, acked: number): void {
  const tmp = path + '.tmp';
  writeFileSync(tmp, String(acked) + '\n');
  renameSync(tmp, path);
}
