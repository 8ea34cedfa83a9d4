import { watch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ruleDirs } from '../../classify/create-classifier.js';
import type { Component } from '../../component.js';
import { parseDuration } from '../../config/duration.js';
import type { Config } from '../../config/schema.js';
import type { Logger } from '../../telemetry/logger.js';

export interface WatchTargets {
  enabled: boolean;
  debounceMs: number;
  /** Directories to watch: the config file's and every rule directory. */
  dirs: string[];
}

/** What to watch under a configuration. */
export function watchTargets(config: Config, configPath: string | undefined): WatchTargets {
  return {
    enabled: config.reload.watch,
    debounceMs: parseDuration(config.reload.debounce),
    dirs: ConfigWatcher.dirsFor(configPath, ruleDirs(config.pipeline.classify)),
  };
}

/**
 * Watches the config file's directory and the rule directories, and asks for one reload once
 * changes have stopped for the debounce time. Directories rather than files: a Kubernetes
 * ConfigMap update swaps a `..data` symlink and an editor often writes a new file and renames
 * it over the old one, and a watch on the old file's inode sees neither. Events for unrelated
 * files cost a reload attempt that finds the contents unchanged and does nothing.
 */
export class ConfigWatcher implements Component {
  readonly name = 'config-watch';
  private readonly watchers = new Map<string, FSWatcher>();
  private timer?: NodeJS.Timeout;
  private targets: WatchTargets;
  private started = false;
  private stopped = false;

  constructor(
    targets: WatchTargets,
    private readonly onChange: () => void,
    private readonly logger: Logger,
  ) {
    this.targets = targets;
  }

  /** The directories of a config file and rule directories, without repeats. */
  static dirsFor(configPath: string | undefined, ruleDirs: string[]): string[] {
    const dirs = [...(configPath === undefined ? [] : [dirname(resolve(configPath))]), ...ruleDirs.map((d) => resolve(d))];
    return [...new Set(dirs)];
  }

  get watching(): string[] {
    return [...this.watchers.keys()];
  }

  async start(): Promise<void> {
    if (this.started || this.stopped) return;
    this.started = true;
    this.sync();
  }

  async flush(): Promise<void> {}

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  /** After a reload: the watch may have been switched on or off, or point at other directories. */
  update(targets: WatchTargets): void {
    this.targets = targets;
    if (this.started && !this.stopped) this.sync();
  }

  private sync(): void {
    const wanted = new Set(this.targets.enabled ? this.targets.dirs : []);
    for (const [dir, w] of this.watchers) {
      if (!wanted.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of wanted) if (!this.watchers.has(dir)) this.open(dir);
    if (wanted.size === 0 && this.timer) clearTimeout(this.timer);
  }

  private open(dir: string): void {
    let w: FSWatcher;
    try {
      // Not persistent: a watch alone must not keep a finished service alive.
      w = watch(dir, { persistent: false }, () => this.changed());
    } catch (err) {
      this.logger.warn({ dir, err: (err as Error).message }, 'cannot watch a config directory; SIGHUP and POST /-/reload still work');
      return;
    }
    w.on('error', (err) => {
      this.logger.warn({ dir, err: err.message }, 'config directory watch ended');
      w.close();
      this.watchers.delete(dir);
    });
    this.watchers.set(dir, w);
  }

  private changed(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.targets.debounceMs);
    this.timer.unref();
  }
}
