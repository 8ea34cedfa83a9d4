import { isAscii } from 'node:buffer';
import type { PodIdentity, RawEntry } from '../../model/record.js';

/**
 * A batch of RawEntries in the form that crosses threads cheaply: the other fields in typed
 * arrays (transferred), each distinct pod, stream key, stream and container id once in a table (a
 * batch usually has one or two of each), and the lines in one of two forms. Lines a source made
 * as strings travel as an array of strings (structured clone copies each one's characters and
 * little else: cheaper than encoding them). Lines a source still had as UTF-8 bytes (the Fluent
 * Bit msgpack reader) travel as those bytes in one transferred buffer, which for a request is the
 * body itself (`lend`): the main thread then makes no string, no entry object and no copy per
 * line, and the worker decodes each line itself. Cloning the entries themselves would cost about a microsecond per
 * object.
 * The same form is what the HTTP input queues (`IngestQueue.offerPacked`), so a request's
 * records reach a worker without being taken apart on the main thread.
 * A new RawEntry field must be packed here too, or it is lost on the way to a worker.
 */
export interface PackedEntries {
  count: number;
  /** The lines that came as strings, in entry order. */
  lines: string[];
  /** The UTF-8 text of the lines that came as bytes (copied in, or the request body itself). */
  text: Uint8Array;
  /** Per entry: where its line is in `text`; an end of -1: its line is the next of `lines`. */
  textStarts: Int32Array;
  textEnds: Int32Array;
  /** NaN: no time from the transport. */
  times: Float64Array;
  /** 1 when the transport removed container framing (RawEntry.unwrapped). */
  unwrapped: Uint8Array;
  /** The sender's SeverityNumber (RawEntry.severityNumber, 1-24); 0: none. */
  severity: Uint8Array;
  /** Index + 1 into `pods` (0: none); likewise for the other tables. */
  pod: Uint16Array;
  streamKey: Uint16Array;
  stream: Uint16Array;
  containerId: Uint16Array;
  pods: PodIdentity[];
  strings: string[];
}

/** Bytes a packed entry costs besides its line: its typed columns (what the queue counts). */
export const PACKED_ENTRY_BYTES = 4 + 4 + 8 + 1 + 1 + 2 * 4;

/** Values of table columns, deduplicated (several columns may share one table). */
class Table<T> {
  readonly values: T[] = [];
  private readonly index = new Map<T, number>();

  /** Index + 1 of `v` (0 for undefined). */
  ref(v: T | undefined): number {
    if (v === undefined) return 0;
    let i = this.index.get(v);
    if (i === undefined) {
      // The tables are Uint16: a batch with more distinct values is cut by the packer first.
      i = this.values.push(v);
      this.index.set(v, i);
    }
    return i;
  }

  get size(): number {
    return this.values.length;
  }
}

/**
 * One column's references into a table, remembering the column's last value: runs are the rule
 * (a request's records share one pod, stream key and container id), and a per-column memo keeps
 * hitting where one per table would not (three columns share the strings table).
 */
class Column<T> {
  private last: T | undefined;
  private lastRef = 0;

  constructor(private table: Table<T>) {}

  ref(v: T | undefined): number {
    if (v === this.last) return this.lastRef;
    const r = this.table.ref(v);
    this.last = v;
    this.lastRef = r;
    return r;
  }

  /** A new batch: a new table, nothing remembered. */
  reset(table: Table<T>): void {
    this.table = table;
    this.last = undefined;
    this.lastRef = 0;
  }
}

/** Distinct values a batch may hold in one table (the index columns are Uint16). */
const MAX_DISTINCT = 60_000;

/** Collects entries bound for one worker; `take` hands over the packed batch and starts a new one. */
export class EntryPacker {
  private parts: string[] = [];
  private chars = 0;
  private n = 0;
  private text = new Uint8Array(0);
  private textLength = 0;
  /** A buffer whose bytes are referenced rather than copied (see lend). */
  private lent?: Uint8Array;
  private lentOwned = false;
  private textStarts = new Int32Array(1024);
  private textEnds = new Int32Array(1024);
  private times = new Float64Array(1024);
  private unwrapped = new Uint8Array(1024);
  private severity = new Uint8Array(1024);
  private pod = new Uint16Array(1024);
  private streamKey = new Uint16Array(1024);
  private stream = new Uint16Array(1024);
  private containerId = new Uint16Array(1024);
  private pods = new Table<PodIdentity>();
  private strings = new Table<string>();
  private readonly podCol = new Column(this.pods);
  private readonly keyCol = new Column(this.strings);
  private readonly streamCol = new Column(this.strings);
  private readonly idCol = new Column(this.strings);

