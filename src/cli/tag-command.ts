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
  let blocked = false;
  const write = (records: LogRecord[]) => {
    let text = '';
    for (const r of records) if (RELEVANCE_ORDER[r.relevance] >= min) text += recordToJsonLine(r);
    if (text && !io.stdout.write(text)) blocked = true;
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
      outputReady: () => !blocked,
      onWritable: (resume) =>
        io.stdout.once('drain', () => {
          blocked = false;
          resume();
        }),
    });
  } finally {
    clearInterval(ticker);
  }
  await io.write('');
  return 0;
}
