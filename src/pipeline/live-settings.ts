import type { RuleSource } from '../classify/load-rules.js';
import type { PodIdentity } from '../model/record.js';
import type { PipelineConfig } from './pipeline-config.js';

/**
 * What a reload hands the pipeline: plain data only (structured-clone friendly), so the same
 * message can be posted to pipelines running in worker threads. The classifier is built from it
 * on the pipeline's side; the pack texts travel with it, so every pipeline compiles the very
 * packs that were validated, whatever happens on disk meanwhile.
 */
export interface LiveSettings {
  classify: PipelineConfig['classify'];
  rules: RuleSource[];
  /** Identity for lines that carry none. */
  defaultPod: PodIdentity;
}

/** The pipeline's answer to a reload: applied, or refused with the old settings kept. */
export type ReconfigureResult = { ok: true; rules: number } | { ok: false; error: string };
