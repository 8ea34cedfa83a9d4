import { writeFile } from 'node:fs/promises';
import type { Config } from '../config/schema.js';
import { parseDuration } from '../config/duration.js';
import { Analysis, type AnalysisDocument } from '../report/analysis.js';
import { createClassifier } from '../classify/create-classifier.js';
import { commandWorkers as workerCount, type WorkersSetting } from '../pipeline/workers/worker-count.js';
import type { AnalysisReply } from '../pipeline/workers/protocol.js';
import { defaultPod, type PodFlags } from './default-pod.js';
import { workerTarget } from './line-target.js';
import { mergeSnapshots } from '../state/merge-snapshots.js';
import { renderTextReport } from '../report/text-report.js';
import { commandPipeline } from './command-pipeline.js';
import { checkInputs, inputBytes, readInputs } from './read-inputs.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './usage-error.js';
import { version } from './version.js';
import { batchHeapGrowth } from '../runtime/batch-heap.js';

export type ReportFormat = 'text' | 'json' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'html'];

export interface AnalyzeOptions extends PodFlags {
  inputs: string[];
  /** What goes to stdout. */
  format: ReportFormat;
  /** Also write the HTML report to this file. */
  htmlFile?: string;
  top: number;
  /** `--workers`: overrides pipeline.workers. */
  workers?: WorkersSetting;
}

type Timelines = ReturnType<Analysis['timelines']>;

/** `--format`, with `--json` as its old spelling; a contradiction is a usage error. */
export function reportFormat(format: string | undefined, json: boolean): ReportFormat {
  if (format === undefined) return json ? 'json' : 'text';
  if (!REPORT_FORMATS.includes(format as ReportFormat)) throw new UsageError(`--format must be text, json or html, not "${format}"`);
  if (json && format !== 'json') throw new UsageError(`--json contradicts --format ${format}`);
  return format as ReportFormat;
}

/** `logsift analyze`: a post-mortem triage report of log files (or stdin). */
export async function analyzeCommand(opts: AnalyzeOptions, config: Config, io: CliIo): Promise<number> {
  batchHeapGrowth();
  checkInputs(opts.inputs);
  // An onset is the first signal after as long a quiet as the one that clears a loop.
  const quietMs = parseDuration(config.pipeline.restartLoop.quietPeriod);
  const workers = workerCount(opts.workers ?? config.pipeline.workers, inputBytes(opts.inputs));
  const readOpts = { maxLineBytes: config.pipeline.maxLineBytes, stdin: io.stdin, stderr: io.stderr };
  let doc: AnalysisDocument;
  let timelines: Timelines;
  if (workers === 0) {
    const analysis = new Analysis(undefined, { quietMs });
    const pipeline = commandPipeline(opts, config, io, (records) => analysis.add(records));
    await readInputs(opts.inputs, pipeline, readOpts);
    const snapshot = pipeline.pods.snapshot(Date.now());
    doc = analysis.document(snapshot);
    timelines = analysis.timelines(snapshot);
  } else {
    // The packs are compiled here once, so a bad one fails (exit 78) before any worker starts.
    const pod = defaultPod(opts, config, io.env);
    createClassifier(config.pipeline.classify);
    // Loaded only with workers (and the HTML report only for HTML): fewer modules at start.
    const { startCommandWorkers } = await import('./command-workers.js');
    const { pool, feeder } = startCommandWorkers(workers, config, pod, { kind: 'analyze', quietMs }, io);
    try {
      await readInputs(opts.inputs, workerTarget(feeder, pool), readOpts);
      const parts = (await pool.broadcast({ kind: 'analysis', nowMs: Date.now() })) as ({ kind: 'analysis' } & AnalysisReply)[];
      doc = Analysis.document(parts.map((p) => p.part), mergeSnapshots(parts.map((p) => p.pods)));
      timelines = {
        pods: parts.flatMap((p) => p.timelines.pods),
        omittedPods: parts.reduce((n, p) => n + p.timelines.omittedPods, 0),
        omittedRecords: parts.reduce((n, p) => n + p.timelines.omittedRecords, 0),
      };
    } finally {
      await pool.close();
    }
  }
  const html = async () =>
    (await import('../report/html-report.js')).renderHtmlReport(doc, timelines, { inputs: opts.inputs.length ? opts.inputs : ['stdin'], generatedAtMs: Date.now(), version: version() });
  if (opts.htmlFile !== undefined) {
    const page = await html();
    try {
      await writeFile(opts.htmlFile, page);
    } catch (err) {
      throw new UsageError(`cannot write ${opts.htmlFile}: ${(err as Error).message}`);
    }
    io.stderr.write(`logsift: HTML report written to ${opts.htmlFile} (${Math.ceil(Buffer.byteLength(page) / 1024)} KiB)\n`);
  }
  const text =
    opts.format === 'json'
      ? JSON.stringify(doc, null, 2) + '\n'
      : opts.format === 'html'
        ? await html()
        : renderTextReport(doc, { color: io.stdout.isTTY === true && !io.env.NO_COLOR, top: opts.top });
  await io.write(text);
  return 0;
}
