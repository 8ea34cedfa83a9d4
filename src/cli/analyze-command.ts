import type { Config } from '../config/schema.js';
import { Analysis } from '../report/analysis.js';
import { renderTextReport } from '../report/text-report.js';
import type { PodFlags } from './default-pod.js';
import { commandPipeline } from './command-pipeline.js';
import { checkInputs, readInputs } from './read-inputs.js';
import type { CliIo } from './cli-io.js';

export interface AnalyzeOptions extends PodFlags {
  inputs: string[];
  json: boolean;
  top: number;
}

/** `logsift analyze`: a post-mortem triage report of log files (or stdin). */
export async function analyzeCommand(opts: AnalyzeOptions, config: Config, io: CliIo): Promise<number> {
  checkInputs(opts.inputs);
  const analysis = new Analysis();
  const pipeline = commandPipeline(opts, config, io, (records) => analysis.add(records));
  await readInputs(opts.inputs, pipeline, { maxLineBytes: config.pipeline.maxLineBytes, stdin: io.stdin, stderr: io.stderr });
  const doc = analysis.document(pipeline.pods.snapshot(Date.now()));
  const text = opts.json
    ? JSON.stringify(doc, null, 2) + '\n'
    : renderTextReport(doc, { color: io.stdout.isTTY === true && !io.env.NO_COLOR, top: opts.top });
  await io.write(text);
  return 0;
}
