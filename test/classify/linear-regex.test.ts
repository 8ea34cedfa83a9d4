import t from 'tap';
import { compileLinear, LinearRegexError, translateLinear, verifyTranslation, type LinearTranslation } from '../../src/classify/linear-regex.js';
import { requiredLiterals } from '../../src/classify/required-literals.js';
import { RegExpParser } from '@eslint-community/regexpp';

/** A seeded generator (mulberry32), so a failure names an input that reproduces. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random texts over an alphabet, plus pieces of the pattern's own text so matches happen. */
function texts(pattern: string, seed: number, n = 400): string[] {
  const r = rng(seed);
  const alphabet = 'aAbBkKsSxX09 :_-()"\u017f\u212a\u00e9\u00c9';
  const literal = pattern.replace(/[\\^$.*+?()[\]{}|]/g, '');
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = '';
    const len = Math.floor(r() * 24);
    for (let j = 0; j < len; j++) {
      s += r() < 0.3 && literal ? literal.slice(Math.floor(r() * literal.length), Math.floor(r() * literal.length) + 4) : alphabet[Math.floor(r() * alphabet.length)];
    }
    out.push(r() < 0.5 ? s : s.toUpperCase());
  }
  return out;
}

t.test('a pattern runs on the linear-time engine and matches as JavaScript would', async (t) => {
  const cases: [string, boolean][] = [
    ['WORKER TIMEOUT \\(pid:? ?\\d+\\)', false],
    ['(a|ab)(c|bcd)(d*)', false],
    ['^(Started container \\S+|Created container \\S+)', false],
    ['x{3}', false],
    ['(?:ab){2,5}c', false],
    ['\\d{1,3}(\\.\\d{1,3}){3}', false],
    ['[0-9a-f]{20,40}', false],
    ['k{2,}', false],
    ['worker timeout', true],
    ['[a-c]+-[^k-m]', true],
    ['[-k]s', true],
    ['[^s]k', true],
    ['\\bkelvin\\b|\\W\\w', true],
    ['É+', true],
    ['(?<name>ab)+', false],
  ];
  for (const [src, ignoreCase] of cases) {
    const linear = compileLinear(src, ignoreCase);
    t.ok(linear.regex.flags.includes('l'), `${src} runs with the l flag`);
    const reference = new RegExp(src, ignoreCase ? 'i' : '');
    const bad = texts(src, src.length).filter((s) => linear.test(s) !== reference.test(s));
    t.same(bad, [], `/${src}/${ignoreCase ? 'i' : ''} agrees with V8's own engine`);
  }
});

t.test('catastrophic patterns are harmless: the engine has no backtracking', async (t) => {
  const evil = compileLinear('(a+)+$');
  t.ok(evil.regex.flags.includes('l'));
  // On a backtracking engine 26 a's and a "!" take seconds and 50 never finish.
  t.equal(evil.test('a'.repeat(50) + '!'), false);
  t.equal(evil.test('a'.repeat(262_144) + '!'), false);
  t.equal(evil.test('a'.repeat(50)), true);
  const nested = compileLinear('(\\w+\\s?)*:$');
  t.equal(nested.test('word '.repeat(50_000) + '!'), false);
});

t.test('what no linear-time engine runs is refused with the construct and its column', async (t) => {
  const refused: [string, RegExp][] = [
    ['foo(?=bar)', /lookahead \(\?=\.\.\.\) at column 4 cannot run in linear time/],
    ['(?<!x)y', /lookbehind \(\?<!\.\.\.\) at column 1/],
    ['(a)\\1', /backreference \\1 at column 4/],
    ['(unclosed', /not a valid regular expression/],
    ['(?:ab){5000}(?:cd){5000}', /spell out to \d+ characters/],
  ];
  for (const [src, message] of refused) {
    t.throws(() => compileLinear(src), { name: 'LinearRegexError', message }, src);
  }
});

