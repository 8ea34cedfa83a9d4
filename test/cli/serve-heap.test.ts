/**
 * `logsift serve` sizes its main thread's heap from the memory budget (the cgroup's limit, else
 * memory.budgetBytes): started without heap flags, it runs again with them; flags the operator
 * gives (NODE_OPTIONS, as the DaemonSet) are kept. Signals sent to the pid that was started reach
 * the service; a SIGKILL leaves nothing behind. npm test builds dist first.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { MAIN } from '../helpers/run-cli.js';
import { mainHeapFlags } from '../../src/runtime/heap-limits.js';
import { memoryBudget } from '../../src/runtime/memory-budget.js';
import { capSettings, memorySplit } from '../../src/runtime/memory-split.js';
import { buildConfig } from '../../src/config/load-config.js';

const skip = existsSync(MAIN) ? false : 'dist/cli/main.js is not built (npm test builds it)';
const MiB = 1024 * 1024;

interface Serving {
  pid: number;
  memory: { bytes: number; source: string; mainHeapLimitBytes: number; workers: number; queueBytes: number; receivingBytes: number; inflateBytes: number; worstCaseBytes: number };
}

function start(t: Test, extraConfig: string, nodeArgs: string[] = []) {
  const config = join(t.testdir(), 'logsift.yaml');
  writeFileSync(
    config,
    `input:\n  stdin: { enabled: false }\n  http: { port: 0 }\n  otlp: { http: { enabled: false }, grpc: { enabled: false } }\nexport:\n  prometheus: { enabled: false }\nreload: { watch: false }\npipeline: { workers: 1 }\n${extraConfig}`,
  );
  // Without the test runner's NODE_OPTIONS (loaders), so only what a case sets applies.
  const child = spawn(process.execPath, [...nodeArgs, MAIN, 'serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
  const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  void exit.then(() => clearTimeout(guard));
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  let stderr = '';
  const serving = new Promise<Serving>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      for (const line of stderr.split('\n')) if (line.includes('"logsift serving"')) resolve(JSON.parse(line) as Serving);
    });
    void exit.then(() => reject(new Error(`serve exited:\n${stderr}`)));
  });
  return { child, serving, exit };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Bounded: at most 20 s for a process to go. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

const oldSpaceMb = (flags: string[]) => Number(/=(\d+)/.exec(flags[0])?.[1]);

/** The caps left at auto were derived for the one worker configured, and everything at its worst fits. */
function showsSplit(t: Test, memory: Serving['memory'], budget: number): void {
  const { workers, queueBytes, receivingBytes, inflateBytes, total } = memorySplit(budget, 1, capSettings(buildConfig({})));
  t.same(
    { workers: memory.workers, queueBytes: memory.queueBytes, receivingBytes: memory.receivingBytes, inflateBytes: memory.inflateBytes, worstCaseBytes: memory.worstCaseBytes },
    { workers, queueBytes, receivingBytes, inflateBytes, worstCaseBytes: total },
    'the serving line shows the split',
  );
  t.ok(memory.worstCaseBytes <= budget, `worst case ${memory.worstCaseBytes / MiB} MiB of ${budget / MiB}`);
}

t.test('no heap flags: the main heap is sized from the budget, and SIGTERM to the pid started drains and exits 0', { skip }, async (t) => {
  const run = start(t, '');
  const s = await run.serving;
  const budget = memoryBudget(512 * MiB);
  t.same({ bytes: s.memory.bytes, source: s.memory.source }, budget, 'the budget: the cgroup limit, else memory.budgetBytes');
  const old = oldSpaceMb(mainHeapFlags(budget.bytes));
  const limitMb = s.memory.mainHeapLimitBytes / MiB;
  // V8's limit is the old generation plus the young one (3 semi-spaces of 4 MiB); Node's own
  // default here would be gigabytes.
  t.ok(limitMb >= old && limitMb <= old + 16, `main heap limit ${limitMb} MiB for --max-old-space-size=${old}`);
  showsSplit(t, s.memory, budget.bytes);
  run.child.kill('SIGTERM');
  t.equal(await run.exit, 0, 'drained and exited 0');
  t.ok(await gone(s.pid), 'the serving process is gone');
});

t.test('memory.budgetBytes sizes the heap where no cgroup limit does', { skip }, async (t) => {
  const budget = memoryBudget(1024 * MiB);
  const run = start(t, `memory: { budgetBytes: ${1024 * MiB} }\n`);
  const s = await run.serving;
  t.equal(s.memory.bytes, budget.bytes);
  const old = oldSpaceMb(mainHeapFlags(budget.bytes));
  const limitMb = s.memory.mainHeapLimitBytes / MiB;
  t.ok(limitMb >= old && limitMb <= old + 16, `main heap limit ${limitMb} MiB for --max-old-space-size=${old}`);
  showsSplit(t, s.memory, budget.bytes);
  run.child.kill('SIGTERM');
  t.equal(await run.exit, 0);
});

// The runner's process-info hook rewrites a child's NODE_OPTIONS, so the operator's flag is given
// on the command line here; heap-relaunch.test.ts covers NODE_OPTIONS.
t.test('heap flags given to node are the operator\'s: kept, no second process', { skip }, async (t) => {
  const run = start(t, '', ['--max-old-space-size=300']);
  const s = await run.serving;
  t.equal(s.pid, run.child.pid, 'served by the process started');
  const limitMb = s.memory.mainHeapLimitBytes / MiB;
  t.ok(limitMb >= 300 && limitMb < 400, `main heap limit ${limitMb} MiB`);
  run.child.kill('SIGTERM');
  t.equal(await run.exit, 0);
});

t.test('SIGKILL to the pid started leaves no service behind', { skip }, async (t) => {
  const run = start(t, '');
  const s = await run.serving;
  run.child.kill('SIGKILL');
  await run.exit;
  t.ok(await gone(s.pid), `serving pid ${s.pid} is gone (started ${run.child.pid})`);
});
