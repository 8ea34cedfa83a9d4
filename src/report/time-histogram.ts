/**
 * Bucket widths, each a multiple of the one before, so a coarser bucket always holds whole finer
 * ones. 1 ms keeps distinct event times apart; the rest read well as labels.
 */
const WIDTHS_MS = [1, 1000, 5000, 15_000, 60_000, 300_000, 900_000, 3_600_000, 10_800_000, 43_200_000, 86_400_000, 604_800_000, 2_419_200_000];

/** One bucket: its start (ms) and how many events fell in it. */
export interface TimeBucket {
  startMs: number;
  count: number;
}

/**
 * Event times with bounded memory: exact (to the millisecond) while there are few distinct times,
 * coarser buckets once there are more than `maxBuckets`, so a lane of a million events costs the
 * same as one of a hundred and every event is still counted.
 */
export class TimeHistogram {
  private buckets = new Map<number, number>();
  private level = 0;
  total = 0;

  constructor(private readonly maxBuckets = 120) {}

  /** Width of one bucket now, ms. */
  get widthMs(): number {
    return widthAt(this.level);
  }

  add(timeMs: number, n = 1): void {
    this.total += n;
    const key = Math.floor(timeMs / this.widthMs);
    this.buckets.set(key, (this.buckets.get(key) ?? 0) + n);
    while (this.buckets.size > this.maxBuckets) this.coarsen();
  }

  /** Buckets in time order. */
  entries(): TimeBucket[] {
    const w = this.widthMs;
    return [...this.buckets].sort((a, b) => a[0] - b[0]).map(([k, count]) => ({ startMs: k * w, count }));
  }

  private coarsen(): void {
    const from = this.widthMs;
    this.level++;
    const to = this.widthMs;
    const next = new Map<number, number>();
    for (const [k, count] of this.buckets) {
      const key = Math.floor((k * from) / to);
      next.set(key, (next.get(key) ?? 0) + count);
    }
    this.buckets = next;
  }
}

function widthAt(level: number): number {
  if (level < WIDTHS_MS.length) return WIDTHS_MS[level];
  return WIDTHS_MS[WIDTHS_MS.length - 1] * 2 ** (level - WIDTHS_MS.length + 1);
}
