import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { displayPath, orderPacks, packFiles, readPackFile, type CompiledRule, type PackReading, type RuleProblem } from './load-rules.js';
import { ruleExamples } from './rule-examples.js';

export interface CheckReport {
  /** The pack files checked. */
  files: string[];
  /** Rules in them that compiled. */
  rules: number;
  problems: RuleProblem[];
  /**
   * Rules whose example lines a rule of a higher-priority pack takes with another event: the
   * order is declared (the generic pack is a fallback), so these are information, not problems.
   */
  notes: RuleProblem[];
}

/** The pack files named by paths (a directory stands for its `*.yaml`); unreadable paths are problems. */
export function expandPackPaths(paths: string[]): { files: string[]; problems: RuleProblem[] } {
  const files: string[] = [];
  const problems: RuleProblem[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      problems.push({ file: p, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      continue;
    }
    if (!isDir) files.push(p);
    else {
      try {
        files.push(...packFiles(p));
      } catch (err) {
        problems.push({ file: p, message: (err as Error).message });
      }
    }
  }
  return { files, problems };
}

/**
 * Validates packs the way logsift loads them (schema, regex compile on the linear-time engine,
 * duplicate ids) and looks for rules that take another rule's lines with a different event.
 * `context` are packs loaded beside the targets at run time (the shipped ones): they take part
 * in the cross-pack checks, but only problems that involve a target are reported.
 */
export function checkPacks(targets: string[], context: string[] = []): CheckReport {
  const { files, problems } = expandPackPaths(targets);
  const targetSet = new Set(files.map((f) => resolve(f)));
  const contextFiles = expandPackPaths(context).files.filter((f) => !targetSet.has(resolve(f)));
  const readings: PackReading[] = [...files.map(readPackFile), ...contextFiles.map(readPackFile)];
  const isTarget = (r: CompiledRule) => targetSet.has(resolve(r.file));
  for (const r of readings) if (targetSet.has(resolve(r.file))) problems.push(...r.problems);
  const ordered = orderPacks(readings);
  problems.push(...ordered.problems.filter((p) => targetSet.has(resolve(p.file))));
  const notes: RuleProblem[] = [];
  for (const s of shadowing(ordered.rules)) {
    if (!isTarget(s.rule) && !isTarget(s.by)) continue;
    // Same pack, or packs of one priority (ordered by file name only): an accident of order.
    if (s.by.pack !== s.rule.pack && s.by.priority > s.rule.priority) notes.push(s.problem);
    else problems.push(s.problem);
  }
  return { files, rules: readings.filter((r) => targetSet.has(resolve(r.file))).reduce((n, r) => n + r.rules.length, 0), problems, notes };
}

/**
 * The earlier rule can decide the later rule's example lines. Examples are single lines, so a
 * later rule without a kind is met only by rules that take any kind or single lines; a
 * kind-restricted earlier rule (a Go panic dump's `.*`) never sees them.
 */
function kindsMeet(earlier: CompiledRule, later: CompiledRule): boolean {
  // Rules bound to levels that share none never see the same record.
  if (earlier.levelMask !== 0 && later.levelMask !== 0 && (earlier.levelMask & later.levelMask) === 0) return false;
  return earlier.kind === undefined || earlier.kind === (later.kind ?? 'single');
}

/**
 * Rules evaluated in order; the first match decides. A rule's example lines (built from its
 * pattern) that an earlier rule with a different event takes are lines the rule can never
 * decide as its author meant: the counts would differ with the order of the packs.
 */
function shadowing(rules: CompiledRule[]): { rule: CompiledRule; by: CompiledRule; problem: RuleProblem }[] {
  const out: { rule: CompiledRule; by: CompiledRule; problem: RuleProblem }[] = [];
  rules.forEach((rule, i) => {
    for (const example of ruleExamples(rule.match)) {
      if (!rule.matches(example)) continue;
      const by = rules.slice(0, i).find((earlier) => kindsMeet(earlier, rule) && earlier.matches(example));
      if (!by || by.event === rule.event) continue;
      out.push({
        rule,
        by,
        problem: {
          file: rule.file,
          line: rule.line,
          rule: rule.id,
          message:
            `overlaps rule "${by.id}" (${displayPath(by.file)}${by.line ? `:${by.line}` : ''}${by.priority !== rule.priority ? `, pack priority ${by.priority} > ${rule.priority}` : ''}), which is tried first and gives event ` +
            `${by.event ?? 'none'} instead of ${rule.event ?? 'none'} on lines like ${JSON.stringify(example)}`,
        },
      });
      break;
    }
  });
  return out;
}
