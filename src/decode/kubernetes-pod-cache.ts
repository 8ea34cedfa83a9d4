import type { PodIdentity } from '../model/record.js';
import { flatCopy } from '../model/flat-copy.js';
import { containerIdFromKubernetesMap, podFromKubernetesMap } from './pod-identity.js';

/** Fluent Bit's kubernetes filter writes `pod_name` first; its value is a short key for the map. */
const POD_NAME_FIRST = '{"pod_name":"';
function podNameFirst(line: string, at: number): boolean {
  for (let i = 0; i < POD_NAME_FIRST.length; i++) if (line.charCodeAt(at + i) !== POD_NAME_FIRST.charCodeAt(i)) return false;
  return true;
}

/** Maps remembered at most, and their text in UTF-16 units: past either, the cache starts over. */
const MAX_MAPS = 8192;
const MAX_CHARS = 4 * 1024 * 1024;
/** Maps per key (a pod whose container restarted has a new docker_id, so a new map). */
const MAX_PER_KEY = 4;
/** Chars hashed for the key of a map that does not start with pod_name. */
const HASHED_CHARS = 64;

/** What a map says: its pod (null: none), and the container instance when it names a pod. */
export interface KnownMap {
  readonly pod: PodIdentity | null;
  readonly containerId: string | undefined;
}

interface Known extends KnownMap {
  readonly text: string;
}

/**
 * Pod identities by the raw text of a record's `kubernetes` map. Every record of a container
 * repeats the same map, so its text is compared (a memcmp) with the maps seen
 * before instead of being parsed, and every record of a pod gets the same frozen PodIdentity
 * object (whose derived keys the pipeline caches). Candidates are found by a hash of the pod
 * name, which Fluent Bit writes first (else of the map's first chars), so a lookup hashes a few
 * chars, not the map.
 * Bounded by maps and by chars: a flood of distinct maps costs a JSON.parse each, never memory.
 */
export class KubernetesPodCache {
  private readonly byKey = new Map<number, Known[]>();
  private maps = 0;
  private chars = 0;
  /** The key the last `find` missed, for `add`. */
  private missedKey = 0;

  /**
   * What the map text `line[start, end)` says (pod null when the map names no pod,
   * podFromKubernetesMap), or undefined when this text is not cached.
   */
  find(line: string, start: number, end: number): KnownMap | undefined {
    const len = end - start;
    // The key: a hash of the pod name (or of the map's first chars) and the map's length, so no
    // string is made to look it up (a Map lookup with a fresh string key costs about 0.1 µs).
    let from = start;
    let to = start + (len < HASHED_CHARS ? len : HASHED_CHARS);
    if (len > POD_NAME_FIRST.length && podNameFirst(line, start)) {
      const q = line.indexOf('"', start + POD_NAME_FIRST.length);
      if (q > 0 && q < end) {
        from = start + POD_NAME_FIRST.length;
        to = q;
      }
    }
    let h = (0x811c9dc5 ^ len) | 0;
    for (let i = from; i < to; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
    this.missedKey = h;
    const list = this.byKey.get(h);
    if (list === undefined) return undefined;
    // Verified on the whole map (a memcmp): slices and `===` rather than startsWith with a
    // position, which is a char loop in V8, ten times slower.
    const text = line.slice(start, end);
    for (let i = 0; i < list.length; i++) if (list[i].text === text) return list[i];
    return undefined;
  }

  /**
   * Parses the map text a `find` just missed and caches what it says. Returns undefined when the
   * text is not a JSON object (the caller then lets JSON.parse judge the whole line).
   */
  add(text: string): KnownMap | undefined {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const found = podFromKubernetesMap(value);
    const pod = found === undefined ? null : Object.freeze(found);
    const containerId = pod === null ? undefined : containerIdFromKubernetesMap(value);
    if (this.maps >= MAX_MAPS || this.chars + text.length > MAX_CHARS) {
      this.byKey.clear();
      this.maps = 0;
      this.chars = 0;
    }
    const key = this.missedKey;
    let list = this.byKey.get(key);
    if (list === undefined) this.byKey.set(key, (list = []));
    if (list.length >= MAX_PER_KEY) {
      const old = list.shift() as Known;
      this.maps--;
      this.chars -= old.text.length;
    }
    // A copy, not a slice of the input: a cached slice would keep the whole input chunk alive.
    const known: Known = { text: flatCopy(text), pod, containerId };
    list.push(known);
    this.maps++;
    this.chars += text.length;
    return known;
  }
}
