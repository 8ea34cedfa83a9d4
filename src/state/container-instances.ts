/**
 * Which container instance each pod is on (RawEntry.containerId), and the last signal records of
 * that instance: when a new instance starts, they are what the container printed before it
 * stopped, the evidence for the restart.
 *
 * Bounded like the pod state: at most `maxPods` pods (the least recently seen is dropped past it,
 * so a flood of pod names costs missed restarts of idle pods, never memory), MAX_IDS instance ids
 * and LAST_SIGNALS short notes per pod. Kept apart from PodStateStore so that a pod is not tracked
 * (nor exported) just because it has an id: it enters the store at its first restart or event.
 */

import type { PodIdentity } from '../model/record.js';

/** How an id compares with the pod's instances so far. */
export type InstanceChange =
  /** The current instance (or its short/full form). */
  | 'same'
  /** No id of this kind seen for the pod: the first instance seen, not a restart. */
  | 'first'
  /** An instance seen before the current one: a late line of a container that has restarted since. */
  | 'earlier'
  /** An instance never seen: the container restarted. */
  | 'new';

export interface SignalNote {
  /** What the record says (its message; a traceback's exception line), cut to NOTE_MAX_CHARS. */
  text: string;
  /** An error with no lifecycle event of its own: severity ERROR or above, or a stack trace. */
  error: boolean;
  /** The rule pack whose rule decided the record, if a rule did. */
  pack?: string;
}

/** What the instance that just ended left behind: the evidence for one restart. */
export interface InstanceEvidence {
  /** Its last signal records, oldest first (their messages). */
  lastSignals: string[];
  /** Whether one of them is an error. */
  error: boolean;
  /** The pack of the rule that decided the newest error, if a rule did. */
  errorPack?: string;
}

/**
 * One pod's instances as plain data, in the pod-state checkpoint (PodStateCheckpoint.instances):
 * after a restart of logsift the pod's next line is compared with the ids it had, so a container
 * restart during the downtime is counted and an unchanged container is not counted again.
 */
export interface InstancesCheckpoint {
  pod: PodIdentity;
  /** Oldest first; the last is the current instance. */
  ids: string[];
  signals: SignalNote[];
}

/** Current instance and the ones before it, per kind: enough to recognise late lines of recent instances. */
export const MAX_IDS = 4;
/** "The last signal records before each restart." */
export const LAST_SIGNALS = 3;
const NOTE_MAX_CHARS = 300;
/** A runtime's short id is 12 hex digits; a shorter common prefix proves nothing. */
const MIN_PREFIX = 12;

interface PodInstances {
  /** Newest last, at most MAX_IDS, of any kind. */
  ids: string[];
  /** The stream key the current instance's lines arrived on (its pending groups belong to it). */
  streamKey: string | undefined;
  /** Ring of the current instance's last signal notes, oldest first. */
  signals: SignalNote[];
}

/** `image:` in `image:sha256:…`; '' for a runtime's plain hex id. Only ids of one kind are compared. */
function kindOf(id: string): string {
  const colon = id.indexOf(':');
  if (colon <= 0 || colon > 16) return '';
  for (let i = 0; i < colon; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || c === 45)) return '';
  }
  return id.slice(0, colon);
}

/** One instance: the same id, or a runtime's short id and the full id it begins. */
export function sameInstance(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= MIN_PREFIX && short.length !== long.length && long.startsWith(short);
}

export class ContainerInstances {
  /** In least-recently-seen order: the first entry is the one to drop. */
  private readonly pods = new Map<string, PodInstances>();
  private newest: PodInstances | undefined;

  constructor(private readonly maxPods: number) {}

  /**
   * How `id` compares with the pod's instances; changes nothing but the pod's recency and the
   * stored form of the current id. Called when a line's (pod, id) differs from the line before.
   */
  classify(podKey: string, id: string): InstanceChange {
    const p = this.pods.get(podKey);
    if (p === undefined) return 'first';
    if (p !== this.newest) {
      this.pods.delete(podKey);
      this.pods.set(podKey, p);
      this.newest = p;
    }
    const kind = kindOf(id);
    let latest = -1;
    for (let i = p.ids.length - 1; i >= 0; i--) {
      const known = p.ids[i];
      if (kindOf(known) !== kind) continue;
      if (latest < 0) latest = i;
      if (!sameInstance(known, id)) continue;
      if (i !== latest) return 'earlier';
      // Keep the longer form: a tag's short id first, the record's full id later.
      if (id.length > known.length) p.ids[i] = id;
      return 'same';
    }
    return latest < 0 ? 'first' : 'new';
  }

