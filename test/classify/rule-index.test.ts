import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_RULES_DIR, loadRules } from '../../src/classify/load-rules.js';
import { keyLiterals, RuleIndex } from '../../src/classify/rule-index.js';

const rules = loadRules([DEFAULT_RULES_DIR]);
const index = new RuleIndex(rules);

/** Every line of the shipped packs' own test cases and sequences. */
function packTestLines(): string[] {
  const dir = join(DEFAULT_RULES_DIR, 'tests');
  const lines: string[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const doc = parseYaml(readFileSync(join(dir, f), 'utf8')) as { cases?: { line?: string; lines?: string }[]; sequences?: { input: string }[] };
    for (const c of doc.cases ?? []) lines.push(...(c.line ?? c.lines ?? '').split('\n'));
    for (const s of doc.sequences ?? []) lines.push(...s.input.split('\n'));
  }
  return lines.filter((l) => l.length > 0);
}

/** Rules that match `message`, and those of them the index would skip (must be none). */
function missed(message: string): { matched: number; skipped: string[] } {
  index.scan(message);
  let matched = 0;
  const skipped: string[] = [];
  rules.forEach((r, i) => {
    if (!r.matches(message)) return;
    matched++;
    if (!index.isCandidate(i)) skipped.push(r.id);
  });
  // The candidates the classifier tries are exactly those, in rule order.
  const inOrder = rules.map((_, i) => i).filter((i) => index.isCandidate(i));
  const listed = index.candidates();
  if (listed.length !== inOrder.length || listed.some((r, k) => r !== inOrder[k])) skipped.push(`candidates [${listed.join(',')}] vs [${inOrder.join(',')}]`);
  return { matched, skipped };
}

t.test("no rule that matches a line of the packs' own tests is skipped by the index", async (t) => {
  const lines = packTestLines();
  t.ok(lines.length > 500, `${lines.length} lines`);
  let matched = 0;
  for (const line of lines) {
    const r = missed(line);
    matched += r.matched;
    if (r.skipped.length) t.fail(`${r.skipped.join(', ')} skipped on: ${line}`);
  }
  t.ok(matched > 500, `${matched} rule matches checked`);
});

t.test("nor on text made of the rules' own literals, in any case, and noise", async () => {
  const literals = [...new Set(rules.flatMap((r) => keyLiterals(r.requirement) ?? []))];
  const cased = literals.flatMap((l) => [l, l.toUpperCase(), l[0].toUpperCase() + l.slice(1)]);
  const piece = fc.oneof(fc.constantFrom(...cased), fc.string({ maxLength: 6 }), fc.constantFrom(' ', ': ', '[', ']', '0', 'signal 9', 'exit code 137'));
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => missed(pieces.join('')).skipped.length === 0),
    { numRuns: 3000, seed: 20261129 },
  );
});

t.test('the index skips rules whose literals are absent, case-insensitive ones included', async (t) => {
  index.scan('GET /healthz 200');
  const skipped = rules.filter((_, i) => !index.isCandidate(i)).length;
  t.ok(skipped > rules.length * 0.95, `${skipped} of ${rules.length} rules skipped on an ordinary line`);
  const killed = rules.findIndex((r) => r.id === 'generic.killed');
  t.ok(rules[killed].ignoreCase === true && keyLiterals(rules[killed].requirement) !== null, 'generic.killed is case-insensitive and has key literals');
  index.scan('worker TERMINATED BY SIGKILL');
  t.equal(index.isCandidate(killed), true);
  t.equal(rules[killed].matches('worker TERMINATED BY SIGKILL'), true);
  index.scan('worker finished its request');
  t.equal(index.isCandidate(killed), false);
  // Lower case is ASCII's only: a case-insensitive regex never matches a non-ASCII character to
  // an ASCII one (the Kelvin sign is no k, a dotted capital I no i), and the index agrees.
  for (const line of ['the pod got SIG\u212aILL', 'the pod got S\u0130GKILL']) {
    index.scan(line);
    t.equal(rules[killed].matches(line), false, line);
    t.equal(index.isCandidate(killed), false, line);
  }
  index.scan('\u00e9worker Terminated By SigKill\u00e9');
  t.equal(index.isCandidate(killed), true, 'beside non-ASCII text');
  t.same(index.candidates().filter((i) => i === killed), [killed]);
});

t.test('every rule with no key literal is tried on every message, first match unchanged', async (t) => {
  const always = rules.map((_, i) => i).filter((i) => keyLiterals(rules[i].requirement) === null);
  t.ok(always.length < 20, `${always.length} rules without a key literal`);
  index.scan('');
  t.same(index.candidates(), always);
  index.scan('x');
  t.same(index.candidates(), always);
});

t.test('key literals', async (t) => {
  t.same(keyLiterals('WORKER TIMEOUT'), ['WORKER TIMEOUT']);
  t.same(keyLiterals({ all: ['Booting worker', 'pid'] }), ['Booting worker']);
  t.same(keyLiterals({ all: ['] ', { any: ['ForkPoolWorker', 'Process'] }] }), ['ForkPoolWorker', 'Process'], 'the most selective part of all');
  t.same(keyLiterals({ all: [{ any: ['ab', 'cdef'] }, 'xyz'] }), ['xyz']);
  t.same(keyLiterals({ any: ['SIGKILL', { all: ['signal 9', 'x'] }] }), ['SIGKILL', 'signal 9']);
  t.equal(keyLiterals({ any: ['SIGKILL', null] }), null, 'an alternative with no literal: always tried');
  t.equal(keyLiterals(null), null);
});
