import type { Component } from '../component.js';
import type { PodSnapshot } from '../state/pod-state-store.js';
import type { PodStateHolder } from '../storage/state-checkpointer.js';
import type { IngestQueue } from './ingest-queue.js';
import type { LiveSettings, ReconfigureResult } from './live-settings.js';
import type { RecordCounts } from './record-counts.js';

/**
 * What `serve` needs of its pipeline, whether it runs on the main thread (PipelineRunner) or in
 * worker threads (WorkerPipelineRunner): the queue sources offer batches to, backpressure, the
 * state the metrics read, live reload, and the per-pod state checkpoint. Everything crossing is plain data.
 */
export interface ServicePipeline extends Component, PodStateHolder {
  readonly queue: IngestQueue;
  /** True while a sink cannot take more: the queue fills and sources push back. */
  readonly sinksSaturated: boolean;
  /** Entries accepted and not yet processed (queued, or posted to a worker). */
  readonly depth: number;
  readonly recordCounts: RecordCounts;
  readonly trackedPods: number;
  readonly activeLoops: number;
  /** The pods now (with workers: a round trip behind their batches). */
  snapshot(nowMs: number): PodSnapshot[] | Promise<PodSnapshot[]>;
  /** What scrapes and metric exports read: the pods now, or as of the pipeline's last tick, never waiting on a busy pipeline. */
  recentSnapshot(nowMs: number): PodSnapshot[] | Promise<PodSnapshot[]>;
  reconfigure(live: LiveSettings): Promise<ReconfigureResult>;
}
