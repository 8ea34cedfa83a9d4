import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { LinearTranslation } from './linear-regex.js';

const require = createRequire(import.meta.url);

/** A shipped pack as parsed at build time, and the 1-based line of each of its rules. */
export interface ShippedPack {
  data: unknown;
  ruleLines: (number | undefined)[];
  /** The build validated `data` against the pack schema (its defaults are filled in). */
  validated?: boolean;
  /** Per rule, its pattern translated for the linear engine (null: refused, reported at load). */
  translations?: (LinearTranslation | null)[];
}

interface Shipped {
  /** The shipped packs' texts, one after another. */
  texts: string;
  /** Per pack: where its text starts in `texts`, and the pack as the build read it. */
  packs: { start: number; pack: ShippedPack }[];
  /** Pack indexes by text length: the only packs a text can be. */
  byLength: Map<number, number[]>;
}

let shipped: Shipped | undefined;

function load(): Shipped {
  const byLength = new Map<number, number[]>();
  try {
    const texts = readFileSync(new URL('../generated/shipped-rule-packs.txt', import.meta.url), 'utf8');
    const rows = require('../generated/shipped-rule-packs.json') as [number, ShippedPack][];
    let start = 0;
    const packs = rows.map(([length, pack], i) => {
      const list = byLength.get(length);
      if (list === undefined) byLength.set(length, [i]);
      else list.push(i);
      const row = { start, pack };
      start += length;
      return row;
    });
    return { texts, packs, byLength };
  } catch {
    return { texts: '', packs: [], byLength };
  }
}

/**
 * A pack's data when its text is exactly that of a pack shipped in config/rules/ at build time
 * (`npm run build` parses them into dist/generated/, see config/precompile.ts), so the usual
 * start reads no YAML; undefined for any other text. A pack the build validated is shared by
 * every caller and read only (compiling copies what it keeps); one it did not is a copy each
 * time, since validating fills in its defaults.
 */
export function shippedPackData(text: string): ShippedPack | undefined {
  shipped ??= load();
  for (const i of shipped.byLength.get(text.length) ?? []) {
    const row = shipped.packs[i];
    if (!shipped.texts.startsWith(text, row.start)) continue;
    return row.pack.validated === true ? row.pack : structuredClone(row.pack);
  }
  return undefined;
}
