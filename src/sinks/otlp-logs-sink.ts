import type { LogRecord } from '../model/record.js';
import type { Logger } from '../telemetry/logger.js';
import type { SelfTelemetry } from '../telemetry/self-telemetry.js';
import { ExportPolicy, type ExportPolicyOptions } from './export-policy.js';
import { OtlpHttpClient, type PostResult } from './otlp-http-client.js';
import { OtlpLogEncoder } from './otlp-log-encoder.js';
import { OtlpLogQueue, type OtlpLogQueueOptions } from './otlp-log-queue.js';
import type { RecordSink } from './record-sink.js';
import type { OtlpLogsSettings } from './resolve-otlp-settings.js';
import type { LogSpool } from '../storage/log-spool.js';
import { StartupError } from '../service/startup-error.js';

export interface OtlpLogsSinkOptions {
  settings: OtlpLogsSettings;
  policy: ExportPolicyOptions;
  queue: Omit<OtlpLogQueueOptions, 'maxRecords'>;
  retry: { initialBackoffMs: number; maxBackoffMs: number };
  /** How long `stop()` may take to deliver what is queued; the rest is dropped (reason shutdown). */
  stopTimeoutMs: number;
  telemetry: SelfTelemetry;
  logger: Logger;
  /** Injected for tests: jitter source in [0, 1). */
  random?: () => number;
  /** Write-ahead spool of the queue (storage.path): what is not delivered by stop is kept for the next start. */
  spool?: { spool: LogSpool; syncIntervalMs: number };
}

const SIGNAL = 'logs';

/**
 * Enriched records over OTLP/HTTP: export policy → bounded queue → batches (size or interval)
 * → one request at a time, retried with capped exponential backoff and jitter on retryable
 * failures (honouring Retry-After), dropped and counted on permanent ones. While the queue is
 * past its high watermark the sink reports `saturated` and the service stops feeding it, so
 * inputs push back instead of anything being dropped.
 */
export class OtlpLogsSink implements RecordSink {
  readonly name = 'otlp-logs';
  readonly queue: OtlpLogQueue;
  readonly policy: ExportPolicy;
  private readonly encoder: OtlpLogEncoder;
  private readonly client: OtlpHttpClient;
  private readonly selected: LogRecord[] = [];
  private loop?: Promise<void>;
  /** Ends an interval wait (a full batch is ready, or stop). */
  private wake?: () => void;
  /** Ends any wait, backoff included (stop deadline). */
  private wakeAll?: () => void;
  private started = false;
  private stopping = false;
  /** Set when the stop deadline passed: abandon the current batch and what is queued. */
  private aborting = false;
  private readonly abort = new AbortController();
  private outage = false;
  /** Records delivered (acknowledged 2xx). */
  exported = 0;
  /** Accepted records dropped at shutdown because there was no spool to keep them. */
  droppedAtShutdown = 0;
  /** Records left in the spool at shutdown for the next start. */
  spooledAtShutdown = 0;
  private syncTimer?: NodeJS.Timeout;
  private spoolFailing = false;

  constructor(private readonly opts: OtlpLogsSinkOptions) {
    this.policy = new ExportPolicy(opts.policy);
    this.queue = new OtlpLogQueue({ ...opts.queue, maxRecords: opts.settings.queueMaxRecords });
    this.encoder = new OtlpLogEncoder(opts.settings.protocol);
    this.client = new OtlpHttpClient(opts.settings, this.encoder.contentType);
  }

  get saturated(): boolean {
    return this.queue.saturated || this.opts.spool?.spool.full === true;
  }

  write(records: LogRecord[]): void {
    if (this.aborting) {
      this.opts.telemetry.exportDropped.add('logs:shutdown', records.length);
      return;
    }
    const selected = this.selected;
    selected.length = 0;
    this.policy.select(records, selected);
    this.enqueue(selected);
    selected.length = 0;
  }

  /** Records a pipeline worker already selected with an ExportPolicy of the same options. */
  writeSelected(records: LogRecord[]): void {
    if (this.aborting) {
      this.opts.telemetry.exportDropped.add('logs:shutdown', records.length);
      return;
    }
    this.enqueue(records);
  }

  private enqueue(selected: LogRecord[]): void {
    if (selected.length === 0) return;
    const refused = this.queue.push(selected);
    if (this.opts.spool && refused < selected.length) {
      this.opts.spool.spool.append(refused === 0 ? selected : selected.slice(0, selected.length - refused));
    }
    if (refused > 0) this.opts.telemetry.exportDropped.add('logs:queue_full', refused);
    if (this.queue.waiting >= this.opts.settings.batchMaxRecords) this.wake?.();
  }

  async start(): Promise<void> {
    if (this.started || this.stopping) return;
    const spool = this.opts.spool;
    if (spool) {
      // Records a previous run accepted but did not deliver go first, before anything new.
      let replay: LogRecord[];
      try {
        replay = spool.spool.recover();
      } catch (err) {
        throw new StartupError('LOGSIFT_ERR_STORAGE', (err as Error).message);
      }
      if (replay.length > 0) {
        this.queue.push(replay, true);
        this.opts.logger.info({ records: replay.length }, 'replaying spooled log records from the previous run');
      }
      this.syncTimer = setInterval(() => this.syncSpool(), spool.syncIntervalMs);
      this.syncTimer.unref();
    }
    this.started = true;
    this.loop = this.run();
  }

  /** Writes and fsyncs what the spool buffered; a failing disk is reported once, and retried. */
  private syncSpool(): boolean {
    try {
      this.opts.spool?.spool.flush();
      if (this.spoolFailing) this.opts.logger.info('export spool writable again');
      this.spoolFailing = false;
      return true;
    } catch (err) {
      if (!this.spoolFailing) this.opts.logger.error({ err: (err as Error).message }, 'cannot write the export spool; records stay queued in memory');
      this.spoolFailing = true;
      return false;
    }
  }

