import t from 'tap';
import { CAUSE_RULES, diagnose, type LoopEvidence } from '../../src/state/loop-cause.js';
import { formatEvidence } from '../../src/state/loop-evidence.js';

const none: LoopEvidence = { boot: 0, timeout: 0, kill: 0, oom: 0, exit: 0, crash: 0, probe_fail: 0, backoff: 0, traceback: 0 };
const ev = (e: Partial<LoopEvidence>): LoopEvidence => ({ ...none, ...e });

void t.test('causes from evidence, most specific first', async (t) => {
  const cases: [Partial<LoopEvidence>, string][] = [
    [{ boot: 7, timeout: 6, kill: 6, exit: 6 }, 'starved_workers'],
    [{ boot: 4, oom: 3, timeout: 1, kill: 1 }, 'oom'],
    [{ boot: 4, timeout: 3, kill: 3, traceback: 1 }, 'app_error'],
    [{ boot: 4, crash: 3 }, 'app_error'],
    [{ backoff: 5 }, 'crash_loop'],
    [{ boot: 3, probe_fail: 9, exit: 3 }, 'crash_loop'],
    [{ boot: 3, exit: 3 }, 'unknown'],
    [{ boot: 3, kill: 3 }, 'unknown'],
  ];
  for (const [e, cause] of cases) t.equal(diagnose(ev(e)).cause, cause, JSON.stringify(e));
});

void t.test('hints name what to check', async (t) => {
  t.match(diagnose(ev({ boot: 3, timeout: 3, kill: 3 })).hint, /CPU and memory limits.*--timeout/);
  t.match(diagnose(ev({ oom: 1, boot: 1 })).hint, /memory limit/);
  t.match(diagnose(ev({ traceback: 1, boot: 1 })).hint, /first traceback/);
  t.match(diagnose(ev({ backoff: 1 })).hint, /backing off|probes/);
  for (const rule of CAUSE_RULES) t.ok(rule.hint.length > 20, `${rule.cause} has a hint`);
});

void t.test('evidence lists non-zero kinds, failures first, plural-aware', async (t) => {
  t.equal(formatEvidence(ev({ timeout: 6, kill: 6, boot: 7 }), 300_000), '6 worker timeouts, 6 kills, 7 boots in 5m');
  t.equal(formatEvidence(ev({ kill: 1, boot: 1, oom: 2 }), 300_000), '1 kill, 2 OOM kills, 1 boot in 5m');
  t.equal(formatEvidence(ev({ crash: 2, traceback: 1, backoff: 1 }), 90_000), '2 crashes, 1 traceback, 1 back-off in 90s');
  t.equal(formatEvidence(none, 60_000), 'no events in 1m');
});
