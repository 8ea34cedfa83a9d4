/** Tick steps for a time axis, ms: every step reads as a round clock time. */
const STEPS_MS = [
  1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000, 2_592_000_000, 31_536_000_000,
];

export interface Tick {
  ms: number;
  label: string;
}

/** At most `maxTicks` round times inside [fromMs, toMs], labelled in UTC as precisely as the step needs. */
export function timeTicks(fromMs: number, toMs: number, maxTicks = 8): Tick[] {
  const span = Math.max(toMs - fromMs, 1);
  const step = STEPS_MS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks);
  const ticks: Tick[] = [];
  const multiDay = span >= 86_400_000 * 2 || new Date(fromMs).getUTCDate() !== new Date(toMs).getUTCDate();
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs && ticks.length <= maxTicks; t += step) {
    ticks.push({ ms: t, label: clock(t, step, multiDay) });
  }
  return ticks;
}

function clock(ms: number, stepMs: number, withDate: boolean): string {
  const iso = new Date(ms).toISOString();
  if (stepMs >= 86_400_000) return iso.slice(0, 10);
  const time = stepMs < 60_000 ? iso.slice(11, 19) : iso.slice(11, 16);
  return withDate ? `${iso.slice(5, 10)} ${time}` : time;
}

/** `2023-03-15 00:42:06Z`: ISO without the T and milliseconds, as the text report prints it. */
export function shortTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** `5m 30s`, `2h 5m`, `3d 4h`: a span in its two largest units. */
export function spanText(ms: number): string {
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [u, n] of units) {
    if (rest >= n || (parts.length > 0 && parts.length < 2)) {
      const v = Math.floor(rest / n);
      rest -= v * n;
      if (v > 0) parts.push(`${v}${u}`);
    }
    if (parts.length === 2) break;
  }
  return parts.length ? parts.join(' ') : `${Math.round(ms)}ms`;
}
