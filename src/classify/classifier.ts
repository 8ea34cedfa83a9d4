import type { LifecycleEvent, Relevance } from '../model/record.js';

export interface Classification {
  relevance: Relevance;
  score: number;
  rule: string;
  event?: LifecycleEvent;
  reason?: string;
  /** Severity the rule asserts when the line carries none (0 = keep). */
  severityNumber: number;
}