t.test('a pattern that starts with a repeated class runs guarded on the backtracking engine, with the same answers', async (t) => {
  const guarded: [string, boolean][] = [
    ['\\S+:\\d+ \\[', false],
    ['[^"]*" x', false],
    ['\\d*9', false],
    ['.*kx', false],
    ['\\w+?\\s', false],
    ['\\D{2,}0', false],
    ['\\s+\\S', false],
    ['[^k]+K', true],
    ['[a-c]+-', true],
  ];
  for (const [src, ignoreCase] of guarded) {
    const tr = translateLinear(src, ignoreCase);
    t.ok(tr.backtracking?.startsWith('(?:^|') && tr.backtracking.endsWith(tr.regex), `${src}: ${tr.backtracking}`);
    t.doesNotThrow(() => verifyTranslation(tr), `${src}: the guarded source runs on the linear engine too`);
    const compiled = compileLinear(src, ignoreCase);
    const reference = new RegExp(src, ignoreCase ? 'i' : '');
    const bad = texts(src, 31 + src.length, 1500).filter((s) => compiled.backtracking.test(s) !== reference.test(s));
    t.same(bad, [], `/${src}/${ignoreCase ? 'i' : ''} guarded agrees with V8's own engine`);
  }
  t.equal(compileLinear('.*kx').backtracking.test('ab\nzkx'), true, 'a line terminator is where `.` starts again');
  t.equal(compileLinear('.*kx').backtracking.test('ab\nzk\nx'), false);
  for (const src of ['x\\S+', '\\S+a|b', '\\S{2}a', '\\S?a', '\\bx+', '(\\S+):']) t.equal(translateLinear(src).backtracking, undefined, src);
  // haproxy's access-log rule on a gunicorn access line: no start inside each run of \S.
  const line = '10.3.234.15 - - [15/Mar/2023:09:00:10 +0900] "GET /api/v1/search?q=pandas HTTP/1.1" 200 11974 "-" "Prometheus/2.43.0"';
  const haproxy = compileLinear('\\S+:\\d+ \\[\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\] \\S+ \\S+/\\S+ -?\\d+/');
  t.equal(haproxy.test(line), false);
  t.equal(haproxy.test('10.0.0.1:5123 [15/Mar/2023:09:00:10.123] fe be/s1 0/0/1/2/3 200 '), true);
});

t.test('the literal prefilter only skips lines the regex cannot match', async (t) => {
  const parser = new RegExpParser({ ecmaVersion: 2024 });
  const req = (src: string) => requiredLiterals(parser.parsePattern(src, 0, src.length, { unicode: false, unicodeSets: false }));
  t.equal(req('WORKER TIMEOUT \\(pid:? ?\\d+\\)'), 'WORKER TIMEOUT (pid');
  t.same(req('Back-off restarting failed container|CrashLoopBackOff'), { any: ['Back-off restarting failed container', 'CrashLoopBackOff'] });
  t.same(req('(Liveness|Readiness) probe failed'), { all: [' probe failed', { any: ['Liveness', 'Readiness'] }] });
  t.equal(req('\\d+|x'), null, 'an alternative without a literal means nothing is required');
  t.equal(req('a?b*'), null);
  // A repeated character: its least count ends the run before it and starts the run after it.
  t.equal(req('\\[ *\\d+\\] +\\d+'), '] ');
  t.equal(req('^-{14}$'), '--------------');
  t.same(req('ab{2}c{3,}d'), { all: ['abbccc', 'cccd'] });
  t.same(req('x{40}y'), { all: ['x'.repeat(16) + 'y', 'x'.repeat(16)] }, 'a long count is cut: the run ends there');
  t.same(req('(Version|ID): +\\S'), { all: [': ', { any: ['Version', 'ID'] }] });
  for (const src of ['foo(bar)?baz', '(ab)+cd|ef{2}g', '(?:x|yz)w+v', 'Probe failed"? probeType="?(Liveness|Readiness|Startup)', 'a:{2,}b', '- {1,3}x', 'k{2}s{2,}:']) {
    const linear = compileLinear(src);
    const reference = new RegExp(src);
    t.same(texts(src, 7).filter((s) => linear.test(s) !== reference.test(s)), [], src);
  }
});

