import type { LifecycleEvent, Relevance } from '../model/record.js';
import type { RuleDecision, TemplateEntry } from '../template/template-cache.js';

export interface Classification {
  readonly relevance: Relevance;
  readonly score: number;
  readonly rule: string;
  readonly event?: LifecycleEvent;
  readonly reason?: string;
  /** Severity the rule asserts when the line carries none (0 = none). */
  readonly severityNumber: number;
  /** The deciding rule's pattern when it has named groups: run per record for their attributes. */
  readonly extract?: RegExp;
  /** The rule pack of the deciding rule; absent for builtin decisions. */
  readonly pack?: string;
  /**
   * The pack has a negative priority (the generic pack): a fallback, whose evidence does not
   * displace a specific pack's when a loop's hint is chosen.
   */
  readonly fallback?: boolean;
  /** The loop cause this record is evidence for although it has no event (a rule's `evidence`). */
  readonly evidence?: 'starved_workers' | 'stop_requested' | 'exit_unless_stopped' | 'respawn' | 'death_report' | 'shutdown_begins';
}

export interface Classifier {
  /**
   * Decides relevance and lifecycle event for one record. `message` is the first line's text
   * after its prefix; `kind` the multi-line group kind; `timeMs` the record's event time.
   * Returns shared objects: callers must not mutate them.
   */
  classify(entry: TemplateEntry, message: string, severityNumber: number, kind: string, timeMs: number): Classification;
  /**
   * A Python traceback is named by its last line, the exception, not by "Traceback (most recent
   * call last):": the decision of a pack rule that gives that exception line a lifecycle event
   * (hypercorn's `LifespanFailureError`), if one does. `entry` is the exception line's template.
   */
  classifyException?(entry: TemplateEntry, exception: string): Classification | undefined;
  /**
   * The rules' decision on a message as a key, equal for messages decided alike (template-cache.ts
   * asks it of a new shape with a kept number, so `status code 403` and `503` share a template
   * unless a rule tells them apart); undefined when the classifier cannot say. The decision is
   * cached in `decided.ruleIndex` (the shape's entry) as `classify` caches it, and `decided.ruleLevel`
   * when it holds at every level (rule-level.ts ANY_LEVEL).
   */
  decisionKey?(decided: RuleDecision, message: string, kind: string): string | undefined;
  /** A rule pack's own hint for a restart-loop cause (the pack's `hints`), if it has one. */
  hintFor?(pack: string, cause: string): string | undefined;
}
