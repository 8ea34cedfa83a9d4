/**
 * OpenTelemetry SeverityNumber ranges (logs data model): each level name covers four numbers;
 * the first of each range is the canonical value.
 */
export const Severity = {
  UNSPECIFIED: 0,
  TRACE: 1,
  DEBUG: 5,
  INFO: 9,
  WARN: 13,
  ERROR: 17,
  FATAL: 21,
} as const;

const TEXT_BY_RANGE = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/** SeverityText for a SeverityNumber: the range's short name, with its offset (e.g. ERROR2). */
export function severityText(n: number): string {
  if (n <= 0 || n > 24) return 'UNSPECIFIED';
  const base = TEXT_BY_RANGE[((n - 1) / 4) | 0];
  const offset = (n - 1) % 4;
  return offset === 0 ? base : base + (offset + 1);
}
