/**
 * What happened before in the same pod, for the lifecycle lines whose meaning depends on it
 * (design notes §3, issue 13; the marking conventions of the real-world excerpts):
 *
 * - **A boot after a failure is a signal.** A boot that comes within FAILURE_TO_BOOT_MS of a
 *   failure of the pod (kill, timeout, oom, crash, back-off, container restart, or an exit the
 *   pack calls a signal) is the pod restarting what just died — provided the pod had booted
 *   within `cycleMs` (the restart-loop window) before that failure: boot → failure → boot is a
 *   loop, however short. A first boot, a respawn hours after the last start (php-fpm children
 *   SIGKILLed every few hours, supervisord respawns), and a respawn after routine recycling
 *   (unicorn-worker-killer, max-requests: the packs mark those `context`) stay context. The
 *   failures are those the pack's rule calls a `signal`: the packs already tell routine from
 *   failure, and a failed probe is not one (a liveness probe restarts a container through the
 *   kubelet's kill, which is).
 * - **One boot per start.** Two layers announcing one start (gunicorn "Booting worker with pid:
 *   8", then uvicorn's "Started server process [8]" in the same worker) are one boot: a boot
 *   naming the pid of a recent boot of the pod, in another template, with no failure of that pid
 *   nor container restart between them, is the same start. The same template again is a new
 *   start (the pid numbers of a restarted container repeat: "Booting worker with pid: 8" in each
 *   instance), so two real starts are never merged.
 * - **One event per failure instance.** The same failure reported again for the same process
 *   (uWSGI "HARAKIRI ON WORKER 4 (pid: 10469)" every 2 s, TERM repeated to one stuck worker) is
 *   one event: the same event naming the same pid within REPEAT_MS of its last report is a
 *   repeat. A boot of that pid or a container restart ends the instance.
 * - **One exit per end.** An end is often told by several lines: a death by its record and then
 *   by whoever reports it (a crash, then the service manager's "main process exited" or
 *   compose's "exited with code 1"), a failed service by its exit and then by systemd's
 *   "Stopped X." as it restarts it. An exit that names no pid, within STOP_MS of the pod's last
 *   end that named none and with no start since, is that end when it is an unexpected exit after
 *   a death that ended the process (crash, kill, oom: not a timeout, a hang that the next line's
 *   forced stop ends), or a routine one after a failure (an unexpected exit, a restart); its event
 *   stays on the first line. Not the same end: an exit in a wording the end
 *   was already told in (compose's "Stopping x ... done" per container), an unexpected exit
 *   after an exit (the programs of one supervisord dying in turn), a routine exit after a death
 *   or a routine stop (celery's warm shutdown after a pool worker is killed, supervisord's
 *   "stopped: x" per program), and exits that name a pid (each its own process's).
 * - **One restart, one death.** A supervisor may tell one restart twice (systemd "Service
 *   hold-off time over, scheduling restart." then "Scheduled restart job."), a runtime its death
 *   twice (an Erlang CRASH REPORT, then {"Kernel pid terminated",…}): a restart or a crash in
 *   another template, with no start since the last one (REPEAT_MS, SAME_DEATH_MS), is the same
 *   one. The same template again is another (a daemon rebooted twice, two services' panics).
 *   A supervisor's respawn (a rule's `evidence: respawn`) is a start for this.
 * - **A death reported after its record.** A service manager's report of how its process ended
 *   (systemd "Main process exited, code=killed, status=9/KILL": a rule's `evidence:
 *   death_report`) within SAME_DEATH_MS of a death the pod already told in another wording (the
 *   kernel's "Killed process", systemd-oomd's kill, a debug "Child N died", a crash record) is
 *   that death told again: one event, on the death's own line. Alone it is the death.
 * - **A shutdown told from its first line.** A shutdown is often told by several lines, and its
 *   first one says it begins: a stop signal received (supervisord "received SIGTERM indicating
 *   exit request", dumb-init "Received signal 15.", Go servers' "Received SIGTERM, shutting
 *   down", nginx "signal 3 (SIGQUIT) received, shutting down"), a stop job begun (systemd
 *   "Stopping x..."). Such a line (a rule's `evidence: shutdown_begins`) carries the exit, and
 *   an exit that names no pid within STOP_MS after it, with no start since, is that shutdown
 *   told again (supervisord's "stopped: x", php-fpm's "exiting, bye-bye!", gunicorn's "Shutting
 *   down: Master", a second layer's own "Received SIGTERM").
 * - **Exits around stops.** A line that asks for a stop (compose "Gracefully stopping...",
 *   "Aborting on container exit...", "Stopping x ...": a rule's `evidence: stop_requested`)
 *   makes the exits that follow within STOP_MS routine; an exit whose rule is
 *   `evidence: exit_unless_stopped` (compose "x exited with code 0") is a signal otherwise —
 *   a service that stops on its own while compose runs it.
 *
 * Only lines with a lifecycle event (or a stop request) reach this: no per-line work. Bounded:
 * at most `maxPods` pods (the least recently seen is dropped past it) and MAX_PIDS remembered
 * boots and failures per pod. Times are the records' own (event time, else arrival), so a
 * replayed file and the live service judge alike; the state is plain data in the checkpoint.
 */

