import { RELEVANCE_ORDER, relevanceOrder, type Relevance } from '../model/record.js';
import { severityText } from '../model/severity.js';

const RELEVANCES: Relevance[] = ['noise', 'context', 'signal'];

/**
 * Records by relevance and severity, as a flat array so counting a record is one increment
 * (no key strings on the hot path). Severity is reported by its range name (INFO, WARN...).
 */
export class RecordCounts {
  private readonly counts = new Float64Array(3 * 25);

  add(relevance: Relevance, severityNumber: number): void {
    this.counts[relevanceOrder(relevance) * 25 + severityNumber]++;
  }

  /** A copy of the counts as a flat array (what a pipeline worker reports). */
  raw(): Float64Array {
    return this.counts.slice();
  }

  /** Sets the counts to the sum of flat arrays from `raw` (the workers' reports). */
  setSum(parts: Iterable<Float64Array>): void {
    this.counts.fill(0);
    for (const p of parts) for (let i = 0; i < this.counts.length; i++) this.counts[i] += p[i];
  }

  /** Totals grouped by relevance and severity range name, for metrics and reports. */
  entries(): { relevance: Relevance; severity: string; count: number }[] {
    const byKey = new Map<string, { relevance: Relevance; severity: string; count: number }>();
    for (let r = 0; r < 3; r++) {
      for (let s = 0; s < 25; s++) {
        const n = this.counts[r * 25 + s];
        if (n === 0) continue;
        const severity = s === 0 ? 'UNSPECIFIED' : severityText(s - ((s - 1) % 4));
        const key = r + severity;
        const e = byKey.get(key);
        if (e) e.count += n;
        else byKey.set(key, { relevance: RELEVANCES[r], severity, count: n });
      }
    }
    return [...byKey.values()];
  }

  total(relevance?: Relevance): number {
    let t = 0;
    for (let r = 0; r < 3; r++) {
      if (relevance && RELEVANCE_ORDER[relevance] !== r) continue;
      for (let s = 0; s < 25; s++) t += this.counts[r * 25 + s];
    }
    return t;
  }
}
