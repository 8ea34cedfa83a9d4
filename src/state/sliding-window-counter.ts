/**
 * Sliding-window counts in a fixed ring of time buckets, one count per lane per bucket, so a
 * pod costs the same memory whether it logs one event or a million.
 *
 * Exactness: a window of W ending at clock C sums the buckets from the one holding C − W to the
 * one holding C. It therefore counts every event in [C − W, C] exactly, and may also count events
 * up to one bucket width older than C − W (never fewer than the true count, at most one bucket's
 * worth more). With the default windows (1m, 5m, 15m) a bucket is 5 s wide.
 *
 * Each slot remembers which absolute bucket it holds, so stale slots are recognised when read or
 * reused, and nothing has to roll the ring forward as time passes.
 */

export interface BucketLayout {
  readonly widthMs: number;
  readonly buckets: number;
  readonly lanes: number;
}

/** Per-pod memory bound: beyond this many buckets the width grows instead (and precision drops). */
export const MAX_BUCKETS = 2048;

/** Buckets one twelfth of the smallest window wide, enough of them to cover the largest. */
export function bucketLayout(windowsMs: readonly number[], lanes: number): BucketLayout {
  const smallest = Math.min(...windowsMs);
  const largest = Math.max(...windowsMs);
  let widthMs = Math.max(1, Math.floor(smallest / 12));
  if (Math.ceil(largest / widthMs) + 1 > MAX_BUCKETS) widthMs = Math.ceil(largest / (MAX_BUCKETS - 1));
  // +1: a window spans ceil(W / width) + 1 buckets when C − W falls inside a bucket.
  return { widthMs, buckets: Math.ceil(largest / widthMs) + 1, lanes };
}

export class SlidingWindowCounter {
  private readonly counts: Uint32Array;
  /** Absolute bucket number (time / width) held by each slot; -Infinity when empty. */
  private readonly held: Float64Array;

  constructor(readonly layout: BucketLayout) {
    this.counts = new Uint32Array(layout.buckets * layout.lanes);
    this.held = new Float64Array(layout.buckets).fill(-Infinity);
  }

  /** Empties the ring. Counts are zeroed when a slot is next claimed, so only the tags are cleared. */
  reset(): void {
    this.held.fill(-Infinity);
  }

  /**
   * Counts one at `timeMs` on `lane`. `clockMs` (≥ timeMs) is the newest time the ring must
   * still answer for. Returns false when the time is older than the ring covers.
   */
  add(lane: number, timeMs: number, clockMs: number): boolean {
    const { widthMs, buckets, lanes } = this.layout;
    const b = Math.floor(timeMs / widthMs);
    if (b <= Math.floor(clockMs / widthMs) - buckets) return false;
    const slot = slotOf(b, buckets);
    const held = this.held[slot];
    if (held !== b) {
      if (held > b) return false;
      this.counts.fill(0, slot * lanes, slot * lanes + lanes);
      this.held[slot] = b;
    }
    this.counts[slot * lanes + lane]++;
    return true;
  }

  /** Count on one lane in the window ending at clockMs, ignoring buckets that end before notBeforeMs. */
  sum(lane: number, windowMs: number, clockMs: number, notBeforeMs = -Infinity): number {
    const { widthMs, buckets, lanes } = this.layout;
    const hi = Math.floor(clockMs / widthMs);
    const lo = Math.max(Math.floor((clockMs - windowMs) / widthMs), Math.floor(notBeforeMs / widthMs), hi - buckets + 1);
    let n = 0;
    for (let b = lo; b <= hi; b++) {
      const slot = slotOf(b, buckets);
      if (this.held[slot] === b) n += this.counts[slot * lanes + lane];
    }
    return n;
  }

  /** Non-empty slots: [absolute bucket, counts per lane]. */
  slots(): [number, number[]][] {
    const out: [number, number[]][] = [];
    const { buckets, lanes } = this.layout;
    for (let s = 0; s < buckets; s++) {
      const b = this.held[s];
      if (b === -Infinity) continue;
      const counts = Array.from(this.counts.subarray(s * lanes, s * lanes + lanes));
      if (counts.some((n) => n > 0)) out.push([b, counts]);
    }
    return out;
  }

  /** Sets a slot from a checkpoint: counts[i] goes to lane laneMap[i] (-1: no such lane here). */
  loadSlot(bucket: number, counts: readonly number[], laneMap: readonly number[]): void {
    const { buckets, lanes } = this.layout;
    if (!Number.isSafeInteger(bucket)) return;
    const slot = slotOf(bucket, buckets);
    if (this.held[slot] !== bucket) {
      if (this.held[slot] > bucket) return;
      this.counts.fill(0, slot * lanes, slot * lanes + lanes);
      this.held[slot] = bucket;
    }
    for (let i = 0; i < counts.length && i < laneMap.length; i++) {
      const lane = laneMap[i];
      const n = counts[i];
      if (lane >= 0 && Number.isInteger(n) && n > 0) this.counts[slot * lanes + lane] = Math.min(n, 0xffffffff);
    }
  }

  /** Counts of every lane in the window ending at clockMs, written into out (length ≥ lanes). */
  sumAll(windowMs: number, clockMs: number, out: Uint32Array | number[]): void {
    const { widthMs, buckets, lanes } = this.layout;
    for (let l = 0; l < lanes; l++) out[l] = 0;
    const hi = Math.floor(clockMs / widthMs);
    const lo = Math.max(Math.floor((clockMs - windowMs) / widthMs), hi - buckets + 1);
    for (let b = lo; b <= hi; b++) {
      const slot = slotOf(b, buckets);
      if (this.held[slot] !== b) continue;
      const base = slot * lanes;
      for (let l = 0; l < lanes; l++) out[l] += this.counts[base + l];
    }
  }
}

function slotOf(bucket: number, buckets: number): number {
  const s = bucket % buckets;
  return s < 0 ? s + buckets : s;
}
