import { UNKNOWN } from '../../model/record.js';
import { containerIdOf } from '../../decode/pod-identity.js';
import { epochToMs, parseIsoTime } from '../../decode/timestamp.js';
import type { EntryBatch } from './entry-batch.js';
import type { InternedPod } from './pod-interner.js';

/**
 * A lean reader for Fluent Bit's msgpack event stream that walks the bytes once and decodes only
 * what an entry needs (message, stream, time, the kubernetes map's pod and container-id fields), skipping the rest
 * without allocating. Building every record as an object (msgpackr) cost a fifth of the ingest
 * CPU, most of it the kubernetes map each record repeats.
 *
 * It gives exactly what msgpackr + EntryBatch.addRecord would. Anything it does not model (an
 * ext type other than EventTime, non-string keys, a record that is not a map, nesting deeper than
 * MAX_DEPTH, a truncated event...) makes it stop and return the offset of that event, so the
 * caller hands the rest of the body to msgpackr, which decides (and reports errors) as before.
 */

/** Nesting skipped by recursion; deeper values go to msgpackr, which was the behaviour before. */
const MAX_DEPTH = 64;

/** Returned by the value readers for "not modelled here": the caller falls back to msgpackr. */
const UNUSUAL = -1;

// What readScalar found (typed number so comparisons after a call are not narrowed away).
const KIND_OTHER: number = 0;
const KIND_STRING: number = 1;
const KIND_NUMBER: number = 2;
const KIND_ARRAY: number = 3;
const KIND_MAP: number = 4;

const ROLE_STREAM = 1;
const ROLE_KUBERNETES = 2;
/** GELF's flattened kubernetes fields: rare in msgpack, left to msgpackr. */
const ROLE_UNUSUAL = 3;

interface KeyEntry {
  readonly bytes: Buffer;
  /** Index among message keys (then short_message, full_message), or -1. */
  msg: number;
  /** Index among date keys, or -1. */
  date: number;
  role: number;
}

const KUBE_POD = 0;
const KUBE_NAMESPACE = 1;
const KUBE_CONTAINER = 2;
const KUBE_HOST = 3;
const KUBE_DOCKER_ID = 4;
const KUBE_CONTAINER_HASH = 5;
const KUBE_KEYS = ['pod_name', 'namespace_name', 'container_name', 'host', 'docker_id', 'container_hash'].map((k) => Buffer.from(k));

const STDOUT = Buffer.from('stdout');
const STDERR = Buffer.from('stderr');

type Utf8Buffer = Buffer & { utf8Slice(start: number, end: number): string };

/** Where the reader stopped; `done` when it read the whole body. */
export interface LeanResult {
  done: boolean;
  /** Offset of the first event not consumed (the fallback starts there). */
  offset: number;
}

/**
 * Per configuration (message and date keys): the key table, and the scratch state of the record
 * being read. One per http source; not re-entrant (reading is synchronous).
 */
export class FluentEventReader {
  /** Key entries by UTF-8 byte length. */
  private readonly byLength: KeyEntry[][] = [];
  /** False when a configured key is one msgpackr treats specially; then msgpackr does it all. */
  readonly usable: boolean;
  private readonly msgCount: number;
  private readonly dateCount: number;

  // Scratch for the record being read: byte ranges into the body (start -1 = absent / not a string).
  private readonly msgStart: Int32Array;
  private readonly msgEnd: Int32Array;
  /** 0 absent or unusable, 1 string (dateStart..dateEnd), 2 number (dateNum). */
  private readonly dateKind: Uint8Array;
  private readonly dateStart: Int32Array;
  private readonly dateEnd: Int32Array;
  private readonly dateNum: Float64Array;
  private stream: 'stdout' | 'stderr' | undefined;
  /** Event time from the header, or undefined (then the date keys are read). */
  private eventTime: number | undefined;
  /** 0 no kubernetes key, 1 a new value (fields below), 2 the same bytes as the previous one. */
  private kube = 0;
  // The last kubernetes value read in this body, and its pod: a body is one tag, so one pod, and
  // comparing the map's bytes costs less than parsing it (msgpack values are self-delimiting).
  private prevKubeStart = -1;
  private prevKubeEnd = -1;
  private prevPod: InternedPod | undefined;
  private prevContainerId: string | undefined;
  private readonly kubeFieldStart = new Int32Array(KUBE_KEYS.length);
  private readonly kubeFieldEnd = new Int32Array(KUBE_KEYS.length);

