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
    if (!this.out.write(text)) {
      this.blocked = true;
      this.out.once('drain', () => (this.blocked = false));
    }
  }

  async start(): Promise<void> {}
  async flush(): Promise<void> {}
  async stop(): Promise<void> {}
}
