// Bug (issue 8.3): `logsift tag` into a pipe that filled exited 0 with records never written:
// Node keeps no reference on stdout's pipe handle, so when input paused for the drain nothing
// held the process open. Now every write is waited for, and an output that fails ends non-zero.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { MAIN } from '../helpers/run-cli.js';

const skip = existsSync(MAIN) ? false : 'dist/cli/main.js is not built (npm test builds it)';
const LINES = 100_000;
/** Without the test runner's NODE_OPTIONS: its loaders keep handles that would hide the bug. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NODE_OPTIONS$|TAP|_TAPJS)/.test(k)));

function input(): string {
  let s = '';
  for (let i = 0; i < LINES; i++) s += `2023-03-15 09:42:07 request ${i} served in ${i % 97} ms by worker ${i % 7}\n`;
  return s;
}

/** `logsift tag - < file`, as the reproduction ran it: stdin is a file, stdout a pipe. */
function tag() {
  const file = join(mkdtempSync(join(tmpdir(), 'logsift-drain-')), 'input.log');
  writeFileSync(file, input());
  const fd = openSync(file, 'r');
  const child = spawn(process.execPath, [MAIN, 'tag', '-', '--pod', 'p'], { stdio: [fd, 'pipe', 'pipe'], env: ENV });
  closeSync(fd);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  void exit.then(() => clearTimeout(guard));
  return { child, exit, stderr: () => stderr };
}

t.test('tag into a pipe read slowly writes every line', { skip }, async (t) => {
  // The reproduction, in a shell so stdout is a kernel pipe: the reader takes nothing
  // for two seconds, so the pipe fills and logsift must wait for it to drain.
  const file = join(mkdtempSync(join(tmpdir(), 'logsift-drain-')), 'input.log');
  writeFileSync(file, input());
  const script = `"$0" "$1" tag - --pod p < "$2" | (sleep 2; wc -l); echo "exit=\${PIPESTATUS[0]}"`;
  // The old failure depended on timing (whether a read was still pending when output blocked),
  // so a few runs are made; each must deliver everything.
  for (let run = 1; run <= 3; run++) {
    const child = spawn('bash', ['-c', script, process.execPath, MAIN, file], { stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
    let out = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    await new Promise<void>((resolve) => child.on('close', () => resolve()));
    clearTimeout(guard);
    const [count, exit] = out.trim().split('\n');
    t.equal(exit, 'exit=0', `run ${run}: ${stderr}`);
    t.equal(Number(count), LINES, `run ${run}: one record per input line, none lost`);
  }
});

t.test('a reader that stops early (head) is a quiet, normal exit', { skip }, async (t) => {
  const run = tag();
  await new Promise<void>((resolve) => run.child.stdout!.once('data', () => resolve()));
  run.child.stdout!.destroy();
  t.equal(await run.exit, 0);
  t.equal(run.stderr(), '', 'nothing on stderr');
});

t.test('an output that fails (a full disk) exits non-zero with one line', { skip: skip || (!existsSync('/dev/full') && 'no /dev/full') }, async (t) => {
  const fd = openSync('/dev/full', 'w');
  t.teardown(() => closeSync(fd));
  const child = spawn(process.execPath, [MAIN, 'tag', '-', '--pod', 'p'], { stdio: ['pipe', fd, 'pipe'], env: ENV });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(input());
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  t.equal(code, 1);
  t.match(stderr, /^logsift: cannot write output: ENOSPC\n$/);
});
