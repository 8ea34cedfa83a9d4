import t, { type Test } from 'tap';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cgroupLimits } from '../../src/runtime/cgroup-limits.js';
import { mainHeapFlags, workerHeapLimits } from '../../src/runtime/heap-limits.js';
import { memoryBudget } from '../../src/runtime/memory-budget.js';
import { buildConfig } from '../../src/config/load-config.js';

const MiB = 1024 * 1024;

/** A fake root: /proc/self/cgroup and the cgroup files under it, read as cgroupLimits reads them. */
function fakeRoot(t: Test, files: Record<string, string>): (path: string) => string | undefined {
  const root = t.testdir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return (path) => {
    try {
      return readFileSync(join(root, path), 'utf8');
    } catch {
      return undefined;
    }
  };
}

const defaults = buildConfig({}).memory.budgetBytes;

t.test('the default budget is the DaemonSet limit, 512 MiB', async (t) => {
  t.equal(defaults, 512 * MiB);
});

t.test('cgroup v2 with a memory limit: the limit is the budget, whatever the config says', async (t) => {
  const read = fakeRoot(t, {
    'proc/self/cgroup': '0::/kubepods/pod1/c1\n',
    'sys/fs/cgroup/kubepods/pod1/c1/memory.max': `${300 * MiB}\n`,
    'sys/fs/cgroup/kubepods/pod1/c1/cpu.max': 'max 100000\n',
  });
  const budget = memoryBudget(defaults, cgroupLimits(read));
  t.same(budget, { bytes: 300 * MiB, source: 'cgroup' });
  t.same(mainHeapFlags(budget.bytes), ['--max-old-space-size=94', '--max-semi-space-size=4']);
  t.equal(workerHeapLimits(1, budget.bytes).maxOldGenerationSizeMb, 64, 'a fifth of 300 MiB is below the floor');
});

t.test('cgroup v2 without a limit ("max"): the configured budget', async (t) => {
  const read = fakeRoot(t, {
    'proc/self/cgroup': '0::/user.slice\n',
    'sys/fs/cgroup/user.slice/memory.max': 'max\n',
    'sys/fs/cgroup/memory.max': 'max\n',
  });
  t.same(memoryBudget(defaults, cgroupLimits(read)), { bytes: 512 * MiB, source: 'config' });
  t.same(memoryBudget(2048 * MiB, cgroupLimits(read)), { bytes: 2048 * MiB, source: 'config' });
  t.same(mainHeapFlags(defaults), ['--max-old-space-size=160', '--max-semi-space-size=4'], 'the DaemonSet\'s own flags');
  t.same(workerHeapLimits(2, defaults), { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 }, 'bounded, where Node alone would give each worker 4 GiB on a 24 GiB host');
});

t.test('cgroup v1: the unlimited marker is no limit; a set limit on an ancestor is', async (t) => {
  const unlimited = fakeRoot(t, {
    'proc/self/cgroup': '4:memory:/process_api/abc\n1:cpu:/\n',
    'sys/fs/cgroup/memory/process_api/abc/memory.limit_in_bytes': '9223372036854771712\n',
    'sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n',
  });
  t.same(memoryBudget(defaults, cgroupLimits(unlimited)), { bytes: 512 * MiB, source: 'config' });
  const limited = fakeRoot(t, {
    'proc/self/cgroup': '4:memory:/docker/abc\n',
    'sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes': '9223372036854771712\n',
    'sys/fs/cgroup/memory/docker/memory.limit_in_bytes': `${1024 * MiB}\n`,
  });
  t.same(memoryBudget(defaults, cgroupLimits(limited)), { bytes: 1024 * MiB, source: 'cgroup' });
  t.same(mainHeapFlags(1024 * MiB), ['--max-old-space-size=320', '--max-semi-space-size=4']);
});

t.test('main heap flags stay within their floor and cap', async (t) => {
  t.same(mainHeapFlags(64 * MiB)[0], '--max-old-space-size=64');
  t.same(mainHeapFlags(64 * 1024 * MiB)[0], '--max-old-space-size=1024');
});