import type { LifecycleEvent, PodIdentity } from '../model/record.js';

/** How long after a failure a boot is still the pod restarting what failed. */
export const FAILURE_TO_BOOT_MS = 60_000;
/** How long two layers may take to announce one start (the app is imported in between). */
export const SAME_START_MS = 60_000;
/** How long after its last report the same failure of the same pid is still a repeat. */
export const REPEAT_MS = 60_000;
/** How long after a stop request the exits are the stop's. */
export const STOP_MS = 60_000;
/** How close together the records of one death are written. */
export const SAME_DEATH_MS = 5_000;
/** Boots and failures remembered per pod (one per worker of a busy pre-fork server). */
export const MAX_PIDS = 16;
/** Lines out of order by this much (a master's line written before its worker's) still count as after. */
const ORDER_SLACK_MS = 5_000;

/** The failures after which a boot is a restart of what failed (when the rule says signal). */
const FAILURES: ReadonlySet<LifecycleEvent> = new Set<LifecycleEvent>(['kill', 'timeout', 'oom', 'crash', 'exit', 'backoff', 'restart']);

const NOUN: Readonly<Record<string, string>> = {
  kill: 'a kill',
  timeout: 'a worker timeout',
  oom: 'an out-of-memory kill',
  crash: 'a crash',
  exit: 'an unexpected exit',
  backoff: 'a restart back-off',
  restart: 'a container restart',
};

/** What the history makes of one lifecycle line. */
export type EpisodeVerdict =
  /** A boot closing a short boot → failure → boot cycle: a signal. */
  | { kind: 'boot-after-failure'; failure: LifecycleEvent; gapMs: number }
  /** The same start announced again by another layer: context, no event. */
  | { kind: 'same-start'; pid: number }
  /** The same failure of the same pid again: keeps its relevance, no event. */
  | { kind: 'repeat'; pid: number; sinceMs: number }
  /** An exit after a requested stop: context. */
  | { kind: 'stopped'; gapMs: number }
  /** Another line of a stop, death or restart already counted: keeps its relevance, no event. */
  | { kind: 'same-end'; first: LifecycleEvent; gapMs: number }
  /** An exit of a running service that nobody asked to stop: a signal. */
  | { kind: 'unrequested-exit' };

/** The line as the pipeline saw it. */
export interface EpisodeLine {
  event: LifecycleEvent;
  /** The relevance the rule gave it (before any promotion). */
  signal: boolean;
  /** The line's own time (event time, or the transport's); NaN when only its arrival dates it. */
  timeMs: number;
  /**
   * The line's time or, without one, its arrival: enough to order a stop request and the exits
   * after it (compose's own lines carry no time), not to measure a boot → failure → boot cycle.
   */
  orderMs: number;
  /** The process the message names (subject-pid.ts), if any. */
  pid: number | undefined;
  templateId: string;
  evidence?: string;
}

