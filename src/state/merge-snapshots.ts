import { LIFECYCLE_EVENTS } from '../model/record.js';
import type { PodSnapshot } from './pod-state-store.js';
import { podKey } from './pod-key.js';

/**
 * Per-pod snapshots of several pipeline workers as one list. Each pod lives in one worker, so
 * this is usually a concatenation; should a pod be reported by two (a line routed by a malformed
 * kubernetes map, see PodRouter), its totals and window counts are added and its loop is the
 * active one, so a scrape never shows the same series twice.
 */
export function mergeSnapshots(parts: PodSnapshot[][]): PodSnapshot[] {
  if (parts.length === 1) return parts[0];
  const byKey = new Map<string, PodSnapshot>();
  for (const part of parts) {
    for (const s of part) {
      const key = podKey(s.pod);
      const have = byKey.get(key);
      if (have === undefined) {
        byKey.set(key, s);
        continue;
      }
      for (const e of LIFECYCLE_EVENTS) have.totals[e] += s.totals[e];
      have.windows.forEach((w, i) => {
        for (const e of LIFECYCLE_EVENTS) w.counts[e] += s.windows[i]?.counts[e] ?? 0;
      });
      if (!have.loop.active && s.loop.active) have.loop = s.loop;
      if (s.lastSeenMs > have.lastSeenMs) have.lastSeenMs = s.lastSeenMs;
    }
  }
  return [...byKey.values()];
}
