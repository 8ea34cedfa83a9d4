import { createClassifier } from '../classify/create-classifier.js';
import type { Config } from '../config/schema.js';
import { RELEVANCE_ORDER, type LogRecord, type Relevance } from '../model/record.js';
import { commandWorkers as workerCount, type WorkersSetting } from '../pipeline/workers/worker-count.js';
import { recordToJsonLine } from '../sinks/record-json.js';
import { JsonLineBuffer } from '../sinks/json-line-buffer.js';
import type { CliIo } from './cli-io.js';
import { defaultPod, type PodFlags } from './default-pod.js';
import { commandPipeline } from './command-pipeline.js';
import { startCommandWorkers } from './command-workers.js';
import { pipelineTarget, workerTarget } from './line-target.js';
import { checkInputs, inputBytes, readInputs } from './read-inputs.js';

export interface TagOptions extends PodFlags {
  inputs: string[];
  minRelevance: Relevance;
  /** `--workers`: overrides pipeline.workers. */
  workers?: WorkersSetting;
}

/** A live stream (kubectl logs -f) needs its pending multi-line groups flushed when it pauses. */
const TICK_MS = 500;

/**
 * `logsift tag`: one enriched JSON record per line on stdout, as a streaming filter. Reading
 * pauses while stdout cannot take more, and stops if it fails. With pipeline workers, records of one pod keep their
 * order; pods interleave as their workers finish batches.
 */
export async function tagCommand(opts: TagOptions, config: Config, io: CliIo): Promise<number> {
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
      for (const r of records) if (RELEVANCE_ORDER[r.relevance] >= min) lines.add(recordToJsonLine(r));
      const bytes = lines.take();
      if (bytes !== undefined) out.write(bytes);
    };
    const pipeline = commandPipeline(opts, config, io, write);
    const ticker = setInterval(() => pipeline.tick(), TICK_MS);
    ticker.unref();
    try {
      await readInputs(opts.inputs, pipelineTarget(pipeline, out), readOpts);
    } finally {
      clearInterval(ticker);
    }
  } else {
    // The packs are compiled here once, so a bad one fails (exit 78) before any worker starts.
    createClassifier(config.pipeline.classify);
    const pod = defaultPod(opts, config, io.env);
    const { pool, feeder } = startCommandWorkers(workers, config, pod, { kind: 'tag', minRelevance: opts.minRelevance }, io, (_w, o) => {
      if (o.lines) out.write(o.lines);
    });
    const ticker = setInterval(() => pool.tick(), TICK_MS);
    ticker.unref();
    try {
      await readInputs(opts.inputs, workerTarget(feeder, pool, out), readOpts);
    } finally {
      clearInterval(ticker);
      await pool.close();
    }
  }
  // Every record must reach the reader before the exit code says success.
  await out.finish();
  return 0;
}
