import type { Readable } from 'node:stream';
import type { Component } from '../component.js';
import type { Config } from '../config/schema.js';
import type { PodIdentity } from '../model/record.js';
import { parseDuration } from '../config/duration.js';
import { PipelineRunner } from '../pipeline/pipeline-runner.js';
import { createClassifier, ruleDirs } from '../classify/create-classifier.js';
import { readRuleSources } from '../classify/load-rules.js';
import type { ServicePipeline } from '../pipeline/service-pipeline.js';
import { serviceWorkers } from '../pipeline/workers/worker-count.js';
import { WorkerPipelineRunner } from '../pipeline/workers/worker-runner.js';
import { resolveExportSettings } from '../sinks/resolve-otlp-settings.js';
import { releaseHeapFlags, workerHeapLimits } from '../runtime/heap-limits.js';
import { memoryBudget, type MemoryBudget } from '../runtime/memory-budget.js';
import { affordableWorkers, capSettings, memorySplit, type MemorySplit } from '../runtime/memory-split.js';
import { ReceivingBudget } from '../sources/http/receiving-budget.js';
import { createSinks, type Sinks } from '../sinks/create-sinks.js';
import type { RecordSink } from '../sinks/record-sink.js';
import { createHttpSource, type HttpSource } from '../sources/http/http-source.js';
import { OtlpSource } from '../sources/otlp/otlp-source.js';
import { StdinSource } from '../sources/stdin-source.js';
import { configureSharedInflateBudget } from '../sources/inflate-budget.js';
import { StateCheckpointer } from '../storage/state-checkpointer.js';
import type { Logger } from '../telemetry/logger.js';
import { SelfTelemetry } from '../telemetry/self-telemetry.js';
import { ConfigWatcher, watchTargets } from './reload/config-watcher.js';
import { Reloader, type ReloadOutcome, type ReloadTrigger } from './reload/reloader.js';

export interface ServiceOptions {
  config: Config;
  logger: Logger;
  defaultPod: PodIdentity;
  /** Read when given (serve decides from config.input.stdin and whether it is a TTY). */
  stdin?: Readable;
  stdout: NodeJS.WritableStream;
  /** OTEL_* variables; default process.env. */
  env?: Record<string, string | undefined>;
  /** The file a reload reads again (none: embedded defaults). */
  configPath?: string;
  /** Identity for lines without one under a reloaded config; default: `defaultPod` always. */
  identity?: (config: Config) => PodIdentity;
  /**
   * Pipeline worker threads (`serve` passes `--workers` or pipeline.workers; `auto`: one per CPU
   * the quota allows). Not given: the pipeline runs on the main thread, as an embedding or a test
   * that builds a Service directly gets it.
   */
  workers?: 'auto' | number;
}

/**
 * `logsift serve`: sinks, then the pipeline, then sources are started (downstream first) and
 * stopped in the reverse order, so every component drains into one that is still running.
 */
export class Service {
  readonly telemetry = new SelfTelemetry();
  readonly runner: ServicePipeline;
  readonly http: HttpSource;
  readonly otlp: OtlpSource;
  readonly stdinSource?: StdinSource;
  /** The export side: record sinks and every export component, in start order. */
  readonly sinks: Sinks;
  /** SIGHUP, POST /-/reload and the file watch all reload through it. */
  readonly reloader: Reloader;
  /** The memory budget shared out: the caps the inputs and the queue were given, each part's worst case. */
  readonly memory: MemorySplit & { source: MemoryBudget['source'] };
  private readonly watcher: ConfigWatcher;
  private readonly startOrder: Component[];
  private stopping?: Promise<void>;

