import type { PodIdentity, RawEntry } from '../../model/record.js';
import { podOfJsonLine } from '../../decode/json-record.js';

/**
 * Which pipeline worker an entry goes to: the one that owns its pod, so a pod's windows, loop
 * detection, multi-line groups and partial lines all live in one worker and its lines keep their
 * order. The pod is the one the pipeline will use (`decoded.pod ?? entry.pod ?? defaultPod`):
 * a Fluent Bit JSON line's own kubernetes map (recognised from maps seen before, so most lines
 * are not decoded here), else the transport's pod, else the default. Workers are chosen by a hash
 * of the pod name alone: the same name always lands on the same worker, whatever else differs.
 * (A JSON line with a kubernetes map but no message key is not a record and the pipeline gives
 * it the default pod; it is routed by its map's pod. Such lines are not what Fluent Bit sends.)
 */
export class PodRouter {
  private readonly byPod = new WeakMap<PodIdentity, number>();
  private lastPod: PodIdentity | undefined;
  private lastWorker = 0;

  constructor(
    private readonly workers: number,
    private defaultPod: PodIdentity,
  ) {}

  /** The pod of lines that carry none. */
  get fallbackPod(): PodIdentity {
    return this.defaultPod;
  }

  /** After a reload changed the identity for lines without one. */
  setDefaultPod(pod: PodIdentity): void {
    this.defaultPod = pod;
  }

  route(e: RawEntry): number {
    if (this.workers === 1) return 0;
    let pod: PodIdentity | undefined;
    if (e.unwrapped !== true && e.line.charCodeAt(0) === 123) {
      const named = this.namedWorker(e.line);
      if (named >= 0) return named;
      pod = podOfJsonLine(e.line);
    }
    return this.workerOf(pod ?? e.pod ?? this.defaultPod);
  }

  /**
   * Fluent Bit's records end with `"kubernetes":{"pod_name":"<name>"`...: the worker is the name's,
   * read straight from the line (the map is not looked at further; a map without a namespace,
   * which gives no pod, is the one case routed differently from the pod the pipeline uses). -1
   * when the line is not in that shape.
   */
  private namedWorker(line: string): number {
    const k = line.indexOf(POD_NAME_IN_MAP, 8);
    if (k < 0) return -1;
    const from = k + POD_NAME_IN_MAP.length;
    const to = line.indexOf('"', from);
    if (to < 0) return -1;
    let h = 0x811c9dc5 | 0;
    for (let i = from; i < to; i++) {
      const c = line.charCodeAt(i);
      if (c === 92) return -1; // an escape: let the decoder read the name
      h = Math.imul(h ^ c, 0x01000193);
    }
    return (h >>> 0) % this.workers;
  }

  /**
   * `route` of the line `buf[start, end)` from a file or stdin (never unwrapped) whose stream
   * carries `pod`, read from its bytes: namedWorker's reading, or -1 when the line must be
   * decoded to know (a JSON line not in that shape). `nextName` is where the map's key next
   * occurs in `buf` at or after `start` (-2: not searched yet; -1: nowhere), so a block is
   * searched once, not once per line.
   */
  routeBytes(buf: Buffer, start: number, end: number, pod: PodIdentity | undefined, search: NameSearch): number {
    if (this.workers === 1) return 0;
    if (end === start || buf[start] !== 123) return this.workerOf(pod ?? this.defaultPod);
    let k = search.at;
    if (k !== -1 && k < start + 8) k = search.at = buf.indexOf(POD_NAME_IN_MAP_BYTES, start + 8);
    if (k < 0 || k >= end) return -1;
    const from = k + POD_NAME_IN_MAP_BYTES.length;
    let h = 0x811c9dc5 | 0;
    for (let i = from; i < end; i++) {
      const c = buf[i];
      if (c === 34) return (h >>> 0) % this.workers;
      // An escape, or a name that is not ASCII (hashed by UTF-16 units elsewhere): decode the line.
      if (c === 92 || c >= 128) return -1;
      h = Math.imul(h ^ c, 0x01000193);
    }
    return -1;
  }

  workerOf(pod: PodIdentity): number {
    if (pod === this.lastPod) return this.lastWorker;
    let w = this.byPod.get(pod);
    if (w === undefined) {
      w = workerForPodName(pod.pod, this.workers);
      this.byPod.set(pod, w);
    }
    this.lastPod = pod;
    this.lastWorker = w;
    return w;
  }
}

const POD_NAME_IN_MAP = '"kubernetes":{"pod_name":"';
const POD_NAME_IN_MAP_BYTES = Buffer.from(POD_NAME_IN_MAP);

/** Where routeBytes found the map's key last in a block (start a block with `{ at: -2 }`). */
export interface NameSearch {
  at: number;
}

/** FNV-1a of the name, reduced to a worker index (namedWorker hashes the same way). */
export function workerForPodName(name: string, workers: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 0) % workers;
}