  // Output of readScalar.
  private kind = 0;
  private strStart = 0;
  private strEnd = 0;
  private num = 0;
  private count = 0;

  constructor(messageKeys: readonly string[], dateKeys: readonly string[]) {
    const all = [...messageKeys, 'short_message', 'full_message'];
    this.msgCount = all.length;
    this.dateCount = dateKeys.length;
    // msgpackr renames a `__proto__` key to `__proto_`; such configured keys stay with msgpackr,
    // as does `kubernetes` configured as a message or date key.
    this.usable = ![...all, ...dateKeys].some((k) => k.startsWith('__proto_') || k === 'kubernetes');
    all.forEach((k, i) => {
      const e = this.entry(k);
      if (e.msg < 0) e.msg = i;
    });
    dateKeys.forEach((k, i) => {
      const e = this.entry(k);
      if (e.date < 0) e.date = i;
    });
    this.entry('stream').role = ROLE_STREAM;
    this.entry('kubernetes').role = ROLE_KUBERNETES;
    this.entry('_kubernetes_pod_name').role = ROLE_UNUSUAL;
    this.msgStart = new Int32Array(this.msgCount);
    this.msgEnd = new Int32Array(this.msgCount);
    this.dateKind = new Uint8Array(this.dateCount);
    this.dateStart = new Int32Array(this.dateCount);
    this.dateEnd = new Int32Array(this.dateCount);
    this.dateNum = new Float64Array(this.dateCount);
  }

  private entry(key: string): KeyEntry {
    const bytes = Buffer.from(key, 'utf8');
    const list = (this.byLength[bytes.length] ??= []);
    let e = list.find((x) => x.bytes.equals(bytes));
    if (e === undefined) {
      e = { bytes, msg: -1, date: -1, role: 0 };
      list.push(e);
    }
    return e;
  }

  /**
   * Adds the events of `body` to `batch` until one it does not model; see LeanResult.
   * Throws only what the batch throws (too many records).
   */
  read(body: Buffer, batch: EntryBatch): LeanResult {
    const end = body.length;
    let pos = 0;
    this.prevKubeStart = -1;
    this.prevPod = undefined;
    this.prevContainerId = undefined;
    while (pos < end) {
      const next = this.readEvent(body, pos, end);
      if (next === UNUSUAL) return { done: false, offset: pos };
      let pod: InternedPod | undefined;
      let containerId: string | undefined;
      if (this.kube === 2) {
        pod = this.prevPod;
        containerId = this.prevContainerId;
      } else if (this.kube === 1) {
        pod = this.prevPod = this.kubePod(body, batch);
        containerId = this.prevContainerId = pod === undefined ? undefined : this.kubeContainerId(body);
      }
      const m = this.messageIndex();
      batch.addFieldBytes(body, m < 0 ? -1 : this.msgStart[m], m < 0 ? -1 : this.msgEnd[m], this.eventTime ?? this.dateTime(body), pod, this.stream, containerId);
      pos = next;
    }
    return { done: true, offset: end };
  }

  /** The first decodable date key's time (timeFromJsonValue). */
  private dateTime(body: Buffer): number | undefined {
    for (let i = 0; i < this.dateCount; i++) {
      const k = this.dateKind[i];
      let ms = NaN;
      if (k === 1) ms = parseIsoTime((body as Utf8Buffer).utf8Slice(this.dateStart[i], this.dateEnd[i]));
      else if (k === 2) ms = epochToMs(this.dateNum[i]);
      if (ms === ms) return ms;
    }
    return undefined;
  }

  /** The first message key present with a string value, or -1. */
  private messageIndex(): number {
    for (let i = 0; i < this.msgCount; i++) if (this.msgStart[i] >= 0) return i;
    return -1;
  }

