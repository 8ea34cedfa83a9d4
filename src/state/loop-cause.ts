/** What was counted in the loop window; the cause rules read it. */
export interface LoopEvidence {
  boot: number;
  timeout: number;
  kill: number;
  oom: number;
  exit: number;
  crash: number;
  probe_fail: number;
  backoff: number;
  /** New container instances. */
  restart: number;
  traceback: number;
  /** Container restarts whose last signal records before the restart include an error. */
  error: number;
  /** Lines saying every worker is busy (a rule with `evidence: starved_workers`). */
  saturation: number;
}

export type EvidenceKind = keyof LoopEvidence;

export type LoopCause = 'oom' | 'app_error' | 'starved_workers' | 'probe' | 'crash_loop' | 'unknown';

/** The causes a rule pack may give its own hint for (`hints` in rule-pack-schema.ts). */
export const HINTED_CAUSES = ['starved_workers', 'oom', 'app_error', 'probe', 'crash_loop'] as const;

export interface CauseRule {
  cause: LoopCause;
  /** Today's generic hint: used when no pack that evidenced the loop has one for this cause. */
  hint: string;
  when: (e: LoopEvidence) => boolean;
  /** Evidence kinds whose rule pack speaks for this cause, strongest first. */
  evidencedBy: readonly EvidenceKind[];
}

/**
 * First match wins, most specific evidence first: an OOM kill names its cause outright; a
 * traceback or an error just before the container stopped means the code itself failed, whatever
 * killed it afterwards; timeouts (or every worker busy) with workers killed or rebooted is the
 * starved-pod pattern;
 * probe failures mean the kubelet is the one restarting it; back-offs and new container instances
 * with nothing else only say that the container keeps failing.
 */
export const CAUSE_RULES: readonly CauseRule[] = [
  {
    cause: 'oom',
    hint: 'containers are OOM-killed: raise the memory limit or reduce memory use',
    when: (e) => e.oom > 0,
    evidencedBy: ['oom'],
  },
  {
    cause: 'app_error',
    hint: 'the application fails with a traceback or a fatal error before each restart: an application error — read the first traceback',
    when: (e) => (e.crash > 0 || e.traceback > 0 || e.error > 0) && (e.boot > 0 || e.restart > 0),
    evidencedBy: ['crash', 'error', 'traceback'],
  },
  {
    cause: 'starved_workers',
    hint:
      'workers time out and are SIGKILLed before they finish booting: the pod is likely starved — ' +
      'check its CPU and memory limits (and the worker --timeout)',
    // Apache and php-fpm log no worker timeout, only that every worker is busy, then the kubelet
    // restarts them (an exit or a new container).
    when: (e) => (e.timeout > 0 || e.saturation > 0) && (e.kill > 0 || e.exit > 0 || e.boot > 0 || e.restart > 0),
    evidencedBy: ['timeout', 'saturation', 'kill'],
  },
  {
    cause: 'probe',
    hint:
      'the kubelet restarts the container because a liveness or startup probe fails: check the probe ' +
      '(path, timeoutSeconds, failureThreshold) against how long the app takes to start and to answer (kubectl describe pod)',
    when: (e) => e.probe_fail > 0,
    evidencedBy: ['probe_fail'],
  },
  {
    cause: 'crash_loop',
    hint:
      "the container keeps restarting and its log does not say why: look at the container's last state: " +
      'kubectl describe pod (Last State: Reason and Exit Code)',
    // A process that exits and is started again (supervisord, pm2, a master respawning it) with
    // nothing logged about why is the same story one level down. Kills without a timeout stay
    // apart: they are usually the OOM killer.
    when: (e) => e.backoff > 0 || e.restart > 0 || (e.exit > 0 && e.kill === 0),
    evidencedBy: ['backoff'],
  },
  {
    cause: 'unknown',
    hint: 'workers are SIGKILLed without a timeout: often the kernel OOM killer — check the memory limit and dmesg',
    when: (e) => e.kill > 0 && e.timeout === 0,
    evidencedBy: [],
  },
];

/** Lines that name the workload's own server: their pack's hint is the next best after the evidence's. */
const WORKLOAD_KINDS: readonly EvidenceKind[] = ['boot', 'exit'];

const FALLBACK = {
  cause: 'unknown' as LoopCause,
  hint: 'restarts without a recognised cause: read the lines around the first failure',
};

export interface Diagnosis {
  cause: LoopCause;
  hint: string;
  /** The rule pack whose hint was used; absent for the generic hint. */
  pack?: string;
}

/** Which pack's rules evidenced each kind of evidence (the pod's newest), and a pack's hint for a cause. */
export interface HintSource {
  packOf(kind: EvidenceKind): string | undefined;
  hintFor(pack: string, cause: LoopCause): string | undefined;
}

/**
 * The cause from the evidence, and its hint: the hint of the pack whose rules evidenced the
 * cause (then the pack of the workload's own boot/exit lines), in that server's own terms;
 * otherwise the generic hint.
 */
export function diagnose(e: LoopEvidence, source?: HintSource): Diagnosis {
  for (const rule of CAUSE_RULES) {
    if (!rule.when(e)) continue;
    if (source !== undefined) {
      for (const kind of [...rule.evidencedBy, ...WORKLOAD_KINDS]) {
        if (e[kind] === 0) continue;
        const pack = source.packOf(kind);
        const hint = pack === undefined ? undefined : source.hintFor(pack, rule.cause);
        if (pack !== undefined && hint !== undefined) return { cause: rule.cause, hint, pack };
      }
    }
    return { cause: rule.cause, hint: rule.hint };
  }
  return FALLBACK;
}
