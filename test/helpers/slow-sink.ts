import type { LogRecord } from '../../src/model/record.js';
import type { RecordSink } from '../../src/sinks/record-sink.js';

/** Takes records into a buffer that a timer empties slowly; saturated while the buffer is full. */
export class SlowSink implements RecordSink {
  readonly name = 'slow';
  readonly delivered: string[] = [];
  private pending: LogRecord[] = [];
  private timer?: NodeJS.Timeout;
  get saturated(): boolean {
    return this.pending.length >= 300;
  }
  write(records: LogRecord[]): void {
    for (const r of records) this.pending.push(r);
  }
  async start(): Promise<void> {
    this.timer = setInterval(() => {
      for (const r of this.pending.splice(0, 50)) this.delivered.push(r.body);
    }, 5);
  }
  async flush(): Promise<void> {
    for (const r of this.pending.splice(0)) this.delivered.push(r.body);
  }
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
