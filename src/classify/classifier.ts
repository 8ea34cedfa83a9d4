import type { LifecycleEvent, Relevance } from '../model/record.js';
import type { TemplateEntry } from '../template/template-cache.js';

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
}

export interface Classifier {
  /**
   * Decides relevance and lifecycle event for one record. `message` is the first line's text
   * after its prefix; `kind` the multi-line group kind; `timeMs` the record's event time.
   * Returns shared objects: callers must not mutate them.
   */
  classify(entry: TemplateEntry, message: string, severityNumber: number, kind: string, timeMs: number): Classification;
  /** A rule pack's own hint for a restart-loop cause (the pack's `hints`), if it has one. */
  hintFor?(pack: string, cause: string): string | undefined;
}