  private kubePod(body: Buffer, batch: EntryBatch): InternedPod | undefined {
    const fs = this.kubeFieldStart;
    const fe = this.kubeFieldEnd;
    // podFromKubernetesMap: pod and namespace must be non-empty strings.
    if (fs[KUBE_POD] < 0 || fs[KUBE_NAMESPACE] < 0) return undefined;
    const b = body as Utf8Buffer;
    const pod = b.utf8Slice(fs[KUBE_POD], fe[KUBE_POD]);
    const namespace = b.utf8Slice(fs[KUBE_NAMESPACE], fe[KUBE_NAMESPACE]);
    const container = fs[KUBE_CONTAINER] >= 0 ? b.utf8Slice(fs[KUBE_CONTAINER], fe[KUBE_CONTAINER]) : UNKNOWN;
    const identity =
      fs[KUBE_HOST] >= 0 ? { namespace, pod, container, node: b.utf8Slice(fs[KUBE_HOST], fe[KUBE_HOST]) } : { namespace, pod, container };
    return batch.interner.intern(identity);
  }

  /** The map's `docker_id` (else `container_hash`), as containerIdFromKubernetesMap reads them. */
  private kubeContainerId(body: Buffer): string | undefined {
    const fs = this.kubeFieldStart;
    const fe = this.kubeFieldEnd;
    const b = body as Utf8Buffer;
    const id = fs[KUBE_DOCKER_ID] >= 0 ? b.utf8Slice(fs[KUBE_DOCKER_ID], fe[KUBE_DOCKER_ID]) : undefined;
    const hash = fs[KUBE_CONTAINER_HASH] >= 0 ? b.utf8Slice(fs[KUBE_CONTAINER_HASH], fe[KUBE_CONTAINER_HASH]) : undefined;
    return containerIdOf(id, hash);
  }

  /** One `[header, record, ...]` event at `pos`: fills the scratch state, returns the offset after it. */
  private readEvent(b: Buffer, start: number, end: number): number {
    let pos = this.readScalar(b, start, end);
    if (pos === UNUSUAL || this.kind !== KIND_ARRAY || this.count < 2) return UNUSUAL;
    const items = this.count;
    pos = this.readHeader(b, pos, end);
    if (pos === UNUSUAL) return UNUSUAL;
    pos = this.readRecord(b, pos, end);
    if (pos === UNUSUAL) return UNUSUAL;
    for (let i = 2; i < items && pos !== UNUSUAL; i++) pos = skip(b, pos, end, 1);
    return pos;
  }

  /** EventTime, `[EventTime, meta]` (v2) or a number (legacy); anything else means no event time. */
  private readHeader(b: Buffer, start: number, end: number): number {
    this.eventTime = undefined;
    let pos = this.readScalar(b, start, end);
    if (pos === UNUSUAL) return UNUSUAL;
    if (this.kind === KIND_ARRAY) {
      const items = this.count;
      if (items === 0) return pos;
      pos = this.readScalar(b, pos, end);
      if (pos === UNUSUAL) return UNUSUAL;
      if (this.kind === KIND_NUMBER) this.eventTime = eventTimeMs(this.num);
      else if (this.kind === KIND_ARRAY || this.kind === KIND_MAP) pos = skipContents(b, pos, end, this.kind, this.count, 2);
      for (let i = 1; i < items && pos !== UNUSUAL; i++) pos = skip(b, pos, end, 2);
      return pos;
    }
    if (this.kind === KIND_NUMBER) this.eventTime = eventTimeMs(this.num);
    else if (this.kind === KIND_MAP) pos = skipContents(b, pos, end, KIND_MAP, this.count, 1);
    return pos;
  }

