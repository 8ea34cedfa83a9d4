import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Component } from '../component.js';
import type { PodStateStore } from '../state/pod-state-store.js';
import type { Logger } from '../telemetry/logger.js';

const FILE = 'pod-state.json';

export interface StateCheckpointerOptions {
  dir: string;
  intervalMs: number;
  pods: PodStateStore;
  logger: Logger;
  clock?: () => number;
}

/**
 * Keeps per-pod state (totals, windows, active loops) across restarts: restores the checkpoint
 * at start, before any input is read, and writes it periodically and at stop, after the pipeline
 * has drained. The file is replaced whole (temporary file, fsync, rename), so a crash leaves the
 * previous checkpoint. A checkpoint that cannot be used is reported and ignored, never fatal.
 */
export class StateCheckpointer implements Component {
  readonly name = 'state-checkpoint';
  private timer?: NodeJS.Timeout;
  private started = false;
  private stopped = false;

  constructor(private readonly opts: StateCheckpointerOptions) {}

  private get now(): number {
    return (this.opts.clock ?? Date.now)();
  }

  async start(): Promise<void> {
    if (this.started || this.stopped) return;
    this.started = true;
    this.restore();
    this.timer = setInterval(() => this.write(), this.opts.intervalMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    this.write();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    if (this.started) this.write();
  }

  private restore(): void {
    const path = join(this.opts.dir, FILE);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.opts.logger.warn({ err: (err as Error).message, path }, 'cannot read the pod-state checkpoint; starting empty');
      return;
    }
    try {
      const r = this.opts.pods.restore(JSON.parse(text), this.now);
      this.opts.logger.info({ pods: r.pods, skipped: r.skipped, windows: r.windows, activeLoops: this.opts.pods.activeLoops }, 'pod state restored from the checkpoint');
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message, path }, 'pod-state checkpoint refused; starting empty');
    }
  }

  private write(): void {
    const path = join(this.opts.dir, FILE);
    const tmp = path + '.tmp';
    try {
      mkdirSync(this.opts.dir, { recursive: true });
      const data = Buffer.from(JSON.stringify(this.opts.pods.checkpoint(this.now)));
      const fd = openSync(tmp, 'w');
      try {
        let at = 0;
        while (at < data.length) at += writeSync(fd, data, at, data.length - at);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
    } catch (err) {
      this.opts.logger.error({ err: (err as Error).message, path }, 'cannot write the pod-state checkpoint');
    }
  }
}
