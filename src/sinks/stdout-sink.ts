import type { LogRecord } from '../model/record.js';
import type { RecordSink } from './record-sink.js';
import { recordToJsonLine } from './record-json.js';

/** Newline-delimited JSON records on a stream; one write per batch. */
export class StdoutSink implements RecordSink {
  readonly name = 'stdout';
  private blocked = false;

  constructor(private readonly out: NodeJS.WritableStream) {}

  get saturated(): boolean {
    return this.blocked;
  }

  write(records: LogRecord[]): void {
    let text = '';
    for (const r of records) text += recordToJsonLine(r);
    this.put(text);
  }

  writeJsonLines(lines: Uint8Array): void {
    this.put(lines);
  }

  private put(chunk: string | Uint8Array): void {
    // One drain listener per blocked spell, however many batches arrive before it clears.
    if (!this.out.write(chunk) && !this.blocked) {
      this.blocked = true;
      this.out.once('drain', () => (this.blocked = false));
    }
  }

  async start(): Promise<void> {}
  /** Resolves once what was written has been handed to the stream's destination. */
  async flush(): Promise<void> {
    if (this.blocked) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
  }

  async stop(): Promise<void> {
    await this.flush();
  }
}
