import { createClassifier } from '../classify/create-classifier.js';
import type { Config } from '../config/schema.js';
import { RELEVANCE_ORDER, type LogRecord, type Relevance } from '../model/record.js';
import { commandWorkers as workerCount, type WorkersSetting } from '../pipeline/workers/worker-count.js';
import { JsonLineBuffer } from '../sinks/json-line-buffer.js';
import type { CliIo } from './cli-io.js';
import { defaultPod, type PodFlags } from './default-pod.js';
import { commandPipeline } from './command-pipeline.js';
import { pipelineTarget, workerTarget } from './line-target.js';
import { watchIdleness, type WatchedTarget } from './input-idleness.js';
import { checkInputs, inputBytes, readInputs } from './read-inputs.js';
import { batchHeapGrowth } from '../runtime/batch-heap.js';

export interface TagOptions extends PodFlags {
  inputs: string[];
  minRelevance: Relevance;
  /** `--workers`: overrides pipeline.workers. */
  workers?: WorkersSetting;
}

/**
 * A live stream (kubectl logs -f on stdin) needs its pending multi-line groups flushed when it
 * pauses: every TICK_MS, once its input has been idle that long. Files are read to their end,
 * where everything pending is flushed, so they need no ticker (as in `analyze`).
 */
const TICK_MS = 500;

/** Ticks `tick` while the input is idle, when stdin is among the inputs; returns the stop. */
function startTicker(inputs: string[], watched: WatchedTarget, tick: () => void): () => void {
  if (inputs.length > 0 && !inputs.includes('-')) return () => undefined;
  const ticker = setInterval(() => {
    if (watched.idleMs() >= TICK_MS) tick();
  }, TICK_MS);
  ticker.unref();
  return () => clearInterval(ticker);
}

/**
 * `logsift tag`: one enriched JSON record per line on stdout, as a streaming filter. Reading
 * pauses while stdout cannot take more, and stops if it fails. With pipeline workers, records of one pod keep their
 * order; pods interleave as their workers finish batches.
 */
export async function tagCommand(opts: TagOptions, config: Config, io: CliIo): Promise<number> {
  batchHeapGrowth();
  checkInputs(opts.inputs);
  const out = io.out;
  const readOpts = {
    maxLineBytes: config.pipeline.maxLineBytes,
    stdin: io.stdin,
    stderr: io.stderr,
    stopped: () => out.failed !== undefined,
  };
  const workers = workerCount(opts.workers ?? config.pipeline.workers, inputBytes(opts.inputs));
  if (workers === 0) {
    const min = RELEVANCE_ORDER[opts.minRelevance];
    const lines = new JsonLineBuffer();
    const write = (records: LogRecord[]) => {
      lines.addRecords(records, min);
      const bytes = lines.take();
      if (bytes !== undefined) out.write(bytes);
    };
    const pipeline = commandPipeline(opts, config, io, write);
    const watched = watchIdleness(pipelineTarget(pipeline, out));
    const stopTicker = startTicker(opts.inputs, watched, () => pipeline.tick());
    try {
      await readInputs(opts.inputs, watched.target, readOpts);
    } finally {
      stopTicker();
    }
  } else {
    // The packs are compiled here once, so a bad one fails (exit 78) before any worker starts.
    createClassifier(config.pipeline.classify);
    const pod = defaultPod(opts, config, io.env);
    // Loaded only with workers: fewer modules at start.
    const { startCommandWorkers } = await import('./command-workers.js');
    const { pool, feeder } = startCommandWorkers(workers, config, pod, { kind: 'tag', minRelevance: opts.minRelevance }, io, (_w, o) => {
      if (o.lines) out.write(o.lines);
    });
    const watched = watchIdleness(workerTarget(feeder, pool, out));
    const stopTicker = startTicker(opts.inputs, watched, () => pool.tick());
    try {
      await readInputs(opts.inputs, watched.target, readOpts);
    } finally {
      stopTicker();
      await pool.close();
    }
  }
  // Every record must reach the reader before the exit code says success.
  await out.finish();
  return 0;
}
