/** A one-line progress bar on a TTY stream, redrawn at most every 200 ms. */
export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private readonly startedAt = Date.now();

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly total: number,
    private readonly label: string,
  ) {}

  advance(bytes: number): void {
    this.done += bytes;
    const now = Date.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    this.draw(now);
  }

  finish(): void {
    this.out.write('\r\x1b[K');
  }

  private draw(now: number): void {
    const width = Math.max(10, Math.min(40, (this.out.columns ?? 80) - 50));
    const frac = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const filled = Math.round(frac * width);
    const seconds = Math.max(0.001, (now - this.startedAt) / 1000);
    const mbps = this.done / 1e6 / seconds;
    this.out.write(
      `\r\x1b[K${this.label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(frac * 100).toFixed(0)}% ${mbps.toFixed(1)} MB/s`,
    );
  }
}