  constructor(private readonly opts: ServiceOptions) {
    const { config, logger } = opts;
    const classifier = createClassifier(config.pipeline.classify);
    // Filled once the sinks exist; the runner only reads it while running.
    const records: RecordSink[] = [];
    const budget = memoryBudget(config.memory.budgetBytes);
    const caps = capSettings(config);
    // `auto` also stops at what the budget affords: each worker costs its heap and its batches.
    const workers = opts.workers === 'auto' ? affordableWorkers(budget.bytes, serviceWorkers('auto'), caps) : (opts.workers ?? 0);
    this.memory = { ...memorySplit(budget.bytes, workers, caps), source: budget.source };
    if (this.memory.total > budget.bytes) logger.warn({ memory: this.memory }, 'memory caps add up to more than the memory budget: raise memory.budgetBytes or lower pipeline.workers and the caps');
    const pipeline = { ...config.pipeline, queue: { ...config.pipeline.queue, maxBytes: this.memory.queueBytes } };
    if (workers === 0) {
      this.runner = new PipelineRunner({ config: pipeline, classifier, telemetry: this.telemetry, defaultPod: opts.defaultPod }, records, logger);
    } else {
      const e = config.export;
      const logsOn = resolveExportSettings(e, opts.env ?? process.env).logs !== undefined;
      releaseHeapFlags();
      this.runner = new WorkerPipelineRunner(
        {
          workers,
          config: pipeline,
          // The packs travel as text: each worker compiles what was validated here.
          live: { classify: config.pipeline.classify, rules: readRuleSources(ruleDirs(config.pipeline.classify)), defaultPod: opts.defaultPod },
          telemetry: this.telemetry,
          logger,
          stdout: e.stdout.enabled,
          logs: logsOn ? { policy: e.logs.policy, noiseSampleIntervalMs: parseDuration(e.logs.noiseSampleInterval), maxTemplates: e.logs.maxTemplates } : undefined,
          resourceLimits: workerHeapLimits(workers, budget.bytes),
        },
        records,
      );
    }
    const sinks = (this.sinks = createSinks(
      config,
      { pods: { snapshot: (nowMs) => this.runner.recentSnapshot(nowMs) }, recordCounts: this.runner.recordCounts, telemetry: this.telemetry },
      logger,
      opts.stdout,
      opts.env,
    ));
    records.push(...sinks.records);
    this.telemetry.queueDepth = () => this.runner.depth;
    this.telemetry.trackedPods = () => this.runner.trackedPods;
    this.telemetry.activeLoops = () => this.runner.activeLoops;

    // One budget for every input that inflates bodies (this one and any later receiver).
    const inflateBudget = configureSharedInflateBudget({
      capacity: this.memory.inflateBytes,
      maxWaitMs: parseDuration(config.input.decompression.maxWait),
    });
    // Likewise one budget for the bodies being received by both HTTP listeners.
    const receiving = new ReceivingBudget(this.memory.receivingBytes);
    this.http = createHttpSource({
      config: config.input.http,
      inflateBudget,
      receiving,
      queue: this.runner.queue,
      telemetry: this.telemetry,
      logger,
      busy: () => this.runner.sinksSaturated,
      reload: () => (this.reloader.config.reload.endpoint ? this.reload('http') : undefined),
    });
    this.otlp = new OtlpSource({ config: config.input.otlp, queue: this.runner.queue, telemetry: this.telemetry, logger, receiving });
    const sources: Component[] = [];
    if (config.input.http.enabled) sources.push(this.http);
    if (this.otlp.enabled) sources.push(this.otlp);
    if (opts.stdin) {
      this.stdinSource = new StdinSource(opts.stdin, this.runner.queue, this.telemetry, {
        maxLineBytes: config.pipeline.maxLineBytes,
      });
      sources.push(this.stdinSource);
    }
    // Restored before the pipeline runs; written after it has drained at stop.
    const state: Component[] = [];
    if (config.storage.path !== undefined) {
      state.push(
        new StateCheckpointer({
          dir: config.storage.path,
          intervalMs: parseDuration(config.storage.checkpointInterval),
          pods: this.runner,
          logger,
        }),
      );
    }
    this.reloader = new Reloader({
      configPath: opts.configPath,
      config,
      defaultPod: opts.identity ?? (() => opts.defaultPod),
      reconfigure: (live) => this.runner.reconfigure(live),
      applied: (c) => {
        logger.level = c.log.level;
        this.http.updateAuth(c.input.http.auth);
        this.watcher.update(watchTargets(c, opts.configPath));
      },
      telemetry: this.telemetry,
      logger,
    });
    this.watcher = new ConfigWatcher(watchTargets(config, opts.configPath), () => void this.reload('watch'), logger);
    this.startOrder = [...sinks.components, ...state, this.runner, ...sources, this.watcher];
  }

  /** Reads and validates the config and rule packs again, and applies what can change live. */
  reload(trigger: ReloadTrigger): Promise<ReloadOutcome> {
    return this.reloader.reload(trigger);
  }

  async start(): Promise<void> {
    for (const c of this.startOrder) {
      await c.start();
      this.opts.logger.debug({ component: c.name }, 'started');
    }
  }

  /** Accepted records lost at shutdown (no spool to keep them): the exit code says so. */
  get lostAtShutdown(): number {
    return this.sinks.otlpLogs?.droppedAtShutdown ?? 0;
  }

  /** Stops upstream first; gives up waiting after the configured deadline. */
  stop(): Promise<void> {
    this.stopping ??= this.stopInOrder();
    return this.stopping;
  }

  private async stopInOrder(): Promise<void> {
    const deadlineMs = parseDuration(this.reloader.config.shutdown.deadline);
    const all = (async () => {
      for (const c of [...this.startOrder].reverse()) {
        try {
          await c.stop();
        } catch (err) {
          this.opts.logger.error({ err, component: c.name }, 'stop failed');
        }
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((r) => {
      timer = setTimeout(() => r('late'), deadlineMs);
      timer.unref();
    });
    const outcome = await Promise.race([all.then(() => 'ok' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'late') this.opts.logger.warn({ deadlineMs }, 'shutdown deadline passed before every component stopped');
  }
}