interface Boot { pid: number; atMs: number; templateId: string }
interface Failure { pid: number; event: LifecycleEvent; atMs: number }
/** An end (exit, failure, restart) as a later line may tell it again. */
interface End {
  event: LifecycleEvent;
  atMs: number;
  templateId: string;
  /** What the end has told so far: a failure (an unexpected exit, a restart), a death that ended the process (crash, kill, oom). */
  failed?: boolean;
  died?: boolean;
  /** A death was told by its own line, not only by a report of it (`evidence: death_report`). */
  deathRecord?: boolean;
  /** A shutdown's first line told it (`evidence: shutdown_begins`): later exits are its lines. */
  begun?: boolean;
  /** The wordings of its counted lines: the same wording again is another process's (compose's "Stopping x"). */
  templates: string[];
}

interface PodEpisodes {
  pod: PodIdentity;
  /** The pod's newest boot (NaN: none seen). */
  lastBootMs: number;
  /** The newest failure that came within cycleMs of a boot (NaN: none). */
  cycleFailureMs: number;
  cycleFailure: LifecycleEvent | undefined;
  /** The newest stop request (NaN: none). */
  stopMs: number;
  /** The time of the pod's newest lifecycle line that had one: the time of one that has none. */
  lastTimeMs: number;
  /** The newest end, and the newest crash and restart, since the last start (a boot, a respawn). */
  end: End | undefined;
  crash: End | undefined;
  restart: End | undefined;
  boots: Boot[];
  failures: Failure[];
}

/** One pod's episodes as plain data (PodStateCheckpoint.episodes); NaN is written as null. */
export interface EpisodesCheckpoint {
  pod: PodIdentity;
  lastBootMs: number | null;
  cycleFailureMs: number | null;
  cycleFailure?: LifecycleEvent;
  stopMs: number | null;
  /** The last time a lifecycle line carried, and the end, crash and restart being told (since the last start). */
  lastTimeMs?: number | null;
  end?: End;
  crash?: End;
  restart?: End;
  boots: Boot[];
  failures: Failure[];
}

export class LifecycleEpisodes {
  private readonly pods = new Map<string, PodEpisodes>();

  constructor(private readonly opts: { maxPods: number; cycleMs: number }) {}

  get size(): number {
    return this.pods.size;
  }

  /** Judges one lifecycle line of the pod and remembers it; undefined: as the rule said. */
  judge(key: string, pod: PodIdentity, line: EpisodeLine): EpisodeVerdict | undefined {
    const p = this.touch(key, pod);
    const t = line.timeMs;
    if (line.event === 'boot') {
      startOver(p);
      return this.boot(p, line, t);
    }
    if (line.event === 'exit' && line.evidence === 'exit_unless_stopped') {
      const gap = line.orderMs - p.stopMs;
      if (gap >= -ORDER_SLACK_MS && gap <= STOP_MS) return { kind: 'stopped', gapMs: Math.max(0, gap) };
    }
    const same = sameEnd(p, line, this.order(p, line));
    if (same !== undefined) return same;
    const failure = line.signal && FAILURES.has(line.event);
    if (line.pid !== undefined && !failure) {
      // An exit the pack calls routine still ends the process's start.
      removePid(p.boots, line.pid);
    } else if (line.pid !== undefined) {
      const i = p.failures.findIndex((f) => f.pid === line.pid && f.event === line.event);
      if (i >= 0) {
        const f = p.failures[i];
        if (Math.abs(t - f.atMs) <= REPEAT_MS) {
          // The window slides: a harakiri retried every 2 s for ten minutes is still one.
          const sinceMs = Math.max(0, t - f.atMs);
          f.atMs = Math.max(f.atMs, t);
          return { kind: 'repeat', pid: line.pid, sinceMs };
        }
        p.failures.splice(i, 1);
      }
      push(p.failures, { pid: line.pid, event: line.event, atMs: t });
      // A failure of the process ends its start: a later boot naming it is a new one.
      removePid(p.boots, line.pid);
    }
    if (failure) this.noteFailure(p, line.event, t);
    return line.event === 'exit' && line.evidence === 'exit_unless_stopped' ? { kind: 'unrequested-exit' } : undefined;
  }

