import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { RulePackSchema, type Rule, type RulePack } from './rule-pack-schema.js';
import { Severity } from '../model/severity.js';

export class RuleError extends Error {
  readonly code = 'LOGSIFT_ERR_RULES';
}

export interface CompiledRule extends Rule {
  pack: string;
  /** The pack's per-cause hints (one object shared by its rules). */
  hints?: Readonly<Record<string, string | undefined>>;
  /** The pack's priority: packs with a higher one are tried first. */
  priority: number;
  regex: RegExp;
  severityNumber: number;
}

/** The packs shipped with logsift: `config/rules/` next to `dist/` (or `src/` in tests). */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../config/rules/', import.meta.url));

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validatePack = ajv.compile<RulePack>(RulePackSchema);

function where(file: string, pack: unknown, path: string): string {
  const m = /^\/rules\/(\d+)/.exec(path);
  if (!m) return file;
  const rule = (pack as RulePack).rules?.[Number(m[1])];
  return `${file} rule ${rule?.id ? `"${rule.id}"` : `#${Number(m[1]) + 1}`}`;
}

/** Parses and validates one pack; every problem is reported with the file and the rule. */
export function compilePack(text: string, file: string): CompiledRule[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new RuleError(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!validatePack(data)) {
    const problems = (validatePack.errors ?? []).map((e) => {
      const key = e.instancePath.split('/').slice(3).join('.') || e.instancePath || 'pack';
      return `${where(file, data, e.instancePath)}: ${key} ${e.message}`;
    });
    throw new RuleError([...new Set(problems)].join('\n'));
  }
  const pack = data;
  const hints = pack.hints === undefined ? undefined : Object.freeze({ ...pack.hints });
  return pack.rules.map((rule) => {
    let regex: RegExp;
    try {
      regex = new RegExp(rule.match, rule.ignoreCase ? 'i' : '');
    } catch (err) {
      throw new RuleError(`${file} rule "${rule.id}": match is not a valid regular expression: ${(err as Error).message}`);
    }
    if (rule.relevance === 'noise' && !rule.reason) {
      throw new RuleError(`${file} rule "${rule.id}": a noise rule needs a reason (why it is safe to ignore)`);
    }
    const severityNumber = rule.severity ? Severity[rule.severity as keyof typeof Severity] : 0;
    return { ...rule, pack: pack.pack, priority: pack.priority, hints, regex, severityNumber };
  });
}

/** Loads every `*.yaml` pack in the directories, ordered by pack priority then file name. */
export function loadRules(dirs: string[]): CompiledRule[] {
  const packs: CompiledRule[][] = [];
  for (const dir of dirs) {
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
    } catch (err) {
      throw new RuleError(`cannot read rules directory ${dir}: ${(err as Error).message}`);
    }
    for (const f of files) {
      const path = join(dir, f);
      packs.push(compilePack(readFileSync(path, 'utf8'), path));
    }
  }
  // Every pack has at least one rule (schema); the sort is stable, so file order breaks ties.
  packs.sort((a, b) => b[0].priority - a[0].priority);
  const all = packs.flat();
  const seen = new Map<string, string>();
  for (const r of all) {
    if (seen.has(r.id)) throw new RuleError(`rule id "${r.id}" is defined twice (packs ${seen.get(r.id)} and ${r.pack})`);
    seen.set(r.id, r.pack);
  }
  return all;
}
