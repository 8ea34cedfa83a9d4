import type { LogRecord, Relevance } from '../../model/record.js';
import type { AnalysisPart } from '../../report/analysis.js';
import type { PodTimeline } from '../../report/pod-timelines.js';
import type { ExportPolicyOptions } from '../../sinks/export-policy.js';
import type { PodSnapshot } from '../../state/pod-state-store.js';
import type { PodStateCheckpoint } from '../../state/pod-state-checkpoint.js';
import type { RestoreSummary } from '../../storage/state-checkpointer.js';
import type { LiveSettings, ReconfigureResult } from '../live-settings.js';
import type { PipelineConfig } from '../pipeline-config.js';
import type { PackedEntries } from './packed-entries.js';

/**
 * The messages between the main thread and the pipeline workers: plain data only (structured
 * clone), so nothing but values crosses. Each worker runs one synchronous Pipeline over the pods
 * routed to it and returns only what the sinks need.
 */

/** What a worker returns for the records it makes. */
export type WorkerOutput =
  /** `analyze`: nothing per batch; the merged report is asked for at the end. */
  | { kind: 'analyze'; quietMs: number }
  /** `tag`: the records at or above `minRelevance` as JSON lines (UTF-8 bytes). */
  | { kind: 'tag'; minRelevance: Relevance }
  /** `serve`: JSON lines for the stdout sink when it is on; the records the OTLP log export takes. */
  | { kind: 'serve'; stdout: boolean; logs?: ExportPolicyOptions };

/** A worker's start: everything it needs to build its pipeline, no I/O of its own. */
export interface WorkerSetup {
  index: number;
  config: PipelineConfig;
  /** The rule pack texts (as a reload sends them), compiled in the worker. */
  live: LiveSettings;
  output: WorkerOutput;
}

export type ToWorker =
  | { type: 'batch'; id: number; batch: PackedEntries }
  /** Idle group flush, loop clearing, pod expiry (a live service ticks every 250 ms). */
  | { type: 'tick' }
  | { type: 'request'; id: number; request: WorkerRequest };

export type WorkerRequest =
  /** End of input: every pending group and partial line out. */
  | { kind: 'flush' }
  | { kind: 'reconfigure'; live: LiveSettings }
  /** Per-pod state for metrics and reports. */
  | { kind: 'snapshot'; nowMs: number }
  /** `analyze`: this worker's share of the report (after a flush). */
  | { kind: 'analysis'; nowMs: number }
  /** This worker's pods as checkpoint data (PodStateStore.checkpoint). */
  | { kind: 'checkpoint'; nowMs: number }
  /** A checkpoint holding the pods this worker owns (routed as their lines are), at start. */
  | { kind: 'restore'; data: unknown; nowMs: number };

export interface AnalysisReply {
  part: AnalysisPart;
  pods: PodSnapshot[];
  timelines: { pods: PodTimeline[]; omittedPods: number; omittedRecords: number };
}

export type WorkerReply =
  | { kind: 'flush' }
  | { kind: 'reconfigure'; result: ReconfigureResult }
  | { kind: 'snapshot'; pods: PodSnapshot[] }
  | ({ kind: 'analysis' } & AnalysisReply)
  | { kind: 'checkpoint'; data: PodStateCheckpoint }
  | { kind: 'restore'; result: RestoreSummary };

/** Counters a worker reports with every batch (cumulative since the worker started). */
export interface WorkerGauges {
  /** Records out by relevance x severity (RecordCounts' layout). */
  recordCounts: Float64Array;
  pods: number;
  activeLoops: number;
  truncatedLines: number;
}

/** What the sinks get from a worker: only what they need, serialised where they can take it so. */
export interface WorkerOutputs {
  /** JSON lines as UTF-8 (tag; the stdout sink). */
  lines?: Uint8Array;
  /** Records for the OTLP log export, already through its export policy. */
  records?: LogRecord[];
}

export type FromWorker =
  | ({
      type: 'done';
      id: number;
      entries: number;
      /** Entries lost to a pipeline failure on this batch (all of them, or 0). */
      lost: number;
      error?: string;
    } & WorkerOutputs &
      WorkerGauges)
  /** Records made outside a batch (a tick's idle flush or loop clear, the final flush). */
  | ({ type: 'output'; error?: string } & WorkerOutputs & WorkerGauges)
  | { type: 'reply'; id: number; reply?: WorkerReply; error?: string };
