import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const MAX_OUTPUT = 64 * 1024;

/** A long-running child (Prometheus, logsift) with its recent output kept for failure messages. */
export class ChildService {
  private output = '';
  private done = false;
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-MAX_OUTPUT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.done = true;
        resolve(code);
      });
      // A spawn failure (no such binary) may never emit 'exit'.
      child.once('error', (err) => {
        this.done = true;
        this.output += `\n[${name}: ${err.message}]`;
        resolve(null);
      });
    });
  }

  static start(name: string, command: string, args: string[], options: SpawnOptions): ChildService {
    return new ChildService(name, spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  get running(): boolean {
    return !this.done;
  }

  /** The last 64 KiB of stdout and stderr, interleaved as they came. */
  recentOutput(): string {
    return this.output;
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Safe to call twice. */
  async stop(graceMs = 10_000): Promise<number | null> {
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      try {
        return await this.exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return this.child.exitCode;
  }
}
