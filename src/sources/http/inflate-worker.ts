import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type WorkerCodec = 'zstd' | 'snappy';

/** The worker died under a job (not the body's fault): answered 500, which senders retry. */
export class WorkerUnavailable extends Error {}

const require = createRequire(import.meta.url);

/**
 * The worker is plain JavaScript handed over as a string, so it runs the same under the
 * TypeScript test runner and from dist/. It only runs the pure-JS decoders on bodies whose
 * output size the caller has already bounded; the result's buffer is transferred, not copied.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fzstd = require(workerData.fzstd);
const snappy = require(workerData.snappy);
parentPort.on('message', (job) => {
  try {
    const input = new Uint8Array(job.input);
    const out = job.codec === 'zstd' ? fzstd.decompress(input) : snappy.uncompress(input, job.limit);
    parentPort.postMessage({ id: job.id, ok: true, buffer: out.buffer, offset: out.byteOffset, length: out.byteLength }, [out.buffer]);
  } catch (err) {
    parentPort.postMessage({ id: job.id, ok: false, message: String((err && err.message) || err) });
  }
});
`;

interface Job {
  resolve: (out: Buffer) => void;
  reject: (err: Error) => void;
}

type Reply = { id: number; ok: true; buffer: ArrayBuffer; offset: number; length: number } | { id: number; ok: false; message: string };

/**
 * One background thread for the synchronous decoders (zstd and snappy are pure JavaScript here),
 * so inflating a large body does not stall /healthz or the ingest of other requests. Created on
 * first use and unreferenced, so it never keeps the process alive; a crashed worker fails its
 * jobs (answered 500, which senders retry) and is replaced on the next job.
 */
class InflateWorker {
  private worker?: Worker;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  run(codec: WorkerCodec, body: Uint8Array, limit: number): Promise<Buffer> {
    const worker = this.ensure();
    const id = this.nextId++;
    // A private copy to transfer: the request's buffer may be a slice of a pooled one.
    const input = body.slice().buffer;
    return new Promise<Buffer>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      if (this.jobs.size === 1) worker.ref();
      worker.postMessage({ id, codec, input, limit }, [input]);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { fzstd: require.resolve('fzstd'), snappy: require.resolve('snappyjs') },
      // Its own loaders are not needed: the source above is plain JavaScript.
      execArgv: [],
      env: {},
    });
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (err) => this.failAll(new WorkerUnavailable(`decompression worker failed: ${err.message}`)));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new WorkerUnavailable('decompression worker exited'));
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: Reply): void {
    const job = this.jobs.get(reply.id);
    if (!job) return;
    this.jobs.delete(reply.id);
    if (this.jobs.size === 0) this.worker?.unref();
    if (reply.ok) job.resolve(Buffer.from(reply.buffer, reply.offset, reply.length));
    else job.reject(new Error(reply.message));
  }

  private failAll(err: Error): void {
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    for (const j of jobs) j.reject(err);
  }
}

const shared = new InflateWorker();

/** Decodes `body` off the event loop; rejects with the decoder's error for corrupt data, WorkerUnavailable if the thread died. */
export function decodeOffThread(codec: WorkerCodec, body: Uint8Array, limit: number): Promise<Buffer> {
  return shared.run(codec, body, limit);
}
