import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { PodIdentity } from '../model/record.js';
import { containerIdFromLogPath, podFromLogPath } from '../decode/pod-identity.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { fileStream } from '../sources/file-stream.js';
import { readLineBatches } from '../sources/line-batches.js';
import { readLineBlocks } from '../sources/line-blocks.js';
import { orderInputs } from './input-order.js';
import { pipelineTarget, type LineTarget } from './line-target.js';
import { ProgressBar } from './progress-bar.js';
import { UsageError } from './usage-error.js';

const PROGRESS_MIN_BYTES = 20 * 1024 * 1024;

export interface ReadInputsOptions {
  maxLineBytes: number;
  stdin: Readable;
  stderr: NodeJS.WriteStream;
  /** True once the output has failed: reading stops, nothing more can be delivered. */
  stopped?: () => boolean;
}

/** Checks every named file before any is read, so a typo fails fast with one clear line. */
export function checkInputs(inputs: string[]): void {
  for (const path of inputs) {
    if (path === '-') continue;
    let isFile: boolean;
    try {
      isFile = statSync(path).isFile();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    if (!isFile) throw new UsageError(`cannot read ${path}: not a regular file`);
  }
}

/** Bytes of the named files (undefined when stdin is among the inputs): what `auto` workers go by. */
export function inputBytes(inputs: string[]): number | undefined {
  let total = 0;
  for (const path of inputs.length ? inputs : ['-']) {
    if (path === '-') return undefined;
    total += statSync(path).size;
  }
  return total;
}

/**
 * Feeds each input (file path or `-` for stdin) through the pipeline (or its workers), one after
 * another, then flushes it; the files of one pod's container instances in the order they ran
 * (orderInputs). Reading pauses while the target is not ready.
 */
export async function readInputs(inputs: string[], into: Pipeline | LineTarget, opts: ReadInputsOptions): Promise<void> {
  const target = into instanceof Pipeline ? pipelineTarget(into) : into;
  for (const path of inputs.length ? orderInputs(inputs) : ['-']) {
    if (opts.stopped?.()) break;
    await readOne(path, target, opts);
  }
  await target.finish();
}

async function readOne(path: string, target: LineTarget, opts: ReadInputsOptions): Promise<void> {
  const fromStdin = path === '-';
  const stream = fromStdin ? opts.stdin : fileStream(path, target.readBytes ?? 1 << 20);
  const pod: PodIdentity | undefined = fromStdin ? undefined : podFromLogPath(path);
  const containerId = pod === undefined ? undefined : containerIdFromLogPath(path);
  const streamKey = fromStdin ? 'stdin' : path;
  let progress: ProgressBar | undefined;
  if (!fromStdin && opts.stderr.isTTY) {
    const size = statSync(path).size;
    if (size >= PROGRESS_MIN_BYTES) progress = new ProgressBar(opts.stderr, size, path.split('/').pop() ?? path);
  }
  let failure: Error | undefined;
  stream.on('error', (err: Error) => (failure = err));
  /**
   * Hands a batch (or block) to the target when it can take it: false makes the reader wait for
   * `resume`; after a stop the batch is dropped (taken, not sent).
   */
  const deliver = (send: () => void, bytes: number): boolean => {
    if (opts.stopped?.()) {
      reader.stop();
      return true;
    }
    if (!target.ready()) {
      target.whenReady(() => reader.resume());
      return false;
    }
    send();
    progress?.advance(bytes);
    return true;
  };
  const toBlocks = target.lineBlock?.bind(target);
  const reader = toBlocks
    ? readLineBlocks(stream, {
        maxLineBytes: opts.maxLineBytes,
        onBlock: (block) => deliver(() => toBlocks(block, pod, streamKey, containerId, opts.maxLineBytes), block.bytes),
      })
    : readLineBatches(stream, {
        maxLineBytes: opts.maxLineBytes,
        onBatch: (lines, bytes) => deliver(() => target.lines(lines, pod, streamKey, containerId), bytes),
      });
  await reader.done;
  progress?.finish();
  if (failure) throw new UsageError(`cannot read ${path}: ${failure.message}`);
}
