import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileLinear, linearParts, linearPartsKey, type LinearParts } from '../../src/classify/linear-regex.js';
import { compileRules, DEFAULT_RULES_DIR, readRuleSources } from '../../src/classify/load-rules.js';

// Written by `npm run build` (config/precompile.ts), which `npm test` runs first.
const GENERATED = fileURLToPath(new URL('../../dist/generated/linear-regex-parts.json', import.meta.url));

t.test('the precompiled parts are what compileLinear works out, for every shipped rule', { skip: !existsSync(GENERATED) && 'run npm run build first' }, async (t) => {
  const parts = new Map(JSON.parse(readFileSync(GENERATED, 'utf8')) as [string, LinearParts][]);
  const rules = compileRules(readRuleSources([DEFAULT_RULES_DIR]));
  t.ok(rules.length > 100, `${rules.length} shipped rules`);
  let named = 0;
  for (const r of rules) {
    const ignoreCase = r.ignoreCase === true;
    const stored = parts.get(linearPartsKey(r.match, ignoreCase));
    if (stored === undefined) {
      t.fail(`${r.id}: no precompiled parts`);
      continue;
    }
    // JSON round trip: what the build wrote is what a live compile gives.
    const live = JSON.parse(JSON.stringify(linearParts(r.match, ignoreCase))) as LinearParts;
    t.same(stored, live, r.id);
    const compiled = compileLinear(r.match, ignoreCase);
    t.equal(compiled.regex.source, new RegExp(stored.rewritten).source, `${r.id}: the regex that runs`);
    if (stored.extract !== undefined) named++;
  }
  t.ok(named > 0, `${named} rules with named groups`);
  t.equal(parts.size, new Set(rules.map((r) => linearPartsKey(r.match, r.ignoreCase === true))).size, 'one entry per distinct pattern');
});