  /** When the line happened for telling its ends apart: its own time, else its pod's last one. */
  private order(p: PodEpisodes, line: EpisodeLine): number {
    if (Number.isFinite(line.timeMs)) {
      p.lastTimeMs = line.timeMs;
      return line.timeMs;
    }
    return Number.isFinite(p.lastTimeMs) ? p.lastTimeMs : line.orderMs;
  }

  /** A supervisor starting a child again (a rule's `evidence: respawn`): a start for the ends. */
  respawn(key: string, pod: PodIdentity): void {
    startOver(this.touch(key, pod));
  }

  /** A container restart (a new instance): a failure, and the end of every process's start. */
  restart(key: string, pod: PodIdentity, timeMs: number): void {
    const p = this.touch(key, pod);
    p.boots.length = 0;
    p.failures.length = 0;
    this.noteFailure(p, 'restart', timeMs);
  }

  /** A line that asks for a stop (a rule's `evidence: stop_requested`). */
  stopRequested(key: string, pod: PodIdentity, timeMs: number): void {
    const p = this.touch(key, pod);
    if (!(p.stopMs >= timeMs)) p.stopMs = timeMs;
  }

  private boot(p: PodEpisodes, line: EpisodeLine, t: number): EpisodeVerdict | undefined {
    const pid = line.pid;
    if (pid !== undefined) {
      const i = p.boots.findIndex((b) => b.pid === pid);
      if (i >= 0) {
        const b = p.boots[i];
        if (b.templateId !== line.templateId && Math.abs(t - b.atMs) <= SAME_START_MS) return { kind: 'same-start', pid };
        p.boots.splice(i, 1);
      }
      push(p.boots, { pid, atMs: t, templateId: line.templateId });
      removePid(p.failures, pid);
    }
    if (!(p.lastBootMs >= t)) p.lastBootMs = t;
    const gap = t - p.cycleFailureMs;
    if (p.cycleFailure !== undefined && gap >= -ORDER_SLACK_MS && gap <= FAILURE_TO_BOOT_MS) {
      return { kind: 'boot-after-failure', failure: p.cycleFailure, gapMs: Math.max(0, gap) };
    }
    return undefined;
  }

  private noteFailure(p: PodEpisodes, event: LifecycleEvent, t: number): void {
    // Only a failure shortly after a start makes the next boot part of a loop.
    if (!(Math.abs(t - p.lastBootMs) <= this.opts.cycleMs)) return;
    if (p.cycleFailure === undefined || !(p.cycleFailureMs > t)) {
      p.cycleFailureMs = t;
      p.cycleFailure = event;
    }
  }

  private touch(key: string, pod: PodIdentity): PodEpisodes {
    let p = this.pods.get(key);
    if (p !== undefined) {
      this.pods.delete(key);
    } else {
      if (this.pods.size >= this.opts.maxPods) this.pods.delete(this.pods.keys().next().value as string);
      p = {
        pod, lastBootMs: NaN, cycleFailureMs: NaN, cycleFailure: undefined, stopMs: NaN,
        lastTimeMs: NaN, end: undefined, crash: undefined, restart: undefined, boots: [], failures: [],
      };
    }
    this.pods.set(key, p);
    return p;
  }

