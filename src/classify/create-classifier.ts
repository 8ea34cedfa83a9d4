import { parseDuration } from '../config/duration.js';
import type { PipelineConfig } from '../pipeline/pipeline-config.js';
import type { Classifier } from './classifier.js';
import { DEFAULT_RULES_DIR, loadRules } from './load-rules.js';
import { RuleClassifier } from './rule-classifier.js';

/** Loads the configured rule packs (throws RuleError naming the file and rule). */
export function createClassifier(cfg: PipelineConfig['classify']): Classifier {
  const rules = loadRules([cfg.rulesDir ?? DEFAULT_RULES_DIR, ...cfg.extraRulesDirs]);
  return new RuleClassifier(rules, {
    repeatWindowMs: parseDuration(cfg.repeatWindow),
    repeatThreshold: cfg.repeatThreshold,
  });
}
