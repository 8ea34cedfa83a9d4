import type { RuleDecision, TemplateEntry } from '../template/template-cache.js';
import type { Classification, Classifier } from './classifier.js';

/** What the classifier saw for one record: the input of its decision. */
export interface ClassifierCall {
  message: string;
  kind: string;
  severityNumber: number;
  classification: Classification;
  /** The template's records so far and in its current repetition window, this one included. */
  templateSeen: number;
  templateWindowCount: number;
}

/**
 * Wraps a classifier and remembers each call, in record order, so tools (`rules test`,
 * `explain`) can say what a record's message and group kind were without the pipeline carrying
 * them. Loop announcements are not classified, so they have no call.
 */
export class RecordingClassifier implements Classifier {
  calls: ClassifierCall[] = [];

  constructor(private readonly inner: Classifier) {}

  classify(entry: TemplateEntry, message: string, severityNumber: number, kind: string, timeMs: number): Classification {
    const classification = this.inner.classify(entry, message, severityNumber, kind, timeMs);
    this.calls.push({ message, kind, severityNumber, classification, templateSeen: entry.cluster.seen, templateWindowCount: entry.cluster.windowCount });
    return classification;
  }

  /** Forwarded, not recorded: it refines the call just recorded for the same record. */
  classifyException(entry: TemplateEntry, exception: string): Classification | undefined {
    return this.inner.classifyException?.(entry, exception);
  }

  /** Forwarded: templates follow the wrapped classifier's rules. */
  decisionKey(decided: RuleDecision, message: string, kind: string): string | undefined {
    return this.inner.decisionKey?.(decided, message, kind);
  }

  /** Forwarded: a loop's hint comes from the wrapped classifier's packs. */
  hintFor(pack: string, cause: string): string | undefined {
    return this.inner.hintFor?.(pack, cause);
  }

  take(): ClassifierCall[] {
    const calls = this.calls;
    this.calls = [];
    return calls;
  }
}
