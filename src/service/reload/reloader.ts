import { createHash } from 'node:crypto';
import { classifierFromSources, ruleDirs } from '../../classify/create-classifier.js';
import { readRuleSources, type RuleSource } from '../../classify/load-rules.js';
import { buildConfig, configFromText, readConfigText } from '../../config/load-config.js';
import type { Config } from '../../config/schema.js';
import type { PodIdentity } from '../../model/record.js';
import type { LiveSettings, ReconfigureResult } from '../../pipeline/live-settings.js';
import type { Logger } from '../../telemetry/logger.js';
import type { SelfTelemetry } from '../../telemetry/self-telemetry.js';
import { changedKeys, isLiveKey, withLiveKeys } from './live-keys.js';

export type ReloadTrigger = 'signal' | 'http' | 'watch';

/** What a reload did; the body of the `/-/reload` answer. */
export interface ReloadOutcome {
  /** `unchanged`: a watch event with the same file contents as the last attempt (nothing done). */
  status: 'success' | 'error' | 'unchanged';
  trigger: ReloadTrigger;
  error?: string;
  /** Changed keys now in force. */
  applied: string[];
  /** Changed keys that keep their running value until logsift restarts. */
  restartRequired: string[];
  rules: { packs: number; changed: boolean };
}

export interface ReloaderOptions {
  /** The config file; without one a reload re-reads only the rule packs (defaults for the rest). */
  configPath?: string;
  /** The configuration the service started with. */
  config: Config;
  /** Identity for lines without one, from the new config (flags and env keep winning). */
  defaultPod: (config: Config) => PodIdentity;
  /** The pipeline's swap (plain data in and out). */
  reconfigure: (live: LiveSettings) => Promise<ReconfigureResult>;
  /** The other live settings (log level, credentials, the watcher), after the pipeline took its part. */
  applied?: (config: Config) => void;
  telemetry: SelfTelemetry;
  logger: Logger;
  now?: () => number;
}

interface Candidate {
  config: Config;
  rules: RuleSource[];
  fingerprint: string;
}

/**
 * Live reload: reads and validates the whole new configuration (schema, rule packs compiled),
 * then hands the pipeline its part between batches and applies the rest. A reload that fails at
 * any step changes nothing: the running configuration stays, the error is logged once, and
 * `lastReloadSuccessful` drops to 0 until a reload succeeds. Reloads run one at a time.
 */
export class Reloader {
  private running: Config;
  private rulesFingerprint: string;
  private lastAttempt: string | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly opts: ReloaderOptions) {
    this.running = opts.config;
    this.now = opts.now ?? Date.now;
    // What is on disk now is what the service started with (or as close as can be known).
    const initial = this.tryRead();
    this.lastAttempt = initial?.fingerprint;
    this.rulesFingerprint = initial ? fingerprintRules(initial.rules) : '';
    opts.telemetry.lastReloadSuccessful = 1;
    opts.telemetry.lastReloadSuccessSeconds = this.now() / 1000;
  }

  /** The configuration in force: the start config with every applied live key. */
  get config(): Config {
    return this.running;
  }

  /** Reloads now, after any reload already under way. */
  reload(trigger: ReloadTrigger): Promise<ReloadOutcome> {
    const next = this.chain.then(() => this.reloadNow(trigger));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async reloadNow(trigger: ReloadTrigger): Promise<ReloadOutcome> {
    const { logger, telemetry } = this.opts;
    let candidate: Candidate;
    try {
      candidate = this.read();
    } catch (err) {
      const fingerprint = (err as ReadFailure).fingerprint;
      if (this.unchanged(trigger, fingerprint)) return this.unchangedOutcome(trigger);
      return this.fail(trigger, (err as Error).message, fingerprint);
    }
    if (this.unchanged(trigger, candidate.fingerprint)) return this.unchangedOutcome(trigger);
    const changed = changedKeys(this.running, candidate.config);
    const applied = changed.filter(isLiveKey);
    const restartRequired = changed.filter((k) => !isLiveKey(k));
    const rulesFingerprint = fingerprintRules(candidate.rules);
    const live: LiveSettings = {
      classify: candidate.config.pipeline.classify,
      rules: candidate.rules,
      defaultPod: this.opts.defaultPod(candidate.config),
    };
    const result = await this.opts.reconfigure(live);
    if (!result.ok) return this.fail(trigger, result.error, candidate.fingerprint);

    this.running = buildConfig(withLiveKeys(this.running, candidate.config), 'reloaded configuration');
    const rules = { packs: candidate.rules.length, changed: rulesFingerprint !== this.rulesFingerprint };
    this.rulesFingerprint = rulesFingerprint;
    this.lastAttempt = candidate.fingerprint;
    try {
      this.opts.applied?.(this.running);
    } catch (err) {
      // The pipeline already runs the new rules; a side setting that failed is worth a loud line.
      logger.error({ err, trigger }, 'reload: a live setting could not be applied');
    }
    telemetry.lastReloadSuccessful = 1;
    telemetry.lastReloadSuccessSeconds = this.now() / 1000;
    logger.info({ trigger, applied, rules }, 'configuration reloaded');
    if (restartRequired.length > 0) {
      logger.warn({ trigger, restartRequired }, 'reload: these changed settings take effect only after a restart; their running values stay');
    }
    return { status: 'success', trigger, applied, restartRequired, rules };
  }

  /** A watch event with the same contents as the last attempt: nothing to do, nothing to log again. */
  private unchanged(trigger: ReloadTrigger, fingerprint: string): boolean {
    return trigger === 'watch' && fingerprint === this.lastAttempt;
  }

  private unchangedOutcome(trigger: ReloadTrigger): ReloadOutcome {
    this.opts.logger.debug({ trigger }, 'reload: files unchanged since the last attempt');
    return { status: 'unchanged', trigger, applied: [], restartRequired: [], rules: { packs: 0, changed: false } };
  }

  private fail(trigger: ReloadTrigger, error: string, fingerprint: string): ReloadOutcome {
    this.lastAttempt = fingerprint;
    this.opts.telemetry.lastReloadSuccessful = 0;
    this.opts.logger.error({ trigger, error }, 'reload failed; the running configuration stays');
    return { status: 'error', trigger, error, applied: [], restartRequired: [], rules: { packs: 0, changed: false } };
  }

  /**
   * The whole candidate, validated: schema, rule files read and compiled. Throws a ReadFailure
   * that still carries a fingerprint of what was read, so a watch does not log the same broken
   * file twice.
   */
  private read(): Candidate {
    const path = this.opts.configPath;
    const hash = createHash('sha256');
    const fingerprint = () => hash.copy().digest('hex');
    try {
      const text = path === undefined ? '' : readConfigText(path);
      hash.update(text).update('\u0000');
      const config = path === undefined ? buildConfig({}, 'defaults') : configFromText(text, path);
      const rules = readRuleSources(ruleDirs(config.pipeline.classify));
      hash.update(fingerprintRules(rules));
      classifierFromSources(config.pipeline.classify, rules);
      return { config, rules, fingerprint: fingerprint() };
    } catch (err) {
      throw new ReadFailure((err as Error).message, fingerprint());
    }
  }

  private tryRead(): Candidate | undefined {
    try {
      return this.read();
    } catch {
      return undefined;
    }
  }
}

class ReadFailure extends Error {
  constructor(
    message: string,
    readonly fingerprint: string,
  ) {
    super(message);
  }
}

function fingerprintRules(rules: RuleSource[]): string {
  const hash = createHash('sha256');
  for (const r of rules) hash.update(r.file).update('\u0000').update(r.text).update('\u0000');
  return hash.digest('hex');
}