  private readRecord(b: Buffer, start: number, end: number): number {
    let pos = this.readScalar(b, start, end);
    if (pos === UNUSUAL || this.kind !== KIND_MAP) return UNUSUAL;
    const pairs = this.count;
    this.msgStart.fill(-1);
    this.dateKind.fill(0);
    this.stream = undefined;
    this.kube = 0;
    for (let i = 0; i < pairs; i++) {
      const key = this.keyAt(b, pos, end);
      if (key === null) return UNUSUAL;
      pos = this.strEnd;
      if (key !== undefined && key.role === ROLE_KUBERNETES) {
        pos = this.readKubernetesValue(b, pos, end);
        if (pos === UNUSUAL) return UNUSUAL;
        continue;
      }
      pos = this.readScalar(b, pos, end);
      if (pos === UNUSUAL) return UNUSUAL;
      const kind = this.kind;
      if (kind === KIND_ARRAY || kind === KIND_MAP) {
        pos = skipContents(b, pos, end, kind, this.count, 2);
        if (pos === UNUSUAL) return UNUSUAL;
      }
      if (key === undefined) continue;
      if (key.role === ROLE_UNUSUAL) return UNUSUAL;
      const isStr = kind === KIND_STRING;
      if (key.msg >= 0) {
        this.msgStart[key.msg] = isStr ? this.strStart : -1;
        this.msgEnd[key.msg] = this.strEnd;
      }
      if (key.date >= 0) {
        const d = key.date;
        if (isStr) {
          this.dateKind[d] = 1;
          this.dateStart[d] = this.strStart;
          this.dateEnd[d] = this.strEnd;
        } else if (kind === KIND_NUMBER) {
          this.dateKind[d] = 2;
          this.dateNum[d] = this.num;
        } else {
          this.dateKind[d] = 0;
        }
      }
      if (key.role === ROLE_STREAM) this.stream = isStr ? streamOf(b, this.strStart, this.strEnd) : undefined;
    }
    return pos;
  }

  /** The kubernetes key's value: the same bytes as the previous one, a map to read, or another value. */
  private readKubernetesValue(b: Buffer, start: number, end: number): number {
    const prevLen = this.prevKubeEnd - this.prevKubeStart;
    if (this.prevKubeStart >= 0 && start + prevLen <= end && b.compare(b, this.prevKubeStart, this.prevKubeEnd, start, start + prevLen) === 0) {
      this.kube = 2;
      return start + prevLen;
    }
    let pos = this.readScalar(b, start, end);
    if (pos === UNUSUAL) return UNUSUAL;
    this.kubeFieldStart.fill(-1);
    if (this.kind === KIND_MAP) pos = this.readKubernetes(b, pos, end, this.count);
    else if (this.kind === KIND_ARRAY) pos = skipContents(b, pos, end, KIND_ARRAY, this.count, 2);
    if (pos === UNUSUAL) return UNUSUAL;
    this.kube = 1;
    this.prevKubeStart = start;
    this.prevKubeEnd = pos;
    return pos;
  }

  /** pod_name, namespace_name, container_name, host, docker_id, container_hash of a kubernetes map (last one wins, as in an object). */
  private readKubernetes(b: Buffer, start: number, end: number, pairs: number): number {
    let pos = start;
    const fs = this.kubeFieldStart;
    const fe = this.kubeFieldEnd;
    for (let i = 0; i < pairs; i++) {
      if (!this.strHeader(b, pos, end)) return UNUSUAL;
      const field = kubeField(b, this.strStart, this.strEnd);
      pos = this.readScalar(b, this.strEnd, end);
      if (pos === UNUSUAL) return UNUSUAL;
      if (field >= 0) {
        // str(): only a non-empty string counts.
        fs[field] = this.kind === KIND_STRING && this.strEnd > this.strStart ? this.strStart : -1;
        fe[field] = this.strEnd;
      }
      if (this.kind === KIND_ARRAY || this.kind === KIND_MAP) pos = skipContents(b, pos, end, this.kind, this.count, 3);
      if (pos === UNUSUAL) return UNUSUAL;
    }
    return pos;
  }

  /**
   * A map key at `pos`: its entry, undefined for a key of no interest, null when the key is not a
   * string (msgpackr refuses or coerces those: left to it). Leaves the key's end in strEnd.
   */
  private keyAt(b: Buffer, pos: number, end: number): KeyEntry | undefined | null {
    if (!this.strHeader(b, pos, end)) return null;
    const list = this.byLength[this.strEnd - this.strStart];
    if (list === undefined) return undefined;
    for (let i = 0; i < list.length; i++) {
      if (bytesEqual(b, this.strStart, list[i].bytes)) return list[i];
    }
    return undefined;
  }

