import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Component } from '../component.js';
import type { PodStateCheckpoint } from '../state/pod-state-checkpoint.js';
import type { Logger } from '../telemetry/logger.js';

const FILE = 'pod-state.json';

/** What restore returns: how much of the checkpoint was taken. */
export interface RestoreSummary {
  pods: number;
  windows: boolean;
  skipped: number;
}

/**
 * Where per-pod state lives: a PodStateStore, or the pipeline workers that each hold some pods
 * (then a checkpoint is gathered, and a restore handed out, by message).
 */
export interface PodStateHolder {
  checkpoint(nowMs: number): PodStateCheckpoint | Promise<PodStateCheckpoint>;
  /** Throws CheckpointRefused (or rejects) for a checkpoint that cannot be used at all. */
  restore(data: unknown, nowMs: number): RestoreSummary | Promise<RestoreSummary>;
  readonly activeLoops: number;
}

export interface StateCheckpointerOptions {
  dir: string;
  intervalMs: number;
  pods: PodStateHolder;
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
  /** The write under way: a periodic write never overlaps another. */
  private writing?: Promise<void>;

  constructor(private readonly opts: StateCheckpointerOptions) {}

  private get now(): number {
    return (this.opts.clock ?? Date.now)();
  }

  async start(): Promise<void> {
    if (this.started || this.stopped) return;
    this.started = true;
    await this.restore();
    this.timer = setInterval(() => void this.write(), this.opts.intervalMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    await this.write();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    if (this.started) await this.write();
  }

  private async restore(): Promise<void> {
    const path = join(this.opts.dir, FILE);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.opts.logger.warn({ err: (err as Error).message, path }, 'cannot read the pod-state checkpoint; starting empty');
      return;
    }
    try {
      const r = await this.opts.pods.restore(JSON.parse(text), this.now);
      this.opts.logger.info({ pods: r.pods, skipped: r.skipped, windows: r.windows, activeLoops: this.opts.pods.activeLoops }, 'pod state restored from the checkpoint');
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message, path }, 'pod-state checkpoint refused; starting empty');
    }
  }

  private async write(): Promise<void> {
    while (this.writing) await this.writing;
    this.writing = this.writeOnce();
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
  }

  private async writeOnce(): Promise<void> {
    const path = join(this.opts.dir, FILE);
    const tmp = path + '.tmp';
    try {
      const checkpoint = await this.opts.pods.checkpoint(this.now);
      mkdirSync(this.opts.dir, { recursive: true });
      const data = Buffer.from(JSON.stringify(checkpoint));
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
