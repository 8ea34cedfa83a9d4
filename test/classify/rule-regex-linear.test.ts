import t from 'tap';
import { DEFAULT_RULES_DIR, compilePack, loadRules } from '../../src/classify/load-rules.js';
import { ruleExamples } from '../../src/classify/rule-examples.js';
import { compileLinear } from '../../src/classify/linear-regex.js';
import { testRequirement } from '../../src/classify/required-literals.js';
import { PipelineConfigSchema } from '../../src/pipeline/pipeline-config.js';

/*
 * Issue 8 items 1 and 5: no rule regex can stall the pipeline. The proof is by construction:
 * every rule runs on V8's linear-time engine (the `l` flag: a Pike VM, O(pattern × line), no
 * backtracking), which refuses any pattern it cannot run that way. This sweep checks that every
 * shipped rule is on it and feeds each the lines that made the old rules quadratic, at the line
 * limit. No timings here: `bench/rule-regex.mjs` prints them.
 */
const LIMIT = PipelineConfigSchema.properties.maxLineBytes.default as number;
const fill = (piece: string) => (piece ? piece.repeat(Math.ceil(LIMIT / piece.length)).slice(0, LIMIT) : '');

const rules = loadRules([DEFAULT_RULES_DIR]);
// The sweep is CPU-bound (about 400 rules x a dozen 256 KiB lines, no timing asserted): on the
// shared 2-core machine under load it outlasts the suite's 300 s per-file default.
t.setTimeout(1_200_000);

t.test('every shipped rule runs on the linear-time engine', async (t) => {
  t.ok(rules.length > 30);
  for (const r of rules) t.ok(r.regex.flags.includes('l'), `${r.id}: /${r.regex.source}/${r.regex.flags}`);
});

t.test('adversarial lines at the line limit, rule by rule', async (t) => {
  // The lines that cost seconds before (issue 8): one regex scanned to the end of the line from
  // every occurrence of its first literal.
  const known = [fill('Probe failed '), fill('"GET /healthz HTTP/1.1" 200 '), fill('a'), fill('9'), fill('AWarning ')];
  for (const r of rules) {
    // Four examples per rule (its first alternatives, with and without a space at word
    // boundaries): each becomes three 256 KiB lines, and ~400 rules of them cost minutes of CPU
    // otherwise; the linear engine bounds every other line by construction.
    const examples = ruleExamples(r.match, 4).filter((e) => new RegExp(r.match, r.ignoreCase ? 'i' : '').test(e));
    t.ok(examples.length > 0, `${r.id} has an example match`);
    const own = examples.flatMap((e) => [fill(e + ' '), fill(e.slice(0, -1)), fill(e.slice(1, -1) + ' ')]);
    let matched = 0;
    for (const line of [...known, ...own]) if (r.matches(line)) matched++;
    if (matched > 0) {
      t.pass(`${r.id}: its own example repeated to ${LIMIT} bytes still matches`);
      continue;
    }
    // Anchored at the end: the example as the end of a line of repeats, and alone followed by
    // spaces (a whole-line pattern ending in \s*).
    const lines = examples.flatMap((e) => [fill(e + ' ').slice(0, LIMIT - e.length) + e, e + ' '.repeat(LIMIT - e.length)]);
    if (/^\^.*\$$/.test(r.match) && !lines.some((l) => r.matches(l))) {
      // A whole-line pattern of bounded length (a banner row) cannot match a 256 KiB line; the
      // engine still has to run on one that carries its literals.
      const { requirement } = compileLinear(r.match, r.ignoreCase);
      t.ok(lines.some((l) => testRequirement(requirement, l)), `${r.id}: a line at the limit with its literals reaches the regex engine`);
      continue;
    }
    t.ok(lines.some((l) => r.matches(l)), `${r.id}: its own example at the end of a ${LIMIT}-byte line still matches`);
  }
});

t.test("a user's catastrophic rule is harmless", async (t) => {
  const [evil] = compilePack(
    'pack: mine\ndescription: a user pack\nrules:\n  - id: mine.evil\n    match: "(a+)+$"\n    relevance: signal\n    score: 50\n',
    'mine.yaml',
  );
  t.ok(evil.regex.flags.includes('l'));
  t.equal(evil.matches('a'.repeat(50) + '!'), false, '50 a and a ! (never finishes on a backtracking engine)');
  t.equal(evil.matches(fill('a') + '!'), false);
});
