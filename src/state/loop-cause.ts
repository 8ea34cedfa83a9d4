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
  traceback: number;
}

export type LoopCause = 'oom' | 'app_error' | 'starved_workers' | 'crash_loop' | 'unknown';

export interface CauseRule {
  cause: LoopCause;
  hint: string;
  when: (e: LoopEvidence) => boolean;
}

/**
 * First match wins, most specific evidence first: an OOM kill names its cause outright; a
 * traceback means the code itself failed, whatever killed the worker afterwards; timeouts then
 * SIGKILL with no traceback is the starved-pod pattern; the kubelet's back-off and probe failures
 * only say that the container keeps failing.
 */
export const CAUSE_RULES: readonly CauseRule[] = [
  {
    cause: 'oom',
    hint: 'containers are OOM-killed: raise the memory limit or reduce memory use',
    when: (e) => e.oom > 0,
  },
  {
    cause: 'app_error',
    hint: 'workers fail to boot with a traceback: an application error — read the first traceback',
    when: (e) => (e.crash > 0 || e.traceback > 0) && e.boot > 0,
  },
  {
    cause: 'starved_workers',
    hint:
      'workers time out and are SIGKILLed before they finish booting: the pod is likely starved — ' +
      'check its CPU and memory limits (and the worker --timeout)',
    when: (e) => e.timeout > 0 && e.kill > 0,
  },
  {
    cause: 'crash_loop',
    hint: 'the kubelet is backing off restarts or probes keep failing: check the probes and the container exit reason (kubectl describe pod)',
    when: (e) => e.backoff > 0 || e.probe_fail > 0,
  },
  {
    cause: 'unknown',
    hint: 'workers are SIGKILLed without a timeout: often the kernel OOM killer — check the memory limit and dmesg',
    when: (e) => e.kill > 0 && e.timeout === 0,
  },
];

const FALLBACK = {
  cause: 'unknown' as LoopCause,
  hint: 'restarts without a recognised cause: read the lines around the first failure',
};

export function diagnose(e: LoopEvidence): { cause: LoopCause; hint: string } {
  for (const rule of CAUSE_RULES) if (rule.when(e)) return { cause: rule.cause, hint: rule.hint };
  return FALLBACK;
}