t.test('the build translates every shipped rule exactly as start-up would', async (t) => {
  // `npm test` builds first; the table is what every command's start reads instead of parsing.
  const { readFileSync } = await import('node:fs');
  const { translateLinear, translationKey } = await import('../../src/classify/linear-regex.js');
  const { loadRules, DEFAULT_RULES_DIR } = await import('../../src/classify/load-rules.js');
  const table = new Map(JSON.parse(readFileSync(new URL('../../dist/generated/linear-rules.json', import.meta.url), 'utf8')) as [string, unknown][]);
  const rules = loadRules([DEFAULT_RULES_DIR]);
  t.ok(rules.length > 100, `${rules.length} shipped rules`);
  let missing = 0;
  for (const r of rules) {
    const key = translationKey(r.match, r.ignoreCase);
    const entry = table.get(key);
    if (entry === undefined) missing++;
    else if (JSON.stringify(entry) !== JSON.stringify(translateLinear(r.match, r.ignoreCase))) t.fail(`stale translation for ${r.id}`);
  }
  t.equal(missing, 0, 'no shipped rule is left to be parsed at start');
});

t.test('a pattern from the build table compiles on first use, any other at once', async (t) => {
  const { readFileSync } = await import('node:fs');
  const { verifyTranslation } = await import('../../src/classify/linear-regex.js');
  // The build put only translations that compile on both engines in the table (start-up trusts it).
  const table = JSON.parse(readFileSync(new URL('../../dist/generated/linear-rules.json', import.meta.url), 'utf8')) as [string, LinearTranslation][];
  for (const [key, translation] of table) t.doesNotThrow(() => verifyTranslation(translation), key);
  t.throws(() => verifyTranslation({ regex: '(?<=a)b', requirement: null, requirementLower: null }), LinearRegexError);
  // Outside the table (here: the sources run without dist/generated), a refused pattern fails at compile.
  t.throws(() => compileLinear('(?=a)b'), LinearRegexError);
  const r = compileLinear('Liveness probe failed');
  t.equal(r.test('x Liveness probe failed'), true);
  t.ok(r.regex.flags.includes('l'));

  // The built rules (dist/, with the table): no RegExp made at load, the same answers once made.
  type LoadRules = typeof import('../../src/classify/load-rules.js');
  const built = (await import(new URL('../../dist/classify/load-rules.js', import.meta.url).href)) as LoadRules;
  const { loadRules, DEFAULT_RULES_DIR } = await import('../../src/classify/load-rules.js');
  const lazy = built.loadRules([built.DEFAULT_RULES_DIR]);
  const eager = loadRules([DEFAULT_RULES_DIR]);
  t.equal(lazy.length, eager.length);
  const made = (rule: (typeof lazy)[number]) => (rule.linear as unknown as { linearRegex?: RegExp; backtrackingRegex?: RegExp });
  t.equal(lazy.filter((r) => made(r).linearRegex !== undefined || made(r).backtrackingRegex !== undefined).length, 0, 'no rule regex compiled at load');
  const { join } = await import('node:path');
  const { FIXTURES } = await import('../helpers/run-cli.js');
  const lines = readFileSync(join(FIXTURES, 'seed-incident', 'gunicorn-numpy.log'), 'utf8').split('\n');
  let differ = 0;
  for (let i = 0; i < lazy.length; i++) for (const line of lines) if (lazy[i].matches(line) !== eager[i].matches(line)) differ++;
  t.equal(differ, 0, `${lazy.length} rules x ${lines.length} lines: the same answers`);
  t.equal(lazy[0].regex.source, eager[0].regex.source);
});

t.test('short lines run on the backtracking engine, long ones on the linear engine, with one answer', async (t) => {
  const { BACKTRACKING_MAX_CHARS } = await import('../../src/classify/linear-regex.js');
  const r = compileLinear('Probe failed.*probeType="?(Liveness|Readiness)');
  t.notOk(r.backtracking.flags.includes('l'));
  t.ok(r.regex.flags.includes('l'));
  const hit = 'Probe failed probeType="Liveness"';
  for (const pad of [0, BACKTRACKING_MAX_CHARS]) {
    const line = 'x'.repeat(pad) + hit;
    t.equal(r.test(line), true, `${line.length} chars: matches`);
    t.equal(r.test(line.slice(0, -12)), false, `${line.length - 12} chars: no match`);
  }
  // A quadratic pattern on a line at the limit: the linear engine (seconds on the backtracking one).
  t.equal(r.test('Probe failed '.repeat(20_000)), false);
});
