import t from 'tap';
import { CAUSE_RULES, HINTED_CAUSES, diagnose, type EvidenceKind, type HintSource, type LoopEvidence } from '../../src/state/loop-cause.js';
import { formatEvidence } from '../../src/state/loop-evidence.js';
import { RulePackSchema } from '../../src/classify/rule-pack-schema.js';

const none: LoopEvidence = { boot: 0, timeout: 0, kill: 0, oom: 0, exit: 0, crash: 0, probe_fail: 0, backoff: 0, restart: 0, traceback: 0, error: 0, saturation: 0 };
const ev = (e: Partial<LoopEvidence>): LoopEvidence => ({ ...none, ...e });

void t.test('causes from evidence, most specific first', async (t) => {
  const cases: [Partial<LoopEvidence>, string][] = [
    [{ boot: 7, timeout: 6, kill: 6, exit: 6 }, 'starved_workers'],
    // php-fpm and puma: the timeout line is followed by an exit or a reboot, not always a "kill".
    [{ boot: 4, timeout: 3, exit: 3 }, 'starved_workers'],
    [{ boot: 4, timeout: 3 }, 'starved_workers'],
    // Apache and php-fpm: no worker timeout, only "every worker busy", then exits or new containers.
    [{ boot: 4, saturation: 4, exit: 4 }, 'starved_workers'],
    [{ restart: 3, saturation: 2 }, 'starved_workers'],
    [{ saturation: 5 }, 'unknown'],
    [{ boot: 4, oom: 3, timeout: 1, kill: 1 }, 'oom'],
    [{ restart: 3, oom: 1 }, 'oom'],
    [{ boot: 4, timeout: 3, kill: 3, traceback: 1 }, 'app_error'],
    [{ boot: 4, crash: 3 }, 'app_error'],
    [{ restart: 3, traceback: 3 }, 'app_error'],
    [{ restart: 3, error: 2 }, 'app_error'],
    [{ backoff: 5 }, 'crash_loop'],
    [{ restart: 3 }, 'crash_loop'],
    [{ restart: 3, boot: 4 }, 'crash_loop'],
    [{ boot: 3, probe_fail: 9, exit: 3 }, 'probe'],
    [{ restart: 3, probe_fail: 6, kill: 3 }, 'probe'],
    [{ restart: 3, probe_fail: 6, backoff: 2 }, 'probe'],
    // A process that exits and is started again with nothing said about why (supervisord, pm2).
    [{ boot: 3, exit: 3 }, 'crash_loop'],
    // Kills without a timeout: usually the OOM killer, which has its own hint.
    [{ boot: 3, kill: 3 }, 'unknown'],
    [{ boot: 3, kill: 3, exit: 3 }, 'unknown'],
    // An error before a restart says nothing without a restart (it is only counted at one).
    [{ traceback: 2 }, 'unknown'],
  ];
  for (const [e, cause] of cases) t.equal(diagnose(ev(e)).cause, cause, JSON.stringify(e));
});

