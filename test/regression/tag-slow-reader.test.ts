// Bug (issue 12, seen in the bench: 15,630 signals instead of 15,634): `logsift tag` into a slow
// reader split multi-line groups. Its 500 ms ticker flushed pending groups by wall time while
// reading was held by the full output pipe, so a traceback whose next line was still unread went
// out cut in two. Grouping must not depend on how fast the output is read.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { MAIN } from '../helpers/run-cli.js';

const skip = existsSync(MAIN) ? false : 'dist/cli/main.js is not built (npm test builds it)';
const TRACEBACKS = 3000;
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NODE_OPTIONS$|TAP|_TAPJS)/.test(k)));

/** Nothing but Python tracebacks: wherever a read or a batch ends, one of them is pending. */
function tracebacks(): string {
  let s = '';
  for (let i = 0; i < TRACEBACKS; i++) {
    s +=
      'Traceback (most recent call last):\n' +
      `  File "/app/api/handlers.py", line ${100 + (i % 50)}, in handle_request\n` +
      `    result = compute(payload["items"][${i}])\n` +
      '  File "/app/api/compute.py", line 42, in compute\n' +
      '    raise ValueError(f"bad item {item!r}")\n' +
      `ValueError: bad item ${i}\n`;
  }
  return s;
}

/** Runs `script` in bash ($0 node, $1 the CLI, $2 the input file) and returns its stdout. */
async function sh(script: string, file: string): Promise<string> {
  const child = spawn('bash', ['-c', script, process.execPath, MAIN, file], { stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  await new Promise<void>((resolve) => child.on('close', () => resolve()));
  clearTimeout(guard);
  if (err !== '') throw new Error(err);
  return out;
}

for (const [name, source] of [['a file', '"$2"'], ['stdin', '- < "$2"']]) {
  t.test(`tag of ${name} into a reader that stalls keeps every traceback whole`, { skip }, async (t) => {
    const file = join(mkdtempSync(join(tmpdir(), 'logsift-slow-reader-')), 'tracebacks.log');
    writeFileSync(file, tracebacks());
    // A reader that takes nothing for 2.5 s, twice (longer than the 1 s flushAfter): the pipe fills
    // while a traceback is pending, and its remaining lines wait unread in the input. `head -c`
    // reads no more than it passes on, so `cat` gets the rest: the reader sees the whole output.
    const out = await sh(`"$0" "$1" tag ${source} --pod api-0 --namespace dev | (sleep 2.5; head -c 200000; sleep 2.5; cat)`, file);
    const records = out.trim().split('\n').map((l) => JSON.parse(l) as { body: string });
    t.equal(records.length, TRACEBACKS, 'one record per traceback');
    t.equal(records.filter((r) => r.body.split('\n').length === 6).length, TRACEBACKS, 'each holds its six lines');
  });
}

t.test('a pending traceback on live stdin still goes out once the input pauses', { skip }, async (t) => {
  const child = spawn(process.execPath, [MAIN, 'tag', '-', '--pod', 'api-0'], { stdio: ['pipe', 'pipe', 'pipe'], env: ENV });
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  let out = '';
  const first = new Promise<void>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve();
    });
  });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  // One traceback, then nothing: no next line will close it, only the input's idleness.
  child.stdin.write(tracebacks().split('\n').slice(0, 6).join('\n') + '\n');
  await first;
  const record = JSON.parse(out.split('\n')[0]) as { body: string };
  t.equal(record.body.split('\n').length, 6, 'the whole traceback, while stdin is still open');
  child.stdin.end();
  await closed;
  clearTimeout(guard);
});
