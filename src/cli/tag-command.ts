import type { Config } from '../config/schema.js';
import { RELEVANCE_ORDER, type LogRecord, type Relevance } from '../model/record.js';
import { recordToJsonLine } from '../sinks/record-json.js';
import type { CliIo } from './cli-io.js';
import type { PodFlags } from './default-pod.js';
import { commandPipeline } from './command-pipeline.js';
import { checkInputs, readInputs } from './read-inputs.js';

export interface TagOptions extends PodFlags {
  inputs: string[];
  minRelevance: Relevance;
}

/** `logsift tag`: one enriched JSON record per line on stdout, as a streaming filter. */
export async function tagCommand(opts: TagOptions, config: Config, io: CliIo): Promise<number> {
  checkInputs(opts.inputs);
  const min = RELEVANCE_ORDER[opts.minRelevance];
  const out = io.out;
  const write = (records: LogRecord[]) => {
    let text = '';
    for (const r of records) if (RELEVANCE_ORDER[r.relevance] >= min) text += recordToJsonLine(r);
    out.write(text);
  };
  const pipeline = commandPipeline(opts, config, io, write);
  // A live stream (kubectl logs -f) needs its pending multi-line groups flushed when it pauses.
  const ticker = setInterval(() => pipeline.tick(), 500);
  ticker.unref();
  try {
    await readInputs(opts.inputs, pipeline, {
      maxLineBytes: config.pipeline.maxLineBytes,
      stdin: io.stdin,
      stderr: io.stderr,
      outputReady: () => !out.blocked,
      onWritable: (resume) => out.whenWritable(resume),
      stopped: () => out.failed !== undefined,
    });
  } finally {
    clearInterval(ticker);
  }
  // Every record must reach the reader before the exit code says success.
  await out.finish();
  return 0;
}
