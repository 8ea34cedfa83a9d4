import type { PodIdentity, RawEntry } from '../../model/record.js';

/**
 * A batch of RawEntries in the form that crosses threads cheaply: the lines as an array of
 * strings (structured clone copies each one's characters and little else: cheaper than joining
 * them first), the other fields in typed arrays (transferred), and each distinct pod, stream key,
 * stream and container id once in a table (a batch usually has one or two of each). Cloning the
 * entries themselves would cost about a microsecond per object.
 * A new RawEntry field must be packed here too, or it is lost on the way to a worker.
 */
export interface PackedEntries {
  count: number;
  lines: string[];
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

/** Values of one table column, deduplicated; the last value is remembered (runs are common). */
class Table<T> {
  readonly values: T[] = [];
  private readonly index = new Map<T, number>();
  private last: T | undefined;
  private lastIndex = 0;

  /** Index + 1 of `v` (0 for undefined). */
  ref(v: T | undefined): number {
    if (v === undefined) return 0;
    if (v === this.last) return this.lastIndex;
    let i = this.index.get(v);
    if (i === undefined) {
      // The tables are Uint16: a batch with more distinct values is cut by the packer first.
      i = this.values.push(v);
      this.index.set(v, i);
    }
    this.last = v;
    this.lastIndex = i;
    return i;
  }

  get size(): number {
    return this.values.length;
  }
}

/** Distinct values a batch may hold in one table (the index columns are Uint16). */
const MAX_DISTINCT = 60_000;

/** Collects entries bound for one worker; `take` hands over the packed batch and starts a new one. */
export class EntryPacker {
  private parts: string[] = [];
  private chars = 0;
  private n = 0;
  private times = new Float64Array(1024);
  private unwrapped = new Uint8Array(1024);
  private severity = new Uint8Array(1024);
  private pod = new Uint16Array(1024);
  private streamKey = new Uint16Array(1024);
  private stream = new Uint16Array(1024);
  private containerId = new Uint16Array(1024);
  private pods = new Table<PodIdentity>();
  private strings = new Table<string>();

  get count(): number {
    return this.n;
  }

  /** UTF-16 code units of line text held. */
  get textLength(): number {
    return this.chars;
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
    this.times[i] = e.timeMs ?? NaN;
    this.unwrapped[i] = e.unwrapped === true ? 1 : 0;
    this.severity[i] = e.severityNumber ?? 0;
    this.pod[i] = this.pods.ref(e.pod);
    this.streamKey[i] = this.strings.ref(e.streamKey);
    this.stream[i] = this.strings.ref(e.stream);
    this.containerId[i] = this.strings.ref(e.containerId);
    this.n = i + 1;
  }

  take(): PackedEntries {
    const n = this.n;
    const packed: PackedEntries = {
      count: n,
      lines: this.parts,
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
    this.n = 0;
    this.pods = new Table();
    this.strings = new Table();
    return packed;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const grow = <A extends Float64Array | Uint8Array | Uint16Array>(a: A, make: (n: number) => A): A => {
      const b = make(size);
      b.set(a);
      return b;
    };
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
  return [p.times, p.unwrapped, p.severity, p.pod, p.streamKey, p.stream, p.containerId].map((a) => a.buffer as ArrayBuffer);
}

/**
 * The entries again, written into `into` (reused between batches: the pipeline does not keep
 * entry objects, only their values). Pods arrive as structured clones, one object per distinct
 * pod per batch; `internPod` gives the worker's own shared object for each.
 */
export function unpackEntries(p: PackedEntries, into: RawEntry[], internPod: (pod: PodIdentity) => PodIdentity): RawEntry[] {
  const pods = p.pods.map(internPod);
  const strings = p.strings;
  const lines = p.lines;
  into.length = p.count;
  for (let i = 0; i < p.count; i++) {
    const t = p.times[i];
    const podRef = p.pod[i];
    const keyRef = p.streamKey[i];
    const streamRef = p.stream[i];
    const idRef = p.containerId[i];
    const e: RawEntry = into[i] ?? { line: '', timeMs: undefined, pod: undefined, streamKey: undefined, stream: undefined, unwrapped: false, containerId: undefined, severityNumber: undefined };
    e.line = lines[i];
    e.timeMs = t === t ? t : undefined;
    e.pod = podRef === 0 ? undefined : pods[podRef - 1];
    e.streamKey = keyRef === 0 ? undefined : strings[keyRef - 1];
    e.stream = streamRef === 0 ? undefined : strings[streamRef - 1];
    e.unwrapped = p.unwrapped[i] === 1;
    e.containerId = idRef === 0 ? undefined : strings[idRef - 1];
    const sev = p.severity[i];
    e.severityNumber = sev === 0 ? undefined : sev;
    into[i] = e;
  }
  return into;
}
