import { parentPort, workerData } from 'node:worker_threads';
import { classifierFromSources } from '../../classify/create-classifier.js';
import type { PodIdentity, RawEntry } from '../../model/record.js';
import { SelfTelemetry } from '../../telemetry/self-telemetry.js';
import { Pipeline } from '../pipeline.js';
import { EntryUnpacker } from './packed-entries.js';
import type { FromWorker, ToWorker, WorkerGauges, WorkerReply, WorkerRequest, WorkerSetup } from './protocol.js';
import { WorkerSink } from './worker-sink.js';

/**
 * A pipeline worker thread: one synchronous Pipeline over the pods the main thread routes here.
 * Batches arrive packed (packed-entries.ts); what goes back is what the sinks need (see
 * WorkerSink) and the counters the metrics read. A batch the pipeline throws on is reported lost
 * and the worker carries on.
 */
const port = parentPort;
if (port === null) throw new Error('pipeline-worker.ts runs as a worker thread');
const setup = workerData as WorkerSetup;
const telemetry = new SelfTelemetry();
/** The arrival time of the batch being processed; -1 between batches (ticks read the clock). */
let batchNow = -1;
const sink = new WorkerSink(setup.output);
const pipeline = new Pipeline(
  {
    config: setup.config,
    classifier: classifierFromSources(setup.live.classify, setup.live.rules),
    telemetry,
    defaultPod: setup.live.defaultPod,
    // A batch arrives at one time, whichever slice of it is being processed (batchNow).
    clock: () => (batchNow < 0 ? Date.now() : batchNow),
  },
  (records) => sink.write(records),
);

/** Pods arrive as fresh clones with every batch; the pipeline caches per identity object. */
const pods = new Map<string, PodIdentity>();
function intern(pod: PodIdentity): PodIdentity {
  const key = `${pod.namespace}/${pod.pod}/${pod.container}/${pod.node ?? ''}`;
  let p = pods.get(key);
  if (p === undefined) {
    if (pods.size >= 10_000) pods.clear();
    p = Object.freeze(pod);
    pods.set(key, p);
  }
  return p;
}

const entries: RawEntry[] = [];
/**
 * Lines decoded and processed at a time: a slice's strings, entries and records die before the
 * next scavenge instead of a whole batch's (4,096 lines) surviving it to be copied, and they
 * stay in the CPU's cache from decode to output, as on the main thread's 64 KiB reads.
 */
const SLICE = 256;

function gauges(): WorkerGauges {
  return {
    recordCounts: pipeline.recordCounts.raw(),
    pods: pipeline.pods.size,
    activeLoops: pipeline.pods.activeLoops,
    truncatedLines: telemetry.truncatedLines.total(),
  };
}

function send(message: FromWorker): void {
  const lines = 'lines' in message ? message.lines : undefined;
  port?.postMessage(message, lines ? [lines.buffer as ArrayBuffer] : []);
}

function sendOutput(error?: string): void {
  const out = sink.take();
  if (out.lines !== undefined || out.records !== undefined || error !== undefined) send({ type: 'output', error, ...out, ...gauges() });
}

function answer(request: WorkerRequest): WorkerReply {
  switch (request.kind) {
    case 'flush':
      pipeline.flush();
      sendOutput();
      return { kind: 'flush' };
    case 'reconfigure':
      return { kind: 'reconfigure', result: pipeline.reconfigure(request.live) };
    case 'snapshot':
      return { kind: 'snapshot', pods: pipeline.pods.snapshot(request.nowMs) };
    case 'checkpoint':
      return { kind: 'checkpoint', data: pipeline.checkpoint(request.nowMs) };
    case 'restore': {
      const result = pipeline.restore(request.data, request.nowMs);
      // The gauges (tracked pods, active loops) as restored, before any batch comes.
      send({ type: 'output', ...sink.take(), ...gauges() });
      return { kind: 'restore', result };
    }
    case 'analysis': {
      const snapshot = pipeline.pods.snapshot(request.nowMs);
      const analysis = sink.analysis;
      if (analysis === undefined) throw new Error('this worker makes no report');
      return { kind: 'analysis', part: analysis.part(), pods: snapshot, timelines: analysis.timelines(snapshot) };
    }
  }
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'batch': {
      const unpacker = new EntryUnpacker(m.batch, intern);
      let lost = 0;
      let error: string | undefined;
      try {
        batchNow = Date.now();
        while (unpacker.left > 0) pipeline.process(unpacker.next(entries, SLICE));
      } catch (err) {
        lost = unpacker.left + entries.length;
        error = (err as Error)?.stack ?? String(err);
      } finally {
        batchNow = -1;
      }
      // The entries are reused; their lines would keep this batch's text alive until the next.
      for (let i = 0; i < entries.length; i++) entries[i].line = '';
      send({ type: 'done', id: m.id, entries: m.batch.count, lost, error, ...sink.take(), ...gauges() });
      return;
    }
    case 'tick': {
      let error: string | undefined;
      try {
        pipeline.tick();
      } catch (err) {
        error = (err as Error)?.stack ?? String(err);
      }
      sendOutput(error);
      return;
    }
    case 'request': {
      let reply: WorkerReply | undefined;
      let error: string | undefined;
      try {
        reply = answer(m.request);
      } catch (err) {
        error = (err as Error)?.message ?? String(err);
      }
      send({ type: 'reply', id: m.id, reply, error });
      return;
    }
  }
});
