import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';

/** Ajv's options for logsift's schemas: every error at once, defaults filled in. */
export const AJV_OPTIONS = { allErrors: true, useDefaults: true, strict: false } as const;

export interface Validator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}

export type ValidatorName = 'config-validator' | 'rule-pack-validator';

const require = createRequire(import.meta.url);

/**
 * The validator `npm run build` generated for one of logsift's schemas (standalone Ajv code in
 * dist/generated/, see precompile-validators.ts), or undefined where there is none (the sources
 * run directly, as in tests): then compile the schema with `compileValidator`. Compiling the
 * config schema took about 0.3 s of every command's start, and loading TypeBox to build the
 * schema another 0.1 s; loading the generated code takes a few milliseconds.
 */
export function precompiledValidator<T>(name: ValidatorName): Validator<T> | undefined {
  try {
    return require(`../generated/${name}.cjs`) as Validator<T>;
  } catch {
    return undefined;
  }
}

/** Whether the build generated the validator (found without loading it). */
export function hasPrecompiledValidator(name: ValidatorName): boolean {
  try {
    require.resolve(`../generated/${name}.cjs`);
    return true;
  } catch {
    return false;
  }
}

export function compileValidator<T>(schema: object): Validator<T> {
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv(AJV_OPTIONS).compile<T>(schema);
}