  /**
   * Makes `id` the pod's current instance (after classify said 'first' or 'new'). Returns the
   * evidence the previous instance left when this is a restart.
   */
  advance(podKey: string, id: string, streamKey: string | undefined): InstanceEvidence | undefined {
    let p = this.pods.get(podKey);
    if (p === undefined) {
      if (this.pods.size >= this.maxPods) this.pods.delete(this.pods.keys().next().value as string);
      p = { ids: [], streamKey, signals: [] };
      this.pods.set(podKey, p);
      this.newest = p;
    }
    const restart = p.ids.some((known) => kindOf(known) === kindOf(id));
    if (p.ids.length >= MAX_IDS) p.ids.shift();
    p.ids.push(id);
    p.streamKey = streamKey;
    if (!restart) return undefined;
    const evidence = summarise(p.signals);
    p.signals = [];
    return evidence;
  }

  /** The stream key the pod's current instance arrived on. */
  streamKeyOf(podKey: string): string | undefined {
    return this.pods.get(podKey)?.streamKey;
  }

  /** Notes a signal record of the pod's current instance (pods with no instance id are not tracked). */
  noteSignal(podKey: string, text: string, error: boolean, pack: string | undefined): void {
    const p = this.pods.get(podKey);
    if (p === undefined) return;
    if (p.signals.length >= LAST_SIGNALS) p.signals.shift();
    p.signals.push({ text: text.length > NOTE_MAX_CHARS ? text.slice(0, NOTE_MAX_CHARS - 1) + '…' : text, error, pack });
  }

  get size(): number {
    return this.pods.size;
  }

  /** Every pod's instances as plain data, least recently seen first. */
  checkpoint(): InstancesCheckpoint[] {
    const out: InstancesCheckpoint[] = [];
    for (const [key, p] of this.pods) {
      const [namespace, pod, container] = key.split('/');
      out.push({ pod: { namespace, pod, container }, ids: [...p.ids], signals: p.signals.map((n) => ({ ...n })) });
    }
    return out;
  }

  /**
   * Loads checkpointed instances for pods not tracked yet; malformed entries are skipped. Bounded
   * as live tracking is (maxPods, MAX_IDS, LAST_SIGNALS, the note length). Returns how many pods.
   */
  restore(data: unknown): number {
    if (!Array.isArray(data)) return 0;
    let restored = 0;
    for (const entry of data.slice(-this.maxPods) as unknown[]) {
      const e = entry as Partial<InstancesCheckpoint> | null;
      const pod = e?.pod;
      if (typeof pod !== 'object' || pod === null || !Array.isArray(e?.ids)) continue;
      if (typeof pod.namespace !== 'string' || typeof pod.pod !== 'string' || typeof pod.container !== 'string') continue;
      const ids = e.ids.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 512).slice(-MAX_IDS);
      if (ids.length === 0) continue;
      const key = pod.namespace + '/' + pod.pod + '/' + pod.container;
      if (this.pods.has(key)) continue;
      if (this.pods.size >= this.maxPods) this.pods.delete(this.pods.keys().next().value as string);
      const signals = (Array.isArray(e.signals) ? e.signals : [])
        .filter((n): n is SignalNote => typeof n === 'object' && n !== null && typeof (n as SignalNote).text === 'string')
        .slice(-LAST_SIGNALS)
        .map((n) => ({ text: n.text.slice(0, NOTE_MAX_CHARS), error: n.error === true, ...(typeof n.pack === 'string' ? { pack: n.pack } : {}) }));
      const p: PodInstances = { ids, streamKey: undefined, signals };
      this.pods.set(key, p);
      this.newest = p;
      restored++;
    }
    return restored;
  }

  /** Ids and notes held for a pod (tests: the per-pod bound). */
  held(podKey: string): { ids: number; signals: number } | undefined {
    const p = this.pods.get(podKey);
    return p && { ids: p.ids.length, signals: p.signals.length };
  }
}

function summarise(signals: SignalNote[]): InstanceEvidence {
  let error = false;
  let errorPack: string | undefined;
  for (const s of signals) {
    if (!s.error) continue;
    error = true;
    errorPack = s.pack ?? errorPack;
  }
  return { lastSignals: signals.map((s) => s.text), error, errorPack };
}
