import t from 'tap';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../helpers/run-cli.js';

const rule = (id: string, match: string, extra = '') =>
  `  - id: ${id}\n    match: '${match}'\n    relevance: signal\n    score: 50\n${extra}`;
const pack = (name: string, rules: string) => `pack: ${name}\ndescription: ${name} rules\nrules:\n${rules}`;

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'logsift-rules-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(d, name, '..'), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
}

t.test('rules check passes the shipped packs', async (t) => {
  const r = await runCli(['rules', 'check']);
  t.equal(r.code, 0, r.stdout + r.stderr);
  t.match(r.stdout, /^ok: \d+ pack files, \d+ rules, no problems$/m);
  const json = await runCli(['rules', 'check', '--json']);
  t.same(JSON.parse(json.stdout).problems, []);
});

t.test('rules check lists every problem with file, line and rule, and exits 78', async (t) => {
  const d = dir({
    'schema.yaml': pack('schema', rule('schema.loud', 'x', '    event: explode\n') + rule('schema.ok', 'fine')),
    'regex.yaml': pack('regex', rule('regex.unclosed', '(oops') + rule('regex.lookahead', 'foo(?=bar)') + rule('regex.backref', '(a)\\1')),
    'dup-a.yaml': pack('dupa', rule('dup.same', 'aaa')),
    'dup-b.yaml': pack('dupb', rule('dup.same', 'bbb')),
    'overlap.yaml': pack(
      'overlap',
      // A wording no shipped rule has, so only these two rules overlap (not a shipped pack's).
      rule('overlap.any-signal', 'zapped by signal \\d+', '    event: crash\n') + rule('overlap.sigkill', 'zapped by signal 9', '    event: kill\n'),
    ),
    'broken.yaml': 'pack: broken\nrules: [unclosed\n',
  });
  const r = await runCli(['rules', 'check', d]);
  t.equal(r.code, 78, r.stderr);
  const out = r.stdout;
  t.match(out, /schema\.yaml:8: rule "schema\.loud": event must be one of boot, timeout/);
  t.match(out, /regex\.yaml:5: rule "regex\.unclosed": match is not a valid regular expression/);
  t.match(out, /regex\.yaml:9: rule "regex\.lookahead": match lookahead \(\?=\.\.\.\) at column 4 cannot run in linear time/);
  t.match(out, /regex\.yaml:13: rule "regex\.backref": match backreference \\1 at column 4/);
  t.match(out, /dup-b\.yaml:4: rule "dup\.same": rule id "dup\.same" is defined twice/);
  t.match(out, /overlap\.yaml:9: rule "overlap\.sigkill": overlaps rule "overlap\.any-signal" \(.*overlap\.yaml:4\), which is tried first and gives event crash instead of kill/);
  t.match(out, /broken\.yaml:\d+: not valid YAML/);
  t.match(out, /7 problems in 6 pack files, 4 rules/);
  const json = JSON.parse((await runCli(['rules', 'check', '--json', join(d, 'regex.yaml')])).stdout) as { problems: { rule: string; line: number }[] };
  t.same(json.problems.map((p) => [p.rule, p.line]), [['regex.unclosed', 5], ['regex.lookahead', 9], ['regex.backref', 13]]);
});

t.test('a user pack that clashes with a shipped one is caught', async (t) => {
  const d = dir({ 'mine.yaml': pack('mine', rule('mine.timeout', 'WORKER TIMEOUT', '    event: crash\n')) });
  const r = await runCli(['rules', 'check', join(d, 'mine.yaml')]);
  t.equal(r.code, 78);
  t.match(r.stdout, /rule "mine\.timeout": .*"gunicorn\.worker-timeout"|rule "gunicorn\.worker-timeout": overlaps rule "mine\.timeout"/);
});

t.test('logsift refuses a pack the linear engine cannot run at start, and runs (a+)+$ harmlessly', async (t) => {
  const bad = dir({ 'la.yaml': pack('la', rule('la.peek', 'foo(?=bar)')) });
  const cfgBad = join(dir({}), 'logsift.yaml');
  writeFileSync(cfgBad, `pipeline:\n  classify:\n    extraRulesDirs: [${JSON.stringify(bad)}]\n`);
  const refused = await runCli(['tag', '-c', cfgBad, '-'], { input: 'x\n' });
  t.equal(refused.code, 78);
  t.match(refused.stderr, /la\.yaml:5: rule "la\.peek": match lookahead/);

  const evil = dir({ 'evil.yaml': pack('evil', rule('evil.nested', '(a+)+$')) });
  const cfg = join(dir({}), 'logsift.yaml');
  writeFileSync(cfg, `pipeline:\n  classify:\n    extraRulesDirs: [${JSON.stringify(evil)}]\n`);
  const line = 'a'.repeat(50) + '!';
  const r = await runCli(['tag', '-c', cfg, '-'], { input: `${line}\n${'a'.repeat(200_000)}\n` });
  t.equal(r.code, 0, r.stderr);
  const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { attributes: Record<string, unknown> });
  t.equal(records.length, 2);
  t.not(records[0].attributes['logsift.rule'], 'evil.nested', '50 a and a ! do not match (and do not hang)');
  t.equal(records[1].attributes['logsift.rule'], 'evil.nested');
});

const testFile = (body: string) => `pack: mine\nrule_files: [mine.yaml]\n${body}`;

