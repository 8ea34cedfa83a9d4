import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../helpers/run-cli.js';

const oneLine = (s: string) => s.trim().split('\n').length === 1;

t.test('usage mistakes are one line and exit 2', async (t) => {
  for (const args of [['analyze', '--colour'], ['frobnicate'], ['tag', '--min-relevance', 'loud'], ['analyze', '--top', 'x'], ['serve', 'file.log']]) {
    const r = await runCli(args);
    t.equal(r.code, 2, args.join(' '));
    t.ok(oneLine(r.stderr), r.stderr);
    t.match(r.stderr, /^logsift: /);
    t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

t.test('an unreadable file names the file', async (t) => {
  const r = await runCli(['analyze', '/nonexistent/app.log']);
  t.equal(r.code, 2);
  t.equal(r.stderr, 'logsift: cannot read /nonexistent/app.log: no such file\n');
  const dir = await runCli(['tag', tmpdir()]);
  t.match(dir.stderr, /not a regular file/);
});

t.test('a bad config file is an error naming the key, exit 78', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-cli-'));
  const file = join(dir, 'logsift.yaml');
  writeFileSync(file, 'pipeline:\n  windows: [1m, soon]\n  colour: red\n');
  const r = await runCli(['analyze', '--config', file, '-']);
  t.equal(r.code, 78);
  t.match(r.stderr, /pipeline\.windows\.1: must match pattern/);
  t.match(r.stderr, /pipeline\.colour: unknown key/);
});

t.test('help and version', async (t) => {
  const help = await runCli(['--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /Usage: logsift <command>/);
  const v = await runCli(['--version']);
  t.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
});

t.test('binary garbage and overlong lines do not crash analyze', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-cli-'));
  const file = join(dir, 'garbage.log');
  const junk = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x0a]), Buffer.alloc(2_000_000, 0x41), Buffer.from('\n{"level":50,"msg":"after"}\n{"unterminated\n')]);
  writeFileSync(file, junk);
  const r = await runCli(['analyze', '--json', file]);
  t.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  t.ok(doc.summary.records >= 2);
});
