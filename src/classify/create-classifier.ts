import { parseDuration } from '../config/duration.js';
import type { PipelineConfig } from '../pipeline/pipeline-config.js';
import type { Classifier } from './classifier.js';
import { compileRules, DEFAULT_RULES_DIR, loadRules, readRuleSources, type CompiledRule, type RuleSource } from './load-rules.js';
import { RuleClassifier } from './rule-classifier.js';

/** The rule directories a classify section names, shipped packs first. */
export function ruleDirs(cfg: PipelineConfig['classify']): string[] {
  return [cfg.rulesDir ?? DEFAULT_RULES_DIR, ...cfg.extraRulesDirs];
}

/** The configured rule packs, in evaluation order (throws RuleError naming the file and rule). */
export function createRules(cfg: PipelineConfig['classify']): CompiledRule[] {
  return loadRules(ruleDirs(cfg));
}

/** Loads the configured rule packs (throws RuleError naming the file and rule). */
export function createClassifier(cfg: PipelineConfig['classify']): Classifier {
  return classifierFromSources(cfg, readRuleSources(ruleDirs(cfg)));
}

/** Builds the classifier from pack texts already read: no I/O, so a worker can do it. */
export function classifierFromSources(cfg: PipelineConfig['classify'], sources: RuleSource[]): Classifier {
  return classifierFromRules(cfg, compileRules(sources));
}

/**
 * A classifier over rules already compiled. Compiled rules hold no per-stream state, so many
 * classifiers (one per excerpt or test case, each with its own repeat and first-seen memory) can
 * share one compilation.
 */
export function classifierFromRules(cfg: PipelineConfig['classify'], rules: CompiledRule[]): Classifier {
  return new RuleClassifier(rules, {
    repeatWindowMs: parseDuration(cfg.repeatWindow),
    repeatThreshold: cfg.repeatThreshold,
    chatterWithinMs: parseDuration(cfg.chatterWithin),
  });
}
