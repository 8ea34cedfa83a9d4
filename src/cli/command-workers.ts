import { ruleDirs } from '../classify/create-classifier.js';
import { readRuleSources } from '../classify/load-rules.js';
import type { Config } from '../config/schema.js';
import type { PodIdentity } from '../model/record.js';
import type { LiveSettings } from '../pipeline/live-settings.js';
import { PodRouter } from '../pipeline/workers/pod-router.js';
import type { WorkerOutput, WorkerOutputs } from '../pipeline/workers/protocol.js';
import { WorkerFeeder } from '../pipeline/workers/worker-feeder.js';
import { WorkerPool } from '../pipeline/workers/worker-pool.js';
import { SelfTelemetry } from '../telemetry/self-telemetry.js';
import type { CliIo } from './cli-io.js';

/** Lines per batch and batches in flight per worker, for a command reading files as fast as it can. */
const BATCH_ENTRIES = 4096;
const BATCH_CHARS = 2 * 1024 * 1024;
const MAX_IN_FLIGHT = 4;

/**
 * Pipeline workers for `analyze` and `tag`. The rule packs are read here and sent as text (the
 * caller has compiled them once already, so a bad pack fails before any worker starts).
 */
export function startCommandWorkers(
  workers: number,
  config: Config,
  defaultPod: PodIdentity,
  output: WorkerOutput,
  io: CliIo,
  onOutput?: (worker: number, out: WorkerOutputs) => void,
): { pool: WorkerPool; feeder: WorkerFeeder } {
  const classify = config.pipeline.classify;
  const live: LiveSettings = { classify, rules: readRuleSources(ruleDirs(classify)), defaultPod };
  const pool = new WorkerPool({
    workers,
    config: config.pipeline,
    live,
    output,
    telemetry: new SelfTelemetry(),
    logger: { error: (obj, msg) => io.stderr.write(`logsift: ${msg} ${JSON.stringify(obj)}\n`) },
    onOutput,
  });
  const feeder = new WorkerFeeder(pool, new PodRouter(workers, defaultPod), {
    batchEntries: BATCH_ENTRIES,
    batchChars: BATCH_CHARS,
    maxInFlight: MAX_IN_FLIGHT,
  });
  return { pool, feeder };
}