  checkpoint(): EpisodesCheckpoint[] {
    const out: EpisodesCheckpoint[] = [];
    for (const p of this.pods.values()) {
      out.push({
        pod: { ...p.pod },
        lastBootMs: nullIfNaN(p.lastBootMs),
        cycleFailureMs: nullIfNaN(p.cycleFailureMs),
        ...(p.cycleFailure !== undefined ? { cycleFailure: p.cycleFailure } : {}),
        stopMs: nullIfNaN(p.stopMs),
        lastTimeMs: nullIfNaN(p.lastTimeMs),
        ...(p.end !== undefined ? { end: copyEnd(p.end) } : {}),
        ...(p.crash !== undefined ? { crash: copyEnd(p.crash) } : {}),
        ...(p.restart !== undefined ? { restart: copyEnd(p.restart) } : {}),
        boots: p.boots.map((b) => ({ ...b })),
        failures: p.failures.map((f) => ({ ...f })),
      });
    }
    return out;
  }

  /** Loads checkpointed episodes (absent or malformed entries are skipped); `keyOf` is podKey. */
  restore(data: unknown, keyOf: (pod: PodIdentity) => string): void {
    if (!Array.isArray(data)) return;
    for (const e of data.slice(-this.opts.maxPods) as Partial<EpisodesCheckpoint>[]) {
      const pod = e?.pod;
      if (!pod || typeof pod.namespace !== 'string' || typeof pod.pod !== 'string' || typeof pod.container !== 'string') continue;
      const p = this.touch(keyOf(pod), Object.freeze({ ...pod }));
      p.lastBootMs = numberOr(e.lastBootMs);
      p.cycleFailureMs = numberOr(e.cycleFailureMs);
      p.cycleFailure = typeof e.cycleFailure === 'string' && FAILURES.has(e.cycleFailure) ? e.cycleFailure : undefined;
      p.stopMs = numberOr(e.stopMs);
      p.lastTimeMs = numberOr(e.lastTimeMs);
      p.end = validEnd(e.end);
      p.crash = validEnd(e.crash);
      p.restart = validEnd(e.restart);
      p.boots = validList(e.boots, (b: Boot) => typeof b.templateId === 'string').map((b) => ({ pid: b.pid, atMs: b.atMs, templateId: b.templateId }));
      p.failures = validList(e.failures, (f: Failure) => typeof f.event === 'string').map((f) => ({ pid: f.pid, event: f.event, atMs: f.atMs }));
    }
  }
}