t.test('rules test: passing, failing and invalid files', async (t) => {
  const d = dir({
    'mine.yaml': pack('mine', rule('mine.pool', 'connection pool exhausted', '    event: crash\n    severity: ERROR\n') + rule('mine.unused', 'never seen here')),
    'pass.yaml': 'pack: mine\nrule_files: [mine.yaml]\ncases:\n  - line: "connection pool exhausted"\n    expect: { rule: mine.pool }\n  - line: "never seen here"\n    expect: { rule: mine.unused }\n',
    'fail.yaml': testFile(
      'cases:\n' +
        '  - name: pool\n    line: "2024-05-01 10:00:00,123 ERROR db: connection pool exhausted"\n    expect: { relevance: signal, event: timeout, severity: ERROR, rule: mine.pool }\n' +
        '  - name: two records\n    lines: "connection pool exhausted\\nconnection pool exhausted\\n"\n    expect: { rule: mine.pool }\n',
    ),
    'invalid.yaml': testFile('cases:\n  - line: x\n    expected: { rule: mine.pool }\n  - line: y\n    expect: { event: explode }\n'),
    'nopack.yaml': 'pack: nosuch\ncases: []\n',
  });
  const pass = await runCli(['rules', 'test', join(d, 'pass.yaml')]);
  t.equal(pass.code, 0, pass.stdout);
  t.match(pass.stdout, /PASS .*pass\.yaml {2}pack mine: 2 cases, 0 sequences/);

  const fail = await runCli(['rules', 'test', join(d, 'fail.yaml')]);
  t.equal(fail.code, 1, fail.stdout);
  t.match(fail.stdout, /fail\.yaml:4 {2}pool\n {4}line: +2024-05-01 10:00:00,123 ERROR db: connection pool exhausted\n {4}event: +expected timeout, got crash\n/);
  t.match(fail.stdout, /decided: +signal crash ERROR, rule mine\.pool/);
  t.match(fail.stdout, /two records\n[^]*records: +expected 1, got 2/);
  t.match(fail.stdout, /rule mine\.unused\n {4}self-check: +expected rule "mine\.unused" \(.*mine\.yaml:10\) decides at least one case, got it decides none/);

  const invalid = await runCli(['rules', 'test', join(d, 'invalid.yaml'), join(d, 'nopack.yaml')]);
  t.equal(invalid.code, 78, invalid.stdout);
  t.match(invalid.stdout, /invalid\.yaml:4: cases\.0 must NOT have additional properties: expected/);
  t.match(invalid.stdout, /invalid\.yaml:7: cases\.1\.expect\.event "explode" is not one of the allowed values/);
  t.match(invalid.stdout, /nopack\.yaml:1: pack "nosuch" is not loaded/);

  const json = JSON.parse((await runCli(['rules', 'test', '--json', join(d, 'fail.yaml')])).stdout) as { ok: boolean; failed: number; files: { failures: { mismatches: { key: string }[] }[] }[] };
  t.equal(json.ok, false);
  t.equal(json.failed, 1);
  t.same(json.files[0].failures[0].mismatches.map((m) => m.key), ['event']);
});

t.test('rules test: two packs that claim the same line with different events fail, naming both rules', async (t) => {
  const d = dir({
    'a.yaml': pack('alpha', rule('alpha.down', 'upstream went away', '    event: crash\n')),
    'b.yaml': pack('beta', rule('beta.down', 'went away', '    event: exit\n')),
    'alpha-test.yaml': 'pack: alpha\nrule_files: [a.yaml, b.yaml]\ncases:\n  - line: "the upstream went away"\n    expect: { rule: alpha.down }\n',
  });
  const r = await runCli(['rules', 'test', join(d, 'alpha-test.yaml')]);
  t.equal(r.code, 1, r.stdout);
  t.match(r.stdout, /packs agree: +expected one event for this line whichever pack of the same priority decides it, got rule "alpha\.down" \(pack alpha\) gives crash, rule "beta\.down" \(pack beta\) gives exit/);
});

t.test('rules test and check: a lower-priority pack that gives another event is a note, not a failure', async (t) => {
  const d = dir({
    'a.yaml': pack('alpha', rule('alpha.down', 'upstream went away', '    event: crash\n')),
    'b.yaml': pack('beta', rule('beta.down', 'went away', '    event: exit\n')).replace('rules:', 'priority: -5\nrules:'),
    'alpha-test.yaml': 'pack: alpha\nrule_files: [a.yaml, b.yaml]\ncases:\n  - line: "the upstream went away"\n    expect: { rule: alpha.down }\n',
  });
  const r = await runCli(['rules', 'test', join(d, 'alpha-test.yaml')]);
  t.equal(r.code, 0, r.stdout);
  t.match(r.stdout, /PASS .*alpha-test\.yaml {2}pack alpha: 1 case, 0 sequences\n {2}note: .*alpha-test\.yaml:4: rule "alpha\.down" \(pack alpha\) gives crash, rule "beta\.down" \(pack beta\) gives exit \(priority 0 decides before -5\)/);

  // rules check: beta's own example line is taken first by alpha (higher priority).
  const c = dir({
    'a.yaml': pack('alpha', rule('alpha.down', 'went away', '    event: crash\n')),
    'b.yaml': pack('beta', rule('beta.down', 'went away', '    event: exit\n')).replace('rules:', 'priority: -5\nrules:'),
  });
  const check = await runCli(['rules', 'check', c]);
  t.equal(check.code, 0, check.stdout);
  t.match(check.stdout, /note: .*b\.yaml:\d+: rule "beta\.down": overlaps rule "alpha\.down" \(.*a\.yaml:\d+, pack priority 0 > -5\)/);
  t.match(check.stdout, /ok: 2 pack files, 2 rules, no problems\n1 note: overlaps with packs of higher priority/);
  const json = JSON.parse((await runCli(['rules', 'check', '--json', c])).stdout) as { ok: boolean; notes: { rule: string }[] };
  t.equal(json.ok, true);
  t.same(json.notes.map((n) => n.rule), ['beta.down']);
});