  /** A string header at `pos`: sets strStart/strEnd; false when not a string or truncated. */
  private strHeader(b: Buffer, pos: number, end: number): boolean {
    if (pos >= end) return false;
    const t = b[pos];
    let len: number;
    let at: number;
    if (t >= 0xa0 && t <= 0xbf) {
      len = t & 0x1f;
      at = pos + 1;
    } else if (t === 0xd9) {
      if (pos + 2 > end) return false;
      len = b[pos + 1];
      at = pos + 2;
    } else if (t === 0xda) {
      if (pos + 3 > end) return false;
      len = (b[pos + 1] << 8) | b[pos + 2];
      at = pos + 3;
    } else if (t === 0xdb) {
      if (pos + 5 > end) return false;
      len = b.readUInt32BE(pos + 1);
      at = pos + 5;
    } else {
      return false;
    }
    if (at + len > end) return false;
    this.strStart = at;
    this.strEnd = at + len;
    return true;
  }

  /**
   * The value at `pos`: strings (strStart/strEnd) and numbers (num, as msgpackr gives them) are read;
   * for arrays and maps only the header (count), the caller reads or skips the contents; any other
   * value is skipped. Returns the offset after what was read, or UNUSUAL.
   */
  private readScalar(b: Buffer, pos: number, end: number): number {
    if (pos >= end) return UNUSUAL;
    const t = b[pos];
    if (t <= 0x7f) {
      this.kind = KIND_NUMBER;
      this.num = t;
      return pos + 1;
    }
    if (t >= 0xe0) {
      this.kind = KIND_NUMBER;
      this.num = t - 256;
      return pos + 1;
    }
    if (t >= 0xa0 && t <= 0xbf) {
      const at = pos + 1 + (t & 0x1f);
      if (at > end) return UNUSUAL;
      this.kind = KIND_STRING;
      this.strStart = pos + 1;
      this.strEnd = at;
      return at;
    }
    if (t >= 0x80 && t <= 0x8f) {
      this.kind = KIND_MAP;
      this.count = t & 0x0f;
      return pos + 1;
    }
    if (t >= 0x90 && t <= 0x9f) {
      this.kind = KIND_ARRAY;
      this.count = t & 0x0f;
      return pos + 1;
    }
    switch (t) {
      case 0xd9:
      case 0xda:
      case 0xdb:
        if (!this.strHeader(b, pos, end)) return UNUSUAL;
        this.kind = KIND_STRING;
        return this.strEnd;
      case 0xdc:
      case 0xdd:
      case 0xde:
      case 0xdf: {
        const wide = t === 0xdd || t === 0xdf;
        const at = pos + (wide ? 5 : 3);
        if (at > end) return UNUSUAL;
        this.kind = t <= 0xdd ? KIND_ARRAY : KIND_MAP;
        this.count = wide ? b.readUInt32BE(pos + 1) : (b[pos + 1] << 8) | b[pos + 2];
        return at;
      }
      case 0xca:
        if (pos + 5 > end) return UNUSUAL;
        this.kind = KIND_NUMBER;
        this.num = b.readFloatBE(pos + 1);
        return pos + 5;
      case 0xcb:
        if (pos + 9 > end) return UNUSUAL;
        this.kind = KIND_NUMBER;
        this.num = b.readDoubleBE(pos + 1);
        return pos + 9;
      case 0xcc:
      case 0xcd:
      case 0xce:
      case 0xd0:
      case 0xd1:
      case 0xd2: {
        const size = 1 << (t & 0x03);
        if (pos + 1 + size > end) return UNUSUAL;
        this.kind = KIND_NUMBER;
        this.num = t < 0xd0 ? b.readUIntBE(pos + 1, size) : b.readIntBE(pos + 1, size);
        return pos + 1 + size;
      }
      case 0xd7:
        // fixext 8 of type 0: EventTime, the common header.
        if (b[pos + 1] === 0 && pos + 10 <= end) {
          this.kind = KIND_NUMBER;
          this.num = b.readUInt32BE(pos + 2) * 1000 + b.readUInt32BE(pos + 6) / 1e6;
          return pos + 10;
        }
        return UNUSUAL;
      default: {
        // nil, booleans, bin, 64-bit integers (BigInt in msgpackr: never a time): not used.
        const next = skip(b, pos, end, MAX_DEPTH);
        this.kind = KIND_OTHER;
        return next;
      }
    }
  }
}

/** A Fluent Bit event header's time: EventTime already decoded to ms, or integer/float seconds. */
export function eventTimeMs(time: number): number | undefined {
  if (!(time > 0)) return undefined;
  // EventTime already came out in ms; integer or float times are seconds.
  return time < 1e11 ? time * 1000 : time;
}

