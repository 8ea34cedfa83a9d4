/**
 * Backpressure on stdout for `tag`: `ready` is false from the moment a write is refused until
 * the stream drains. The drain listener is set by the write that was refused, so a drain can
 * never come and go unseen (and reading resume).
 */
export class OutputGate {
  private blocked = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly out: NodeJS.WritableStream) {}

  get ready(): boolean {
    return !this.blocked;
  }

  write(chunk: string | Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.out.write(chunk) || this.blocked) return;
    this.blocked = true;
    this.out.once('drain', () => {
      this.blocked = false;
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    });
  }

  whenReady(resume: () => void): void {
    if (this.blocked) this.waiters.push(resume);
    else setImmediate(resume);
  }

  /** Resolves once everything written was handed to the stream's destination. */
  drained(): Promise<void> {
    return new Promise((resolve) => this.whenReady(resolve));
  }
}
