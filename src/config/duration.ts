import type { TString } from '@sinclair/typebox';

/** Durations are written as in Prometheus and Fluent Bit configs: `500ms`, `30s`, `5m`, `1h`. */
export const DURATION_PATTERN = '^[0-9]+(ms|s|m|h)$';

/** TypeBox's own marker; Symbol.for, so it is the same symbol its builders use. */
const Kind = Symbol.for('TypeBox.Kind');

/**
 * A duration setting's schema, exactly what `Type.String({ pattern, default, description })`
 * builds, written out so that importing parseDuration (every command does) does not load
 * TypeBox (about 0.1 s of start-up): only the schema modules need it, and they load at build time.
 */
export const Duration = (defaultValue: string, description: string): TString =>
  ({ pattern: DURATION_PATTERN, default: defaultValue, description, [Kind]: 'String', type: 'string' }) as unknown as TString;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number {
  const m = /^([0-9]+)(ms|s|m|h)$/.exec(text);
  if (!m) throw new Error(`invalid duration "${text}" (expected e.g. 500ms, 30s, 5m, 1h)`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** The inverse of parseDuration, in the largest whole unit: 5m, 90s, 1h, 250ms. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms > 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