  get count(): number {
    return this.n;
  }

  /** Line text held: UTF-16 code units of string lines plus bytes of byte lines (or of the lent buffer). */
  get textSize(): number {
    return this.chars + (this.lent?.byteLength ?? this.textLength);
  }

  /** What the batch holds in memory, about: its line text (all of a lent buffer) and its columns. */
  get bytes(): number {
    return this.textSize + this.n * PACKED_ENTRY_BYTES;
  }

  /**
   * Byte lines added from `src` from now on are referenced in it, not copied: the batch carries
   * all of `src` (a request body: the lines are most of it, and one buffer handed over costs less
   * than a copy per line). `owned`: nothing else uses `src` again, so `take` may hand it to a
   * worker as it is (transferred: it is unusable here afterwards); otherwise `take` copies it.
   * Only for an empty packer; its byte lines must then all come from `src`.
   */
  lend(src: Uint8Array, owned: boolean): void {
    if (this.n > 0) throw new Error('lend() on a packer that holds entries');
    this.lent = src;
    this.lentOwned = owned;
  }

  /** True when the batch should be taken before more is added (a table is nearly full). */
  get full(): boolean {
    return this.pods.size >= MAX_DISTINCT || this.strings.size >= MAX_DISTINCT;
  }

  add(e: RawEntry): void {
    const i = this.n;
    if (i === this.times.length) this.grow();
    this.parts.push(e.line);
    this.chars += e.line.length;
    this.textStarts[i] = 0;
    this.textEnds[i] = -1;
    this.times[i] = e.timeMs ?? NaN;
    this.unwrapped[i] = e.unwrapped === true ? 1 : 0;
    this.severity[i] = e.severityNumber ?? 0;
    this.pod[i] = this.podCol.ref(e.pod);
    this.streamKey[i] = this.keyCol.ref(e.streamKey);
    this.stream[i] = this.streamCol.ref(e.stream);
    this.containerId[i] = this.idCol.ref(e.containerId);
    this.n = i + 1;
  }

  /**
   * An entry whose line is the UTF-8 bytes `src[start, end)`, copied in as they are or referenced
   * in the lent buffer (the worker decodes them as `Buffer#toString('utf8')` would: invalid
   * sequences become U+FFFD).
   */
  addBytes(
    src: Uint8Array,
    start: number,
    end: number,
    timeMs: number | undefined,
    pod: PodIdentity | undefined,
    streamKey: string | undefined,
    stream: string | undefined,
    unwrapped: boolean,
    containerId: string | undefined,
  ): void {
    const i = this.n;
    if (i === this.times.length) this.grow();
    if (this.lent !== undefined) {
      if (src !== this.lent) throw new Error('a byte line from another buffer than the lent one');
      this.textStarts[i] = start;
      this.textEnds[i] = end;
    } else {
      const len = end - start;
      let at = this.textLength;
      if (at + len > this.text.length) this.growText(at + len);
      const text = this.text;
      this.textStarts[i] = at;
      // Most lines are short: a loop beats the native copy's call and view for them.
      if (len <= 64) for (let k = start; k < end; k++) text[at++] = src[k];
      else {
        text.set(src.subarray(start, end), at);
        at += len;
      }
      this.textLength = at;
      this.textEnds[i] = at;
    }
    this.times[i] = timeMs ?? NaN;
    this.unwrapped[i] = unwrapped ? 1 : 0;
    this.severity[i] = 0;
    this.pod[i] = this.podCol.ref(pod);
    this.streamKey[i] = this.keyCol.ref(streamKey);
    this.stream[i] = this.streamCol.ref(stream);
    this.containerId[i] = this.idCol.ref(containerId);
    this.n = i + 1;
  }

