/**
 * `kubectl describe pod` prints a terminated container as a block (describe.go,
 * describeContainerState): `Last State: Terminated`, `Reason: OOMKilled`, `Exit Code: 137`. The
 * OOM kill and the exit code are one termination: counted once, as `oom` on the Reason line, and
 * the exit-code line after it stays a signal without an event of its own (heldout5 marking
 * conventions, "Kubernetes"). Per pod, so that interleaved pods and pods routed to different
 * workers give the same counts; bounded at `maxPods` (the oldest note is dropped past it).
 */

import type { Classification } from '../classify/classifier.js';

const OOM_RULE = 'k8s.oomkilled';
const EXIT_CODE_RULE_PREFIX = 'k8s.exit-code-';

const SAME_TERMINATION: Classification = Object.freeze({
  relevance: 'signal',
  score: 80,
  rule: 'k8s.exit-code-after-oom',
  reason: 'the exit code of the OOM kill just above (counted once, as oom)',
  severityNumber: 0,
  pack: 'kubernetes',
});

export class OomExitCodes {
  /** Pods whose last record was an OOMKilled reason. */
  private readonly afterOom = new Set<string>();

  constructor(private readonly maxPods: number) {}

  /** The decision for a pod's record given the one before it; notes an OOMKilled reason. */
  decide(podKey: string, c: Classification): Classification {
    if (this.afterOom.size > 0 && this.afterOom.delete(podKey) && c.rule.startsWith(EXIT_CODE_RULE_PREFIX)) return SAME_TERMINATION;
    if (c.rule === OOM_RULE) {
      if (this.afterOom.size >= this.maxPods) this.afterOom.delete(this.afterOom.values().next().value as string);
      this.afterOom.add(podKey);
    }
    return c;
  }
}
