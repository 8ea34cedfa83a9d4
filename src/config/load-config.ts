import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import type { Config } from './schema.js';
import { compileValidator, hasPrecompiledValidator, precompiledValidator, type Validator } from './compiled-validator.js';
import { parseYaml } from './yaml-text.js';
import { configSchemaJson, hasConfigSchemaJson, semanticProblems } from './semantic-checks.js';

/** A configuration problem found at start; names every offending key at once. */
export class ConfigError extends Error {
  readonly code = 'LOGSIFT_ERR_CONFIG';
  constructor(readonly problems: string[], source: string) {
    super(`invalid configuration in ${source}:\n  - ${problems.join('\n  - ')}`);
  }
}

const require = createRequire(import.meta.url);

// The schema module (and TypeBox) load only when there is no generated validator; the generated
// one (200 KB of code, ~14 ms to load and first run) only when a config file is given.
const schemaModule = hasPrecompiledValidator('config-validator') && hasConfigSchemaJson() ? undefined : await import('./schema.js');
let validator: Validator<Config> | undefined;
function validate(data: unknown): data is Config {
  validator ??= precompiledValidator<Config>('config-validator') ?? compileValidator<Config>((schemaModule as typeof import('./schema.js')).ConfigSchema);
  return validator(data);
}

// The semantic checks walk the schema: its JSON from the build (read when a config file is
// given), else the TypeBox schema itself.
let schemaForChecks: object | undefined;

function describe(e: ErrorObject): string {
  const key = e.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(top level)';
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    return `${key === '(top level)' ? '' : key + '.'}${extra}: unknown key`;
  }
  return `${key}: ${e.message}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Validates a plain object (from YAML or code), applies defaults, and freezes the result. */
export function buildConfig(input: unknown, source = 'configuration'): Config {
  const copy = structuredClone(input ?? {});
  if (!validate(copy)) {
    // Union branches each report; keep one line per key and reason.
    const problems = [...new Set((validator?.errors ?? []).map(describe))];
    throw new ConfigError(problems, source);
  }
  schemaForChecks ??= configSchemaJson() ?? (schemaModule as typeof import('./schema.js')).ConfigSchema;
  const unworkable = semanticProblems(copy, schemaForChecks);
  if (unworkable.length > 0) throw new ConfigError(unworkable, source);
  return deepFreeze(copy);
}

/** Reads `path` (YAML) when given, else embedded defaults only. */
export function loadConfig(path?: string): Config {
  if (!path) return defaultConfig();
  return configFromText(readConfigText(path), path);
}

/**
 * The defaults: `buildConfig({})` as the build computed it (dist/generated/default-config.json,
 * see config/precompile.ts), else computed here (the sources run directly, as in tests).
 */
function defaultConfig(): Config {
  let built: unknown;
  try {
    built = require('../generated/default-config.json');
  } catch {
    return buildConfig({}, 'defaults');
  }
  // A fresh copy: require hands every caller the same object.
  return deepFreeze(structuredClone(built) as Config);
}

/** The config file's text (a ConfigError when it cannot be read). */
export function readConfigText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`cannot read: ${(err as Error).message}`], path);
  }
}

/** Parses and validates YAML text; `source` names it in errors. */
export function configFromText(text: string, source: string): Config {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new ConfigError([`not valid YAML: ${(err as Error).message.split('\n')[0]}`], source);
  }
  return buildConfig(data ?? {}, source);
}