  /** Entry `i` of a packed batch (`lineIndex`: its line's index in `lines` when a string line; see PackedCursor). */
  addFrom(p: PackedEntries, i: number, lineIndex: number): void {
    const end = p.textEnds[i];
    const t = p.times[i];
    const podRef = p.pod[i];
    const keyRef = p.streamKey[i];
    const streamRef = p.stream[i];
    const idRef = p.containerId[i];
    const pod = podRef === 0 ? undefined : p.pods[podRef - 1];
    const key = keyRef === 0 ? undefined : p.strings[keyRef - 1];
    const stream = streamRef === 0 ? undefined : p.strings[streamRef - 1];
    const id = idRef === 0 ? undefined : p.strings[idRef - 1];
    if (end >= 0) {
      this.addBytes(p.text, p.textStarts[i], end, t === t ? t : undefined, pod, key, stream, p.unwrapped[i] === 1, id);
      this.severity[this.n - 1] = p.severity[i];
      return;
    }
    const sev = p.severity[i];
    this.add({ line: p.lines[lineIndex], timeMs: t === t ? t : undefined, pod, streamKey: key, stream, unwrapped: p.unwrapped[i] === 1, containerId: id, severityNumber: sev === 0 ? undefined : sev });
  }

  take(): PackedEntries {
    const n = this.n;
    const packed: PackedEntries = {
      count: n,
      lines: this.parts,
      text: this.takeText(),
      textStarts: this.textStarts.slice(0, n),
      textEnds: this.textEnds.slice(0, n),
      times: this.times.slice(0, n),
      unwrapped: this.unwrapped.slice(0, n),
      severity: this.severity.slice(0, n),
      pod: this.pod.slice(0, n),
      streamKey: this.streamKey.slice(0, n),
      stream: this.stream.slice(0, n),
      containerId: this.containerId.slice(0, n),
      pods: this.pods.values,
      strings: this.strings.values,
    };
    this.parts = [];
    this.chars = 0;
    this.textLength = 0;
    this.n = 0;
    this.pods = new Table();
    this.strings = new Table();
    this.podCol.reset(this.pods);
    this.keyCol.reset(this.strings);
    this.streamCol.reset(this.strings);
    this.idCol.reset(this.strings);
    return packed;
  }

  /** The byte lines' buffer for a batch: the lent one when it may be transferred, else a copy. */
  private takeText(): Uint8Array {
    const lent = this.lent;
    this.lent = undefined;
    if (lent !== undefined) {
      const whole = lent.byteOffset === 0 && lent.byteLength === lent.buffer.byteLength && lent.buffer instanceof ArrayBuffer;
      return this.lentOwned && whole ? lent : lent.slice();
    }
    return this.text.slice(0, this.textLength);
  }

  private growText(need: number): void {
    const b = new Uint8Array(Math.max(need, this.text.length * 2, 64 * 1024));
    b.set(this.text.subarray(0, this.textLength));
    this.text = b;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const grow = <A extends Float64Array | Int32Array | Uint8Array | Uint16Array>(a: A, make: (n: number) => A): A => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.textStarts = grow(this.textStarts, (n) => new Int32Array(n));
    this.textEnds = grow(this.textEnds, (n) => new Int32Array(n));
    this.times = grow(this.times, (n) => new Float64Array(n));
    this.unwrapped = grow(this.unwrapped, (n) => new Uint8Array(n));
    this.severity = grow(this.severity, (n) => new Uint8Array(n));
    this.pod = grow(this.pod, (n) => new Uint16Array(n));
    this.streamKey = grow(this.streamKey, (n) => new Uint16Array(n));
    this.stream = grow(this.stream, (n) => new Uint16Array(n));
    this.containerId = grow(this.containerId, (n) => new Uint16Array(n));
  }
}

/** The buffers of a packed batch, to transfer rather than copy. */
export function transferables(p: PackedEntries): ArrayBuffer[] {
  return [p.text, p.textStarts, p.textEnds, p.times, p.unwrapped, p.severity, p.pod, p.streamKey, p.stream, p.containerId].map((a) => a.buffer as ArrayBuffer);
}

/** Decodes UTF-8 text the way Buffer#toString does (Node's own slice, no options to sort out). */
type Utf8Buffer = Buffer & { utf8Slice(start: number, end: number): string; latin1Slice(start: number, end: number): string };

function utf8View(text: Uint8Array): Utf8Buffer {
  return Buffer.from(text.buffer, text.byteOffset, text.byteLength) as Utf8Buffer;
}

