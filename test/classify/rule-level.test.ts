import t from 'tap';
import { RuleClassifier } from '../../src/classify/rule-classifier.js';
import { compilePack } from '../../src/classify/load-rules.js';
import { ANY_LEVEL, levelAllows, levelMaskOf, levelRange } from '../../src/classify/rule-level.js';
import { Severity } from '../../src/model/severity.js';
import { TemplateCache } from '../../src/template/template-cache.js';

/*
 * `level:` binds a rule to the record's own level (the line's header, or the sender's severity):
 * a celery pool process's redirected print is logged at WARNING, its ERROR lines are the task's
 * own logging, and both share a message shape once the header is read.
 */
const PACK = `pack: demo
description: test
rules:
  - id: demo.print
    match: 'ForkPoolWorker-\\d+\\] '
    level: [INFO, WARN]
    relevance: noise
    score: 10
    reason: a print
`;

function setup() {
  const classifier = new RuleClassifier(compilePack(PACK, 'demo.yaml'), { repeatWindowMs: 60_000, repeatThreshold: 50 });
  const cache = new TemplateCache(1000);
  return (message: string, severity: number, timeMs = 0) => classifier.classify(cache.get(message), message, severity, 'single', timeMs);
}

void t.test('a rule bound to levels decides records at those levels only, whichever level met the shape first', async (t) => {
  const classify = setup();
  const line = 'WARNING/ForkPoolWorker-1] gateway answered 502';
  t.not(classify(line, Severity.ERROR, 0).rule, 'demo.print', 'an ERROR record first');
  t.equal(classify(line, Severity.WARN, 1).rule, 'demo.print', 'then a WARN record of the same shape');
  t.equal(classify(line, Severity.INFO + 1, 2).rule, 'demo.print', 'any severity number in a listed range');
  t.not(classify(line, Severity.ERROR, 3).rule, 'demo.print', 'and an ERROR one again');
  t.not(classify('ForkPoolWorker-2] no level at all', 0, 4).rule, 'demo.print', 'a record with no level of its own never matches');
});

void t.test('the mask: ranges of OpenTelemetry severity numbers', async (t) => {
  const mask = levelMaskOf(['WARN', 'FATAL']);
  t.same([13, 16, 17, 21, 24, 12, 0, NaN].map((n) => levelAllows(mask, n)), [true, true, false, true, true, false, false, false]);
  t.ok(levelAllows(0, 0), 'no level condition takes every record');
});

void t.test('the schema takes level names only', async (t) => {
  t.throws(() => compilePack(PACK.replace('[INFO, WARN]', '[LOUD]'), 'demo.yaml'), { message: /demo\.yaml:\d+: rule "demo\.print": .*level/ });
  t.throws(() => compilePack(PACK.replace('[INFO, WARN]', '[]'), 'demo.yaml'), { message: /demo\.yaml/ });
});

void t.test('the decision is kept per level range: another number of the same range, or a shape first met as an exception, is not read again', async (t) => {
  const classifier = new RuleClassifier(compilePack(PACK, 'demo.yaml'), { repeatWindowMs: 60_000, repeatThreshold: 50 });
  const cache = new TemplateCache(1000);
  const line = 'WARNING/ForkPoolWorker-3] retrying';
  const entry = cache.get(line);
  classifier.classifyException(entry, line);
  t.equal(entry.ruleLevel, 0, 'read without a level');
  t.equal(classifier.classify(entry, line, Severity.WARN, 'single', 0).rule, 'demo.print');
  t.equal(entry.ruleLevel, 0, 'a record at another range is read again without caching');
  const again = cache.get('WARNING/ForkPoolWorker-4] retrying later');
  classifier.classify(again, 'WARNING/ForkPoolWorker-4] retrying later', Severity.WARN, 'single', 0);
  t.equal(again.ruleLevel, levelRange(Severity.WARN), 'cached for the range of the record that decided it');
  t.same([0, NaN, 1, 4, 5, 12, 13, 20, 21, 24].map(levelRange), [0, 0, 1, 1, 2, 3, 4, 5, 6, 6]);
});

/** The demo pack and a rule on a kept number (`status 503`, fingerprint.ts), its matcher counting its calls. */
function countingClassifier(): { classifier: RuleClassifier; tests: () => number } {
  const rules = compilePack(
    PACK + `  - id: demo.status
    match: 'status 5\\d\\d'
    relevance: signal
    score: 70
    reason: a server error
`,
    'demo.yaml',
  );
  let calls = 0;
  for (const r of rules) {
    const matches = r.matches;
    r.matches = (m) => (calls++, matches(m));
  }
  return { classifier: new RuleClassifier(rules, { repeatWindowMs: 60_000, repeatThreshold: 50 }), tests: () => calls };
}

void t.test('a decision no level-bound rule took part in holds at every level: the rules are not tried again', async (t) => {
  const { classifier, tests } = countingClassifier();
  const cache = new TemplateCache(1000);
  const line = 'upstream answered status 503';
  // A new shape with a kept number: the cache asks the rules (decisionKey), without a level.
  const entry = cache.get(line, 'single', classifier);
  t.equal(tests(), 1, 'decided once for the template');
  t.equal(entry.ruleLevel, ANY_LEVEL);
  t.equal(classifier.classify(entry, line, Severity.WARN, 'single', 0).rule, 'demo.status');
  t.equal(classifier.classify(entry, line, Severity.ERROR, 'single', 1).rule, 'demo.status', 'at another level too');
  t.equal(tests(), 1, 'and not tried again for either record');
});

void t.test('a decision a level-bound rule took part in is made again at the record level, as before', async (t) => {
  const { classifier, tests } = countingClassifier();
  const cache = new TemplateCache(1000);
  const line = 'WARNING/ForkPoolWorker-5] upstream answered status 503';
  const entry = cache.get(line, 'single', classifier);
  t.equal(entry.ruleLevel, undefined, 'demo.print was passed over for want of a level');
  t.equal(classifier.classify(entry, line, Severity.WARN, 'single', 0).rule, 'demo.print', 'the print rule at WARN');
  t.equal(entry.ruleLevel, levelRange(Severity.WARN));
  t.equal(classifier.classify(entry, line, Severity.ERROR, 'single', 1).rule, 'demo.status', 'the status rule at ERROR');
  t.ok(tests() >= 3, 'tried at each level');
});

void t.test('a shape met at two levels is decided once per level range, each decision as at its own level', async (t) => {
  const { classifier, tests } = countingClassifier();
  const cache = new TemplateCache(1000);
  const line = 'WARNING/ForkPoolWorker-6] slow request';
  const at = (severity: number, timeMs: number) => classifier.classify(cache.get(line), line, severity, 'single', timeMs).rule;
  const first = [at(Severity.ERROR, 0), at(Severity.WARN, 1)];
  const searches = tests();
  const again = [at(Severity.ERROR, 2), at(Severity.WARN, 3), at(Severity.WARN + 1, 4), at(Severity.ERROR, 5)];
  t.not(first[0], 'demo.print', 'the ERROR record is not the print');
  t.same([first[1], again[1], again[2]], ['demo.print', 'demo.print', 'demo.print'], 'every WARN record is');
  t.ok(again[0] !== 'demo.print' && again[3] !== 'demo.print', 'no ERROR record is');
  t.equal(tests(), searches, 'the rules are not searched again for either level');
  cache.forgetRuleDecisions();
  t.equal(at(Severity.WARN, 6), 'demo.print', 'after a reload, decided again');
  t.ok(tests() > searches);
});
