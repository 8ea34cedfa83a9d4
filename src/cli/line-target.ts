import type { PodIdentity } from '../model/record.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { WorkerFeeder } from '../pipeline/workers/worker-feeder.js';
import type { WorkerPool } from '../pipeline/workers/worker-pool.js';
import type { OutputWriter } from './output-writer.js';
import type { LineBlock } from '../sources/line-blocks.js';

/** Where `analyze` and `tag` send the lines they read: the pipeline in this thread or its workers. */
export interface LineTarget {
  /** Lines of one stream (a file, stdin) with what the source knows about them. */
  lines(lines: string[], pod: PodIdentity | undefined, streamKey: string, containerId?: string): void;
  /**
   * Lines of one stream as bytes (readLineBlocks), for a target that decodes them elsewhere
   * (workers); without it, readers hand over strings (`lines`). Lines past `maxLineBytes` are
   * the target's to cut.
   */
  lineBlock?(block: LineBlock, pod: PodIdentity | undefined, streamKey: string, containerId: string | undefined, maxLineBytes: number): void;
  /** False while the target cannot take more (output blocked, workers busy). */
  ready(): boolean;
  /** Calls `resume` once the target is ready (at once, on a later tick, when it already is). */
  whenReady(resume: () => void): void;
  /** End of input: everything pending is processed and its output handed on. */
  finish(): Promise<void>;
  /** Bytes to read from a file at a time, when the target has a preference (else 1 MiB). */
  readonly readBytes?: number;
}

/**
 * The pipeline in this thread reads files 64 KiB at a time: a batch's text, entries and records
 * then stay in the CPU's cache from decode to output (with 1 MiB reads, analyze took 12 % more
 * CPU on the realistic workload). Workers keep larger reads: fewer, larger messages.
 */
const PIPELINE_READ_BYTES = 1 << 16;

/** The pipeline on the main thread; `out` (tag's stdout) holds reading while output is blocked. */
export function pipelineTarget(pipeline: Pipeline, out?: OutputWriter): LineTarget {
  return {
    lines: (lines, pod, streamKey, containerId) => pipeline.processLines(lines, pod, streamKey, containerId),
    ready: () => out?.blocked !== true,
    whenReady: (resume) => (out ? out.whenWritable(resume) : setImmediate(resume)),
    finish: async () => pipeline.flush(),
    readBytes: PIPELINE_READ_BYTES,
  };
}

/** Pipeline workers: lines routed by pod, a few batches in flight per worker at most. */
export function workerTarget(feeder: WorkerFeeder, pool: WorkerPool, out?: OutputWriter): LineTarget {
  const ready = () => feeder.ready && out?.blocked !== true;
  return {
    lines: (lines, pod, streamKey, containerId) => feeder.addLines(lines, pod, streamKey, containerId),
    lineBlock: (block, pod, streamKey, containerId, maxLineBytes) => feeder.addBlock(block, pod, streamKey, containerId, maxLineBytes),
    ready,
    whenReady: (resume) => {
      void (async () => {
        while (!ready()) {
          await feeder.whenReady();
          if (out?.blocked) await new Promise<void>((r) => out.whenWritable(r));
        }
        resume();
      })();
    },
    finish: async () => {
      feeder.flush();
      // Messages to a worker are handled in order: the flush comes after every batch.
      await pool.broadcast({ kind: 'flush' });
    },
  };
}
