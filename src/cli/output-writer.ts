/** The output stream failed before everything was written (not EPIPE: a reader that stopped). */
export class OutputError extends Error {
  readonly code = 'LOGSIFT_ERR_OUTPUT';
  /** The reader went away (`logsift tag ... | head`): a normal, quiet end. */
  readonly readerClosed: boolean;
  constructor(cause: NodeJS.ErrnoException) {
    super(`cannot write output: ${cause.code ?? cause.message}`);
    this.readerClosed = cause.code === 'EPIPE';
  }
}

/**
 * Writes a command's output and knows when all of it has reached the OS. Node does not keep the
 * process alive for a pending write to a pipe (stdout's handle is unreferenced), so a command that
 * returned while its last writes sat in the stream's buffer lost them when a slow reader let the
 * pipe fill. While any write is pending a referenced timer holds the event loop open.
 */
export class OutputWriter {
  private pending = 0;
  private keepAlive?: NodeJS.Timeout;
  private failure?: Error;
  private idleWaiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private writableWaiters: (() => void)[] = [];
  private blockedNow = false;

  constructor(private readonly out: NodeJS.WritableStream) {}

  /** True while the stream's buffer is past its high-water mark: stop producing until `whenWritable`. */
  get blocked(): boolean {
    return this.blockedNow && this.failure === undefined;
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  write(text: string | Uint8Array): void {
    if (text.length === 0 || this.failure) return;
    if (this.pending++ === 0) this.keepAlive = setInterval(noop, 1 << 30);
    const ok = this.out.write(text, (err?: Error | null) => this.onWritten(err ?? undefined));
    if (!ok && !this.blockedNow) {
      this.blockedNow = true;
      this.out.once('drain', () => this.unblock());
    }
  }

  /** Calls `resume` once the stream can take more (or has failed, so the producer can stop). */
  whenWritable(resume: () => void): void {
    if (!this.blocked) resume();
    else this.writableWaiters.push(resume);
  }

  /** Resolves when every write so far is handed to the OS; rejects with OutputError if the stream failed. */
  finish(): Promise<void> {
    if (this.failure) return Promise.reject(this.asOutputError());
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

  private onWritten(err: Error | undefined): void {
    if (err && !this.failure) {
      this.failure = err;
      this.unblock();
    }
    if (--this.pending > 0 && !this.failure) return;
    clearInterval(this.keepAlive);
    this.keepAlive = undefined;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) {
      if (this.failure) w.reject(this.asOutputError());
      else w.resolve();
    }
  }

  private unblock(): void {
    this.blockedNow = false;
    const waiters = this.writableWaiters;
    this.writableWaiters = [];
    for (const w of waiters) w();
  }

  private asOutputError(): OutputError {
    return new OutputError(this.failure as NodeJS.ErrnoException);
  }
}

function noop(): void {}
