/**
 * The build's parsed packs (dist/generated/, `npm test` builds first) stand in for a pack's YAML
 * only when the text is exactly a shipped pack's, and each caller gets data of its own.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const RULES = fileURLToPath(new URL('../../config/rules/', import.meta.url));
const skip = existsSync(`${DIST}generated/shipped-rule-packs.txt`) ? false : 'dist is not built (npm test builds it)';

t.test('a shipped text finds its pack; any other text, however close, finds nothing', { skip }, async (t) => {
  type Shipped = typeof import('../../src/classify/shipped-packs.js');
  const { shippedPackData } = (await import(`${DIST}classify/shipped-packs.js`)) as Shipped;
  const files = readdirSync(RULES).filter((f) => f.endsWith('.yaml')).sort();
  const texts = files.map((f) => readFileSync(join(RULES, f), 'utf8'));
  for (const [i, text] of texts.entries()) {
    const found = shippedPackData(text);
    const data = found?.data as { pack?: string; rules?: { match?: string }[] } | undefined;
    if (!found || !data) {
      t.fail(`${files[i]}: not found`);
      continue;
    }
    t.ok(text.includes(`pack: ${data.pack}`), `${files[i]}: its own data`);
    t.equal(found.translations?.length, data.rules?.length, `${files[i]}: a translation per rule`);
  }
  // Same length, one character changed; a prefix; a text spanning two packs.
  const edited = texts[0].replace(/rules:/, 'rulez:');
  t.equal(edited.length, texts[0].length);
  t.equal(shippedPackData(edited), undefined, 'an edited pack of the same length');
  t.equal(shippedPackData(texts[0].slice(0, -1)), undefined, 'a truncated pack');
  t.equal(shippedPackData(texts[0].slice(1) + texts[1][0]), undefined, 'text across two packs');
});

t.test('a validated pack is loaded once and shared: compiling it twice gives rules of their own', { skip }, async (t) => {
  type Shipped = typeof import('../../src/classify/shipped-packs.js');
  type LoadRules = typeof import('../../src/classify/load-rules.js');
  const { shippedPackData } = (await import(`${DIST}classify/shipped-packs.js`)) as Shipped;
  const { compilePack } = (await import(`${DIST}classify/load-rules.js`)) as LoadRules;
  const file = join(RULES, readdirSync(RULES).filter((f) => f.endsWith('.yaml')).sort()[0]);
  const text = readFileSync(file, 'utf8');
  const first = shippedPackData(text)!;
  t.equal(first.validated, true);
  t.equal(shippedPackData(text), first, 'the same data, not parsed again');
  const a = compilePack(text, file);
  const b = compilePack(text, file);
  t.not(a[0], b[0]);
  a[0].score = -1;
  t.not(b[0].score, -1, "one compile's rules do not change another's");
  t.not((first.data as { rules: { score: number }[] }).rules[0].score, -1, 'nor the shared data');
});
