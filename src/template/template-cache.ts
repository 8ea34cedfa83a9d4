import { flatCopy } from '../model/flat-copy.js';
import { lastTemplateId, maskVariables, templateKey, type Template } from './fingerprint.js';

/**
 * Per-template state shared by the classifier: the template itself, the rule decision cached
 * for it, and its repetition counters. Lives as long as the template stays in the cache.
 */
export interface TemplateEntry extends Template {
  /** Rule decision, computed once per template: undefined = not yet evaluated. */
  ruleIndex?: number;
  /** Records seen with this template. */
  seen: number;
  /** Start of the current repetition window (event time, ms) and records in it. */
  windowStartMs: number;
  windowCount: number;
  epoch: number;
}

/**
 * A bounded map from template text to its entry. Recency is tracked in epochs instead of on
 * every hit (a delete+set per line would double the map work on the hot path): an entry is
 * moved to the young end at most once per epoch, and the oldest entries are evicted past the cap.
 */
export class TemplateCache {
  /** Keyed by the template's 53-bit hash: a hit costs one scan of the message and no allocation. */
  private readonly map = new Map<number, TemplateEntry>();
  private epoch = 0;
  private insertsThisEpoch = 0;
  private readonly epochLength: number;
  evictions = 0;

  constructor(private readonly maxTemplates: number) {
    this.epochLength = Math.max(16, maxTemplates >> 2);
  }

  get size(): number {
    return this.map.size;
  }

  /** After a rule reload: every template is evaluated again against the new rules on its next record. */
  forgetRuleDecisions(): void {
    for (const e of this.map.values()) e.ruleIndex = undefined;
  }

  get(message: string): TemplateEntry {
    const key = templateKey(message);
    let e = this.map.get(key);
    if (e !== undefined) {
      if (e.epoch !== this.epoch) {
        this.map.delete(key);
        this.map.set(key, e);
        e.epoch = this.epoch;
      }
      return e;
    }
    const id = lastTemplateId();
    // A copy: the message is often a slice of a large input chunk, which the cache would keep alive.
    e = { id, text: flatCopy(maskVariables(message)), seen: 0, windowStartMs: 0, windowCount: 0, epoch: this.epoch };
    if (this.map.size >= this.maxTemplates) {
      const oldest = this.map.keys().next().value as number;
      this.map.delete(oldest);
      this.evictions++;
    }
    this.map.set(key, e);
    if (++this.insertsThisEpoch >= this.epochLength) {
      this.epoch++;
      this.insertsThisEpoch = 0;
    }
    return e;
  }
}