function bytesEqual(b: Buffer, at: number, key: Buffer): boolean {
  for (let i = 0; i < key.length; i++) {
    if (b[at + i] !== key[i]) return false;
  }
  return true;
}

function streamOf(b: Buffer, start: number, end: number): 'stdout' | 'stderr' | undefined {
  if (end - start !== 6) return undefined;
  if (bytesEqual(b, start, STDERR)) return 'stderr';
  if (bytesEqual(b, start, STDOUT)) return 'stdout';
  return undefined;
}

function kubeField(b: Buffer, start: number, end: number): number {
  const len = end - start;
  for (let i = 0; i < KUBE_KEYS.length; i++) {
    if (KUBE_KEYS[i].length === len && bytesEqual(b, start, KUBE_KEYS[i])) return i;
  }
  return -1;
}

/** Skips `count` array items or map pairs starting at `pos`. */
function skipContents(b: Buffer, pos: number, end: number, kind: number, count: number, depth: number): number {
  const n = kind === KIND_MAP ? count * 2 : count;
  let at = pos;
  for (let i = 0; i < n && at !== UNUSUAL; i++) at = skip(b, at, end, depth + 1);
  return at;
}

/**
 * Offset after the value at `pos`, or UNUSUAL when it is truncated, nested deeper than MAX_DEPTH,
 * or holds something msgpackr gives meaning to beyond plain data (ext types other than EventTime,
 * 0xc1). Allocates nothing.
 */
function skip(b: Buffer, pos: number, end: number, depth: number): number {
  if (pos >= end) return UNUSUAL;
  const t = b[pos];
  let next: number;
  if (t <= 0x7f || t >= 0xe0) return pos + 1;
  if (t <= 0x8f) return depth >= MAX_DEPTH ? UNUSUAL : skipContents(b, pos + 1, end, KIND_MAP, t & 0x0f, depth);
  if (t <= 0x9f) return depth >= MAX_DEPTH ? UNUSUAL : skipContents(b, pos + 1, end, KIND_ARRAY, t & 0x0f, depth);
  if (t <= 0xbf) next = pos + 1 + (t & 0x1f);
  else {
    switch (t) {
      case 0xc0:
      case 0xc2:
      case 0xc3:
        return pos + 1;
      case 0xc4:
      case 0xd9:
        next = pos + 2 + (pos + 2 <= end ? b[pos + 1] : 0);
        break;
      case 0xc5:
      case 0xda:
        next = pos + 3 + (pos + 3 <= end ? (b[pos + 1] << 8) | b[pos + 2] : 0);
        break;
      case 0xc6:
      case 0xdb:
        next = pos + 5 + (pos + 5 <= end ? b.readUInt32BE(pos + 1) : 0);
        break;
      case 0xca:
        next = pos + 5;
        break;
      case 0xcb:
      case 0xcf:
      case 0xd3:
        next = pos + 9;
        break;
      case 0xcc:
      case 0xd0:
        next = pos + 2;
        break;
      case 0xcd:
      case 0xd1:
        next = pos + 3;
        break;
      case 0xce:
      case 0xd2:
        next = pos + 5;
        break;
      case 0xd7:
        // EventTime in a skipped value: msgpackr decodes it to a number without complaint.
        if (pos + 2 > end || b[pos + 1] !== 0) return UNUSUAL;
        next = pos + 10;
        break;
      case 0xdc:
      case 0xde:
        if (depth >= MAX_DEPTH || pos + 3 > end) return UNUSUAL;
        return skipContents(b, pos + 3, end, t === 0xde ? KIND_MAP : KIND_ARRAY, (b[pos + 1] << 8) | b[pos + 2], depth);
      case 0xdd:
      case 0xdf:
        if (depth >= MAX_DEPTH || pos + 5 > end) return UNUSUAL;
        return skipContents(b, pos + 5, end, t === 0xdf ? KIND_MAP : KIND_ARRAY, b.readUInt32BE(pos + 1), depth);
      default:
        // 0xc1, other ext types (msgpackr's records, bundled strings, timestamps...).
        return UNUSUAL;
    }
  }
  return next > end ? UNUSUAL : next;
}
