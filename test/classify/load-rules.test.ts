import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compilePack, loadRules, RuleError, DEFAULT_RULES_DIR } from '../../src/classify/load-rules.js';

const pack = (rules: string) => `pack: demo\ndescription: demo\nrules:\n${rules}`;

t.test('the shipped packs load', async (t) => {
  const rules = loadRules([DEFAULT_RULES_DIR]);
  t.ok(rules.length > 30);
  t.ok(rules.every((r, i) => i === 0 || rules[i - 1].priority >= r.priority), 'packs are tried by priority');
  const packs = [...new Set(rules.map((r) => r.pack))];
  const at = (pack: string) => packs.indexOf(pack);
  const priority = (pack: string) => rules.find((r) => r.pack === pack)!.priority;
  // Node's, celery's and uvicorn's own warnings look like Python's: they (20) go before python
  // (10) and its catalogue, which goes before every pack of the default priority.
  for (const p of ['node', 'celery', 'uvicorn']) t.ok(at(p) >= 0 && at(p) < at('python'), `${p} before python`);
  t.ok(packs.slice(at('python') + 1).every((p) => priority(p) < priority('python')), 'python before the default packs');
  // The fallbacks last: access lines (-1, beside packs that yield to another pack, as pam to sshd
  // and kong to nginx), then the generic pack (-10).
  t.ok(priority('access-log') < 0 && packs.slice(at('access-log')).every((p) => priority(p) <= priority('access-log')), 'access lines after every default pack');
  t.equal(packs.at(-1), 'generic', 'the generic pack last');
  t.ok(priority('generic') < priority('access-log'));
  const first = (id: string) => rules.findIndex((r) => r.id === id);
  t.ok(first('python.benign.tf-cuda-libraries') < first('python.warning'), 'a benign entry before the catch-all warning rule');
});

t.test('a bad rule names the file and the rule', async (t) => {
  t.throws(
    () => compilePack(pack(`  - id: demo.bad\n    match: 'x'\n    relevance: loud\n    score: 5\n`), 'demo.yaml'),
    { message: /demo\.yaml:6: rule "demo\.bad": relevance must be one of signal, context, noise/ },
  );
  t.throws(
    () => compilePack(pack(`  - id: demo.regex\n    match: '(unclosed'\n    relevance: signal\n    score: 5\n`), 'demo.yaml'),
    { message: /demo\.yaml:5: rule "demo\.regex": match is not a valid regular expression/ },
  );
  t.throws(
    () => compilePack(pack(`  - id: demo.noise\n    match: 'x'\n    relevance: noise\n    score: 5\n`), 'demo.yaml'),
    { message: /demo\.yaml:4: rule "demo\.noise": a noise rule needs a reason/ },
  );
  try {
    compilePack(pack(`  - id: demo.event\n    match: 'x'\n    relevance: signal\n    score: 5\n    event: explode\n    colour: red\n`), 'demo.yaml');
    t.fail('should throw');
  } catch (err) {
    t.ok(err instanceof RuleError);
    t.match((err as Error).message, /demo\.yaml:8: rule "demo\.event": event/, 'names the bad event');
    t.match((err as Error).message, /additional properties/, 'and the unknown key, in the same error');
  }
  t.throws(() => compilePack('pack: [unclosed', 'broken.yaml'), { message: /broken\.yaml:1: not valid YAML/ });
});

t.test('duplicate rule ids across packs are refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-rules-'));
  writeFileSync(join(dir, 'a.yaml'), pack(`  - id: dup.one\n    match: 'a'\n    relevance: signal\n    score: 5\n`));
  writeFileSync(join(dir, 'b.yaml'), pack(`  - id: dup.one\n    match: 'b'\n    relevance: signal\n    score: 5\n`));
  t.throws(() => loadRules([dir]), { message: /rule id "dup\.one" is defined twice/ });
  t.throws(() => loadRules([join(dir, 'missing')]), { message: /cannot read rules directory/ });
});