  /** Sends what is queued now, without stopping; gives up waiting during an outage or after stopTimeoutMs. */
  async flush(): Promise<void> {
    const until = Date.now() + this.opts.stopTimeoutMs;
    while (this.queue.depth > 0 && this.started && !this.aborting && !this.outage && Date.now() < until) {
      this.wake?.();
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Delivers what is queued within `stopTimeoutMs`; what is left after it is dropped and counted. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (!this.loop) return;
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), this.opts.stopTimeoutMs)));
    const outcome = await Promise.race([this.loop.then(() => 'done' as const), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.aborting = true;
      this.abort.abort();
      this.wakeAll?.();
      await this.loop;
    }
    this.closeSpool();
  }

  private closeSpool(): void {
    const spool = this.opts.spool?.spool;
    if (!spool) return;
    clearInterval(this.syncTimer);
    const written = this.syncSpool();
    try {
      spool.close();
    } catch {
      // syncSpool reported it
    }
    if (!written) {
      this.droppedAtShutdown += spool.pending;
      this.opts.telemetry.exportDropped.add('logs:shutdown', spool.pending);
      this.opts.logger.error({ records: spool.pending }, 'shutdown: the export spool could not be written; accepted log records are lost');
      return;
    }
    this.spooledAtShutdown = spool.pending;
    if (spool.pending > 0) {
      this.opts.logger.info({ records: spool.pending }, 'shutdown: undelivered log records kept in the spool; the next start sends them first');
    }
  }

  private async run(): Promise<void> {
    const { batchMaxRecords, batchIntervalMs } = this.opts.settings;
    for (;;) {
      if (this.aborting) break;
      if (this.queue.waiting === 0) {
        if (this.stopping) break;
        await this.sleep(batchIntervalMs, true);
        continue;
      }
      // A partial batch waits for the interval unless shutting down.
      if (this.queue.waiting < batchMaxRecords && !this.stopping) await this.sleep(batchIntervalMs, true);
      if (this.aborting) break;
      const batch = this.queue.take(batchMaxRecords);
      if (batch.length === 0) continue;
      await this.deliver(batch);
      this.queue.settle(batch.length);
    }
    const left = this.queue.clear();
    // With a spool the records left (and any batch abandoned in flight) are kept on disk.
    if (left > 0 && !this.opts.spool) {
      this.opts.telemetry.exportDropped.add('logs:shutdown', left);
      this.droppedAtShutdown += left;
    }
    if (this.droppedAtShutdown > 0) {
      this.opts.logger.error(
        { records: this.droppedAtShutdown },
        'shutdown: accepted log records could not be delivered and are lost (set storage.path to keep them)',
      );
    }
  }

  /** One batch, until delivered, permanently refused, or abandoned at the stop deadline. */
  private async deliver(batch: LogRecord[]): Promise<void> {
    const t = this.opts.telemetry;
    let body: Uint8Array;
    try {
      body = this.encoder.encode(batch);
    } catch (err) {
      // A bug, not bad input: never retry it, never stop the loop.
      t.exportDropped.add('logs:encode_error', batch.length);
      this.opts.spool?.spool.ack(batch.length);
      this.opts.logger.error({ err, records: batch.length }, 'could not encode a log batch');
      return;
    }
    for (let attempt = 0; ; attempt++) {
      if (this.aborting) {
        if (!this.opts.spool) {
          t.exportDropped.add('logs:shutdown', batch.length);
          this.droppedAtShutdown += batch.length;
        }
        return;
      }
      t.exportAttempts.add(SIGNAL);
      const result = await this.client.post(body, this.abort.signal);
      if (result.ok) {
        this.exported += batch.length;
        this.opts.spool?.spool.ack(batch.length);
        if (this.outage) this.opts.logger.info({ url: this.opts.settings.url }, 'OTLP log export recovered');
        this.outage = false;
        return;
      }
      t.exportFailures.add(SIGNAL + ':' + result.reason);
      if (!result.retryable) {
        t.exportDropped.add('logs:rejected', batch.length);
        this.opts.spool?.spool.ack(batch.length);
        this.opts.logger.warn(
          { url: this.opts.settings.url, status: result.status, records: batch.length },
          'OTLP log batch rejected by the receiver; dropped',
        );
        return;
      }
      if (this.aborting) continue;
      this.onRetryable(result);
      await this.sleep(this.backoff(attempt, result.retryAfterMs), false);
    }
  }

  private onRetryable(result: Extract<PostResult, { retryable: true }>): void {
    if (this.outage) return;
    this.outage = true;
    this.opts.logger.warn(
      { url: this.opts.settings.url, reason: result.reason, status: result.status },
      'OTLP log export failing; retrying with backoff, inputs are pushed back when the queue fills',
    );
  }

  /** Capped exponential backoff with full jitter; Retry-After wins when given (capped too). */
  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    const { initialBackoffMs, maxBackoffMs } = this.opts.retry;
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, maxBackoffMs);
    const ceiling = Math.min(maxBackoffMs, initialBackoffMs * 2 ** Math.min(attempt, 30));
    const random = this.opts.random ?? Math.random;
    return ceiling / 2 + (ceiling / 2) * random();
  }

  /**
   * Sleeps up to ms. The stop deadline ends any sleep; a full batch or stop ends only an interval
   * wait (`onData`), never a backoff, so a full queue cannot turn retries into a flood.
   */
  private sleep(ms: number, onData: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        if (this.wake === finish) this.wake = undefined;
        if (this.wakeAll === finish) this.wakeAll = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      if (onData) this.wake = finish;
      this.wakeAll = finish;
    });
  }
}
