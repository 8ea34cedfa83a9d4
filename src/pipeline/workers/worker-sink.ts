import { RELEVANCE_ORDER, type LogRecord } from '../../model/record.js';
import { Analysis } from '../../report/analysis.js';
import { ExportPolicy } from '../../sinks/export-policy.js';
import { JsonLineBuffer } from '../../sinks/json-line-buffer.js';
import type { WorkerOutput, WorkerOutputs } from './protocol.js';

/**
 * The pipeline's output inside a worker: turns records into what the main thread's sinks take
 * (JSON lines already serialised, the records the log export keeps) or, for `analyze`, into this
 * worker's share of the report. Collected per batch and handed over by `take`.
 */
export class WorkerSink {
  readonly analysis?: Analysis;
  private readonly minRelevance: number;
  private readonly jsonLines: boolean;
  private readonly policy?: ExportPolicy;
  private readonly lines = new JsonLineBuffer();
  private records: LogRecord[] = [];

  constructor(spec: WorkerOutput) {
    if (spec.kind === 'analyze') this.analysis = new Analysis(undefined, { quietMs: spec.quietMs });
    this.minRelevance = spec.kind === 'tag' ? RELEVANCE_ORDER[spec.minRelevance] : 0;
    this.jsonLines = spec.kind === 'tag' || (spec.kind === 'serve' && spec.stdout);
    if (spec.kind === 'serve' && spec.logs) this.policy = new ExportPolicy(spec.logs);
  }

  write(records: LogRecord[]): void {
    this.analysis?.add(records);
    if (this.jsonLines) this.lines.addRecords(records, this.minRelevance);
    this.policy?.select(records, this.records);
  }

  /** What was collected since the last call; the byte buffers are the worker's to transfer. */
  take(): WorkerOutputs {
    const out: WorkerOutputs = {};
    const bytes = this.lines.take();
    // Copied into an ArrayBuffer of their own (a memcpy), which is transferred without another.
    if (bytes !== undefined) out.lines = new Uint8Array(bytes);
    if (this.records.length > 0) {
      out.records = this.records;
      this.records = [];
    }
    return out;
  }
}
