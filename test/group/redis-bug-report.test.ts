import t from 'tap';
import { collecting, pushAll, shape } from './group-helpers.js';

/** Redis 7.2 crashing on a segfault (src/debug.c sigsegvHandler, bugReportStart, printCrashReport, bugReportEnd). */
export const REDIS_BUG_REPORT = [
  '',
  '',
  '=== REDIS BUG REPORT START: Cut & paste starting from here ===',
  '1:M 05 Jan 2024 10:05:00.000 # Redis 7.2.4 crashed by signal: 11, si_code: 1',
  '1:M 05 Jan 2024 10:05:00.000 # Accessing address: 0x0',
  '1:M 05 Jan 2024 10:05:00.000 # Crashed running the instruction at: 0x55e0a3b5c8a0',
  '',
  '------ STACK TRACE ------',
  'EIP:',
  '/usr/local/bin/redis-server *:6379(lookupKey+0x40)[0x55e0a3b5c8a0]',
  '',
  'Backtrace:',
  '/lib/x86_64-linux-gnu/libc.so.6(+0x3c050)[0x7f3a1c25a050]',
  '/usr/local/bin/redis-server *:6379(call+0x156)[0x55e0a3b3e6c6]',
  '',
  '------ INFO OUTPUT ------',
  '# Server',
  'redis_version:7.2.4',
  'redis_mode:standalone',
  '# Memory',
  'used_memory:1073741824',
  '',
  '------ CLIENT LIST OUTPUT ------',
  'id=5 addr=10.244.1.7:52814 laddr=10.244.2.3:6379 fd=8 name= age=12 idle=0 flags=N db=0 cmd=get',
  '',
  '=== REDIS BUG REPORT END. Make sure to include from START to END. ===',
  '',
  '       Please report the crash by opening an issue on github:',
  '',
  '           http://github.com/redis/redis/issues',
  '',
  '  If a Redis module was involved, please open in the module\'s repo instead.',
  '',
  '1:C 05 Jan 2024 10:05:01.000 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
];

void t.test("Redis's bug report is one group from START to its trailer", async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'redis', REDIS_BUG_REPORT);
  g.flushAll();
  t.same(shape(out), [
    ['single', 1],
    ['single', 1],
    ['redis-bug-report', REDIS_BUG_REPORT.length - 3],
    ['single', 1],
  ]);
  t.equal(out[2].lines[0], '=== REDIS BUG REPORT START: Cut & paste starting from here ===');
  t.ok(out[2].lines.some((l) => l.includes("module's repo instead")), 'the indented trailer after END belongs to the report');
});

void t.test('a report cut by the group limits carries on as the same kind', async (t) => {
  const { g, out } = collecting({ maxLines: 10 });
  pushAll(g, 'redis', REDIS_BUG_REPORT.slice(2, 30));
  g.flushAll();
  t.same(out.map((o) => o.kind), ['redis-bug-report', 'redis-bug-report', 'redis-bug-report']);
  t.equal(out.reduce((n, o) => n + o.lines.length, 0), 28, 'every line lands in exactly one group');
});

void t.test('other lines that start with = are not a report', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'x', ['==============', '=== tests passed ===', 'plain']);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['single', 1], ['single', 1]]);
});
