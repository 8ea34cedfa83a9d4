import type { LogRecord } from '../model/record.js';

export type ExportPolicyName = 'default' | 'signals' | 'all';

export interface ExportPolicyOptions {
  policy: ExportPolicyName;
  /** One noise record per template per interval, on event time. */
  noiseSampleIntervalMs: number;
  /** Templates remembered for sampling (LRU). */
  maxTemplates: number;
}

interface Sample {
  lastMs: number;
  suppressed: number;
}

export const SUPPRESSED_COUNT_ATTRIBUTE = 'logsift.suppressed_count';

/**
 * Which records leave over OTLP. `default`: every signal, context and synthesized record, and
 * noise sampled to one per template per interval, the sampled record carrying how many of its
 * template were suppressed since the previous sample. Sampling runs on the records' event time,
 * so a replayed file samples as the live stream would have; a jump of more than an interval
 * in either direction (another pod's clock) starts a new sample.
 */
export class ExportPolicy {
  private readonly samples = new Map<string, Sample>();
  /** Noise records not exported (each also counted on a later sample, if one comes). */
  suppressedTotal = 0;

  constructor(private readonly opts: ExportPolicyOptions) {}

  /** Appends the records to export to `out`; synchronous, no allocation for dropped noise. */
  select(records: LogRecord[], out: LogRecord[]): void {
    const policy = this.opts.policy;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (policy === 'all' || r.synthetic || r.relevance === 'signal') out.push(r);
      else if (policy === 'signals') continue;
      else if (r.relevance === 'context') out.push(r);
      else {
        const sampled = this.sample(r);
        if (sampled) out.push(sampled);
      }
    }
  }

  private sample(r: LogRecord): LogRecord | undefined {
    const key = r.templateId;
    const s = this.samples.get(key);
    if (s) {
      const gap = r.timeMs - s.lastMs;
      if (gap < this.opts.noiseSampleIntervalMs && gap > -this.opts.noiseSampleIntervalMs) {
        s.suppressed++;
        this.suppressedTotal++;
        return undefined;
      }
      // Re-insert so Map order is least-recently-sampled first.
      this.samples.delete(key);
      const suppressed = s.suppressed;
      s.lastMs = r.timeMs;
      s.suppressed = 0;
      this.samples.set(key, s);
      return suppressed > 0 ? { ...r, attributes: { ...r.attributes, [SUPPRESSED_COUNT_ATTRIBUTE]: suppressed } } : r;
    }
    if (this.samples.size >= this.opts.maxTemplates) {
      const oldest = this.samples.keys().next().value as string;
      this.samples.delete(oldest);
    }
    this.samples.set(key, { lastMs: r.timeMs, suppressed: 0 });
    return r;
  }

  /** Suppressed since each template's last sample, not yet carried by a later one. */
  get pendingSuppressed(): number {
    let n = 0;
    for (const s of this.samples.values()) n += s.suppressed;
    return n;
  }

  get templates(): number {
    return this.samples.size;
  }
}