void t.test('generic hints name what to check', async (t) => {
  t.match(diagnose(ev({ boot: 3, timeout: 3, kill: 3 })).hint, /CPU and memory limits.*--timeout/);
  t.match(diagnose(ev({ oom: 1, boot: 1 })).hint, /memory limit/);
  t.match(diagnose(ev({ traceback: 1, boot: 1 })).hint, /first traceback/);
  t.match(diagnose(ev({ restart: 3 })).hint, /look at the container's last state: kubectl describe pod/);
  t.match(diagnose(ev({ backoff: 1 })).hint, /kubectl describe pod/);
  t.match(diagnose(ev({ probe_fail: 2, restart: 2 })).hint, /probe.*timeoutSeconds/);
  for (const rule of CAUSE_RULES) t.ok(rule.hint.length > 20, `${rule.cause} has a hint`);
  t.equal(diagnose(ev({ restart: 3 })).pack, undefined, 'a generic hint names no pack');
});

void t.test('every cause a pack may hint is one the table can give, and the schema accepts exactly those', async (t) => {
  const causes = new Set(CAUSE_RULES.map((r) => r.cause));
  for (const c of HINTED_CAUSES) t.ok(causes.has(c), c);
  const hints = RulePackSchema.properties.hints as unknown as { anyOf?: { properties: object }[]; properties?: object };
  const props = hints.properties ?? hints.anyOf?.find((x) => x.properties)?.properties ?? {};
  t.same(Object.keys(props).sort(), [...HINTED_CAUSES].sort());
});

/** Packs by evidence kind, and their hints. */
function source(packs: Partial<Record<EvidenceKind, string>>, hints: Record<string, Record<string, string>>): HintSource {
  return { packOf: (k) => packs[k], hintFor: (pack, cause) => hints[pack]?.[cause] };
}

void t.test("the hint of the pack whose rules evidenced the cause, then the workload's own pack, then the generic one", async (t) => {
  const hints = {
    puma: { starved_workers: 'raise puma worker_timeout', crash_loop: 'puma crash loop' },
    kubernetes: { probe: 'probe hint from the kubernetes pack' },
    node: { oom: 'node: --max-old-space-size against the limit' },
    bare: {},
  };
  const starved = diagnose(ev({ boot: 3, timeout: 3, kill: 3 }), source({ timeout: 'puma', kill: 'puma', boot: 'puma' }, hints));
  t.same(starved, { cause: 'starved_workers', hint: 'raise puma worker_timeout', pack: 'puma' });

  // The OOM line came from the node pack; the kernel-OOM pack of the kill has no hint.
  const oom = diagnose(ev({ oom: 1, kill: 1, restart: 3 }), source({ oom: 'node', kill: 'linux-oom' }, hints));
  t.same(oom, { cause: 'oom', hint: 'node: --max-old-space-size against the limit', pack: 'node' });

  // Probe failures evidenced by the kubernetes pack.
  t.equal(diagnose(ev({ probe_fail: 3, restart: 3, boot: 3 }), source({ probe_fail: 'kubernetes', boot: 'puma' }, hints)).pack, 'kubernetes');

  // Container restarts with nothing else: the workload's own pack (its boot lines) speaks.
  t.same(diagnose(ev({ restart: 3, boot: 4 }), source({ boot: 'puma' }, hints)), { cause: 'crash_loop', hint: 'puma crash loop', pack: 'puma' });

  // A pack with no hint for the cause: the generic one.
  const generic = diagnose(ev({ boot: 3, timeout: 3, kill: 3 }), source({ timeout: 'bare', kill: 'bare', boot: 'bare' }, hints));
  t.equal(generic.pack, undefined);
  t.match(generic.hint, /CPU and memory limits/);

  // A pack is only asked about evidence counted in the window.
  t.equal(diagnose(ev({ restart: 3 }), source({ boot: 'puma' }, hints)).pack, undefined, 'no boot in the window: puma is not asked');
});

void t.test('evidence lists non-zero kinds, failures first, plural-aware', async (t) => {
  t.equal(formatEvidence(ev({ timeout: 6, kill: 6, boot: 7 }), 300_000), '6 worker timeouts, 6 kills, 7 boots in 5m');
  t.equal(formatEvidence(ev({ kill: 1, boot: 1, oom: 2 }), 300_000), '1 kill, 2 OOM kills, 1 boot in 5m');
  t.equal(formatEvidence(ev({ crash: 2, traceback: 1, backoff: 1 }), 90_000), '2 crashes, 1 traceback, 1 back-off in 90s');
  t.equal(formatEvidence(ev({ restart: 3 }), 300_000), '3 container restarts in 5m');
  t.equal(formatEvidence(ev({ restart: 1, error: 1, boot: 2 }), 300_000), '1 error before a restart, 1 container restart, 2 boots in 5m');
  t.equal(formatEvidence(ev({ saturation: 4, exit: 4, boot: 4 }), 300_000), '4 all-workers-busy warnings, 4 exits, 4 boots in 5m');
  t.equal(formatEvidence(none, 60_000), 'no events in 1m');
});
