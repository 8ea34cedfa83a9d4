import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let parsed: Map<string, string> | undefined;

/** A shipped pack as parsed at build time, and the 1-based line of each of its rules. */
export interface ShippedPack {
  data: unknown;
  ruleLines: (number | undefined)[];
  /** The build validated `data` against the pack schema (its defaults are filled in). */
  validated?: boolean;
}

/**
 * A pack's data when its text is exactly that of a pack shipped in config/rules/ at build time
 * (`npm run build` parses them into dist/generated/, see config/precompile.ts), so the usual
 * start reads no YAML; undefined for any other text. A fresh copy each time (validation fills in
 * defaults).
 */
export function shippedPackData(text: string): ShippedPack | undefined {
  if (parsed === undefined) {
    try {
      parsed = new Map(require('../generated/shipped-rule-packs.json') as [string, string][]);
    } catch {
      parsed = new Map();
    }
  }
  const json = parsed.get(text);
  return json === undefined ? undefined : (JSON.parse(json) as ShippedPack);
}
