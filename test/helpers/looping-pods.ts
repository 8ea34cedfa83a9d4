import type { PodIdentity, RawEntry } from '../../src/model/record.js';

/** A gunicorn header time `s` seconds after 2023-03-15 09:42:00 +0900. */
export const stamp = (s: number) => `[2023-03-15 09:${String(42 + Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')} +0900]`;

/**
 * 12 gunicorn pods in namespace `shop`; pods 0-2 in the starved-workers loop (boot, timeout,
 * kill, four times), the rest boot once: enough pods to spread over several workers.
 */
export function loopingPodEntries(): RawEntry[] {
  const out: RawEntry[] = [];
  const pods: PodIdentity[] = Array.from({ length: 12 }, (_, i) => ({ namespace: 'shop', pod: `api-${i}`, container: 'api' }));
  for (let cycle = 0; cycle < 4; cycle++) {
    pods.forEach((pod, i) => {
      const s = cycle * 40 + i;
      const pid = 10 + cycle;
      if (i >= 3 && cycle > 0) return;
      out.push({ line: `${stamp(s)} [${pid}] [INFO] Booting worker with pid: ${pid}`, pod, streamKey: pod.pod });
      if (i >= 3) return;
      out.push({ line: `${stamp(s + 30)} [1] [CRITICAL] WORKER TIMEOUT (pid:${pid})`, pod, streamKey: pod.pod });
      out.push({ line: `${stamp(s + 31)} [1] [WARNING] Worker with pid ${pid} was terminated due to signal 9`, pod, streamKey: pod.pod });
    });
  }
  return out;
}
