import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_RULES_DIR } from '../../src/classify/load-rules.js';
import { runCli } from '../helpers/run-cli.js';

/*
 * Issue 13.6: every pack shipped in config/rules/ carries its own cases in
 * config/rules/tests/<pack>.yaml, and each file passes `logsift rules test` (which also fails a
 * rule of the pack that decides none of its cases, and a line two packs claim with different
 * events). A pack added later is covered as soon as it has a test file, and fails here without one.
 */
// One CLI start per pack test file (48 of them, one after another): 281 s alone for 43 at load 24,
// past the suite's 300 s per-file default. A budget, not a timing check.
t.setTimeout(1_200_000);

const TESTS_DIR = join(DEFAULT_RULES_DIR, 'tests');
const testFiles = readdirSync(TESTS_DIR).filter((f) => f.endsWith('.yaml')).sort();
const packFiles = readdirSync(DEFAULT_RULES_DIR).filter((f) => f.endsWith('.yaml')).sort();

t.test('every shipped pack has a test file', async (t) => {
  const tested = new Set(testFiles.map((f) => (parse(readFileSync(join(TESTS_DIR, f), 'utf8')) as { pack: string }).pack));
  for (const f of packFiles) {
    const { pack } = parse(readFileSync(join(DEFAULT_RULES_DIR, f), 'utf8')) as { pack: string };
    t.ok(tested.has(pack), `pack ${pack} (config/rules/${f}) has config/rules/tests/${pack}.yaml`);
  }
});

for (const f of testFiles) {
  t.test(`logsift rules test config/rules/tests/${f}`, async (t) => {
    const r = await runCli(['rules', 'test', join(TESTS_DIR, f)]);
    t.equal(r.code, 0, r.stdout + r.stderr);
    t.match(r.stdout, /^PASS /m);
  });
}
