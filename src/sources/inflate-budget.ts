/** Why a reservation was not granted in time; the HTTP inputs answer 503 with Retry-After. */
export class InflateBudgetBusy extends Error {
  constructor(readonly bytes: number) {
    super('decompression budget exhausted: too many bodies are being inflated at once');
    this.name = 'InflateBudgetBusy';
  }
}

export interface InflateBudgetOptions {
  /** Bytes all requests together may be inflating at once. */
  capacity: number;
  /** How long a request may wait for room before it is refused. */
  maxWaitMs: number;
}

interface Waiter {
  bytes: number;
  grant: (release: () => void) => void;
  timer: NodeJS.Timeout;
}

/**
 * A process-wide budget of bytes being decompressed at once, shared by every input that inflates
 * request bodies (the Fluent Bit HTTP input, the OTLP receiver). Each request reserves what its
 * body may inflate to before inflating; past the capacity it waits its turn in arrival order, and
 * past `maxWaitMs` it is refused, so ten bombs at once cost one capacity of memory, not ten limits.
 * A reservation larger than the capacity is clamped to it (it then runs alone).
 */
export class InflateBudget {
  private used = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly opts: InflateBudgetOptions) {}

  get inUse(): number {
    return this.used;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves with a release function once `bytes` are reserved; rejects with InflateBudgetBusy after maxWaitMs. */
  acquire(bytes: number): Promise<() => void> {
    const want = Math.max(0, Math.min(bytes, this.opts.capacity));
    if (this.waiters.length === 0 && this.used + want <= this.opts.capacity) return Promise.resolve(this.grant(want));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        bytes: want,
        grant: resolve,
        timer: setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new InflateBudgetBusy(want));
          this.wakeWaiters();
        }, this.opts.maxWaitMs),
      };
      this.waiters.push(waiter);
    });
  }

  private grant(bytes: number): () => void {
    this.used += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= bytes;
      this.wakeWaiters();
    };
  }

  /** First come, first served: a large request at the head is not starved by small ones behind it. */
  private wakeWaiters(): void {
    while (this.waiters.length > 0 && this.used + this.waiters[0].bytes <= this.opts.capacity) {
      const w = this.waiters.shift()!;
      clearTimeout(w.timer);
      w.grant(this.grant(w.bytes));
    }
  }
}

/** Used when a caller passes no budget of its own, so every input shares one by default. */
let processBudget = new InflateBudget({ capacity: 64 * 1024 * 1024, maxWaitMs: 2000 });

export function sharedInflateBudget(): InflateBudget {
  return processBudget;
}

/** The service sizes the shared budget from its config at start (before any input listens). */
export function configureSharedInflateBudget(opts: InflateBudgetOptions): InflateBudget {
  processBudget = new InflateBudget(opts);
  return processBudget;
}