/** "boot 2 s after a kill: the pod is restarting what just failed" — for the record's reason. */
export function verdictReason(v: EpisodeVerdict): string {
  switch (v.kind) {
    case 'boot-after-failure':
      return `boot ${seconds(v.gapMs)} after ${NOUN[v.failure] ?? v.failure}: the pod is restarting what just failed (boot, failure, boot again)`;
    case 'same-start':
      return `the same start as the boot of pid ${v.pid} just before, announced again by another layer: counted once`;
    case 'repeat':
      return `the same failure of pid ${v.pid} reported again (${seconds(v.sinceMs)} after the last report): counted once`;
    case 'stopped':
      return `exit ${seconds(v.gapMs)} after a requested stop: routine`;
    case 'same-end':
      return `the ${v.first === 'crash' ? 'death' : v.first === 'restart' ? 'restart' : 'end'} counted on the ${v.first} ${seconds(v.gapMs)} before, told again: counted once, on its first line`;
    case 'unrequested-exit':
      return 'a service exited while it was running and no stop was requested: it stopped on its own';
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? 'under 1 s' : `${Math.round(ms / 1000)} s`;
}

/** A start: the ends before it are over. */
function startOver(p: PodEpisodes): void {
  p.end = undefined;
  p.crash = undefined;
  p.restart = undefined;
}

const DEATHS: ReadonlySet<LifecycleEvent> = new Set<LifecycleEvent>(['crash', 'kill', 'oom', 'timeout']);
/**
 * The deaths that end the process themselves, after which an unexpected exit is the same end. A
 * timeout is a hang that something else ends: the watchdog's forced stop after it (Minecraft's
 * "A single server tick took 60.00 seconds" then "Considering it to be crashed, server will
 * forcibly shutdown."), a kill, is that end, told on its own line.
 */
const ENDING_DEATHS: ReadonlySet<LifecycleEvent> = new Set<LifecycleEvent>(['crash', 'kill', 'oom']);

/** The end this line tells again, if it is one (see the notes at the top); else remembers it. */
function sameEnd(p: PodEpisodes, line: EpisodeLine, atMs: number): EpisodeVerdict | undefined {
  // A line that names its process tells that process's end (a pool worker, a child), not the pod's.
  if (line.pid !== undefined || (line.event !== 'exit' && !FAILURES.has(line.event))) return undefined;
  const end = p.end;
  const within = (e: End | undefined, ms: number): e is End => e !== undefined && atMs - e.atMs >= -ORDER_SLACK_MS && atMs - e.atMs <= ms;
  let first: End | undefined;
  if (line.event === 'exit' && within(end, STOP_MS) && (end.begun === true || (line.signal ? end.died : end.failed)) && !end.templates.includes(line.templateId)) first = end;
  else if (line.evidence === 'death_report' && within(end, SAME_DEATH_MS) && end.deathRecord === true && !end.templates.includes(line.templateId)) first = end;
  else if (line.event === 'crash' && within(p.crash, SAME_DEATH_MS) && p.crash.templateId !== line.templateId) first = p.crash;
  else if (line.event === 'restart' && within(p.restart, REPEAT_MS) && p.restart.templateId !== line.templateId) first = p.restart;
  const died = ENDING_DEATHS.has(line.event);
  const failed = line.event === 'restart' || (line.event === 'exit' && line.signal);
  const deathRecord = DEATHS.has(line.event) && line.evidence !== 'death_report';
  const begun = line.event === 'exit' && line.evidence === 'shutdown_begins';
  const told: End = { event: line.event, atMs, templateId: line.templateId, failed, died, deathRecord, begun, templates: [line.templateId] };
  // A later line of the same end moves its window on and adds what it tells.
  if (!within(end, STOP_MS)) p.end = told;
  else {
    // Only a counted line's wording marks another process's: a repeat of a line told again is told again.
    const counted = first === undefined && !end.templates.includes(line.templateId) && end.templates.length < MAX_PIDS;
    const templates = counted ? [...end.templates, line.templateId] : end.templates;
    p.end = {
      ...end, atMs: Math.max(end.atMs, atMs), failed: end.failed === true || failed, died: end.died === true || died,
      deathRecord: end.deathRecord === true || deathRecord, begun: end.begun === true || (begun && first === undefined), templates,
    };
  }
  if (line.event === 'crash' && first === undefined) p.crash = told;
  if (line.event === 'restart' && first === undefined) p.restart = told;
  return first !== undefined ? { kind: 'same-end', first: first.event, gapMs: Math.max(0, atMs - first.atMs) } : undefined;
}

function push<T>(list: T[], item: T): void {
  if (list.length >= MAX_PIDS) list.shift();
  list.push(item);
}

function removePid(list: { pid: number }[], pid: number): void {
  const i = list.findIndex((x) => x.pid === pid);
  if (i >= 0) list.splice(i, 1);
}

function copyEnd(e: End): End {
  return { ...e, templates: [...e.templates] };
}

function validEnd(v: unknown): End | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const e = v as Partial<End>;
  if (typeof e.event !== 'string' || !(e.event === 'exit' || FAILURES.has(e.event)) || !Number.isFinite(e.atMs) || typeof e.templateId !== 'string') return undefined;
  const templates = Array.isArray(e.templates) ? e.templates.filter((x): x is string => typeof x === 'string').slice(0, MAX_PIDS) : [];
  return {
    event: e.event, atMs: e.atMs as number, templateId: e.templateId, failed: e.failed === true, died: e.died === true,
    deathRecord: e.deathRecord === true, begun: e.begun === true, templates,
  };
}

function nullIfNaN(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function numberOr(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}

function validList<T extends { pid: number; atMs: number }>(v: unknown, ok: (x: T) => boolean): T[] {
  if (!Array.isArray(v)) return [];
  return (v as T[]).filter((x) => typeof x === 'object' && x !== null && Number.isInteger(x.pid) && Number.isFinite(x.atMs) && ok(x)).slice(-MAX_PIDS);
}