/**
 * The entries again, written into `into` (reused between batches: the pipeline does not keep
 * entry objects, only their values). Pods arrive as structured clones, one object per distinct
 * pod per batch; `internPod` gives the worker's own shared object for each. Byte lines are
 * decoded here, each into a string of its own (a slice of one batch-wide string would keep the
 * whole batch's text alive as long as the pipeline keeps any line).
 */
export function unpackEntries(p: PackedEntries, into: RawEntry[], internPod: (pod: PodIdentity) => PodIdentity): RawEntry[] {
  const unpacker = new EntryUnpacker(p, internPod);
  unpacker.next(into, p.count);
  return into;
}

/**
 * unpackEntries a slice at a time: a worker decodes and processes a few hundred lines at once,
 * so a slice's strings and records die young (a whole batch's, thousands, outlived scavenges
 * and were copied; see pipeline-worker.ts).
 */
export class EntryUnpacker {
  private readonly pods: PodIdentity[];
  private readonly text: Utf8Buffer | undefined;
  /** The byte lines are all ASCII (most logs): copied as Latin-1, the same chars, about twice as fast. */
  private readonly ascii: boolean;
  private at = 0;
  private nextLine = 0;

  constructor(
    private readonly p: PackedEntries,
    internPod: (pod: PodIdentity) => PodIdentity,
  ) {
    this.pods = p.pods.map(internPod);
    this.text = p.text.byteLength > 0 ? utf8View(p.text) : undefined;
    this.ascii = this.text !== undefined && isAscii(this.text);
  }

  /** Entries not yet unpacked. */
  get left(): number {
    return this.p.count - this.at;
  }

  /** The next `max` entries at most into `into` (its length set to their number). */
  next(into: RawEntry[], max: number): RawEntry[] {
    const p = this.p;
    const pods = this.pods;
    const strings = p.strings;
    const lines = p.lines;
    const starts = p.textStarts;
    const ends = p.textEnds;
    const text = this.text;
    const from = this.at;
    const n = Math.min(max, p.count - from);
    into.length = n;
    for (let j = 0; j < n; j++) {
      const i = from + j;
      const t = p.times[i];
      const podRef = p.pod[i];
      const keyRef = p.streamKey[i];
      const streamRef = p.stream[i];
      const idRef = p.containerId[i];
      const e: RawEntry = into[j] ?? { line: '', timeMs: undefined, pod: undefined, streamKey: undefined, stream: undefined, unwrapped: false, containerId: undefined, severityNumber: undefined };
      const end = ends[i];
      if (end < 0) e.line = lines[this.nextLine++];
      else {
        const start = starts[i];
        e.line = end === start ? '' : this.ascii ? text!.latin1Slice(start, end) : text!.utf8Slice(start, end);
      }
      e.timeMs = t === t ? t : undefined;
      e.pod = podRef === 0 ? undefined : pods[podRef - 1];
      e.streamKey = keyRef === 0 ? undefined : strings[keyRef - 1];
      e.stream = streamRef === 0 ? undefined : strings[streamRef - 1];
      e.unwrapped = p.unwrapped[i] === 1;
      e.containerId = idRef === 0 ? undefined : strings[idRef - 1];
      const sev = p.severity[i];
      e.severityNumber = sev === 0 ? undefined : sev;
      into[j] = e;
    }
    this.at = from + n;
    return into;
  }
}

/**
 * Walks a packed batch's entries in order, knowing which string line is whose: what a consumer
 * that splits a batch needs (byte lines say where they are themselves).
 */
export class PackedCursor {
  /** Index into `lines` of entry i's line when it is a string line. */
  lineIndex = 0;

  constructor(private readonly p: PackedEntries) {}

  /** Past entry i (call once per entry, in order). */
  advance(i: number): void {
    if (this.p.textEnds[i] < 0) this.lineIndex++;
  }
}

/** Entry i's line as a string (a router that must look at it; byte lines are decoded for it). */
export function packedLine(p: PackedEntries, i: number, cursor: PackedCursor): string {
  const end = p.textEnds[i];
  if (end < 0) return p.lines[cursor.lineIndex];
  return utf8View(p.text).utf8Slice(p.textStarts[i], end);
}
