import { createRequire } from 'node:module';
import { DURATION_PATTERN, parseDuration } from './duration.js';
import type { Config } from './schema.js';

/** Node's timers hold a signed 32-bit millisecond count; a longer delay fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

interface SchemaNode {
  type?: string;
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

const require = createRequire(import.meta.url);

/** The config schema as JSON, written by `npm run build` (config/precompile.ts); undefined without a build. */
export function configSchemaJson(): object | undefined {
  try {
    return require('../generated/config-schema.json') as object;
  } catch {
    return undefined;
  }
}

/** Whether the build wrote the config schema as JSON (found without loading it). */
export function hasConfigSchemaJson(): boolean {
  try {
    require.resolve('../generated/config-schema.json');
    return true;
  } catch {
    return false;
  }
}

/**
 * Values that pass the schema but cannot work: a zero duration (an empty sliding window, a retry
 * loop with no backoff), a duration past what a Node timer can hold (it would fire at once), and
 * two listeners on one address. Every duration in the schema is found through its pattern, so a
 * new one is checked without being listed here.
 */
export function semanticProblems(config: Config, schema: object): string[] {
  const problems: string[] = [];
  walkDurations(schema as SchemaNode, config, '', problems);
  const http = config.input.http;
  const prom = config.export.prometheus;
  if (http.enabled && prom.enabled && http.port !== 0 && http.port === prom.port && http.host === prom.host) {
    problems.push(`export.prometheus.port: ${prom.port} is also input.http.port on ${http.host}; the second listener could never start`);
  }
  return problems;
}

function walkDurations(node: SchemaNode, value: unknown, path: string, out: string[]): void {
  if (value === undefined || value === null) return;
  if (node.pattern === DURATION_PATTERN && typeof value === 'string') {
    checkDuration(path, value, out);
    return;
  }
  if (node.type === 'object' && node.properties && typeof value === 'object') {
    for (const [key, child] of Object.entries(node.properties)) {
      walkDurations(child, (value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, out);
    }
  } else if (node.type === 'array' && node.items && Array.isArray(value)) {
    value.forEach((v, i) => walkDurations(node.items!, v, `${path}.${i}`, out));
  } else if (node.anyOf) {
    for (const branch of node.anyOf) if (branch.pattern === DURATION_PATTERN) walkDurations(branch, value, path, out);
  }
}

function checkDuration(path: string, text: string, out: string[]): void {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    return; // the schema pattern already reported it
  }
  if (ms <= 0) out.push(`${path}: ${text} must be longer than zero`);
  else if (ms > MAX_TIMER_MS) out.push(`${path}: ${text} is longer than the longest timer Node can run (about 24 days)`);
}
