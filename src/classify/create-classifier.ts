import { parseDuration } from '../config/duration.js';
import type { PipelineConfig } from '../pipeline/pipeline-config.js';
import type { Classifier } from './classifier.js';
import { DEFAULT_RULES_DIR, loadRules, type CompiledRule } from './load-rules.js';
import { RuleClassifier } from './rule-classifier.js';

/** The configured rule packs, in evaluation order (throws RuleError naming the file and rule). */
export function createRules(cfg: PipelineConfig['classify']): CompiledRule[] {
  return loadRules([cfg.rulesDir ?? DEFAULT_RULES_DIR, ...cfg.extraRulesDirs]);
}

/** Loads the configured rule packs (throws RuleError naming the file and rule). */
export function createClassifier(cfg: PipelineConfig['classify']): Classifier {
  return new RuleClassifier(createRules(cfg), {
    repeatWindowMs: parseDuration(cfg.repeatWindow),
    repeatThreshold: cfg.repeatThreshold,
  });
}
