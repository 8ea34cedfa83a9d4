/**
 * A rule's `level` condition (rule-pack-schema.ts) as bits, one per OpenTelemetry severity range
 * (TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24), so the check per record
 * is a shift and a mask. A rule without `level` has mask 0 and takes every record.
 */
const LEVEL_BITS: Readonly<Record<string, number>> = { TRACE: 1, DEBUG: 2, INFO: 4, WARN: 8, ERROR: 16, FATAL: 32 };

export function levelMaskOf(levels: readonly string[] | undefined): number {
  let mask = 0;
  if (levels !== undefined) for (const l of levels) mask |= LEVEL_BITS[l] ?? 0;
  return mask;
}

/**
 * A cached rule decision's level (TemplateEntry.ruleLevel) when no rule bound to levels took part
 * in it (none was a candidate passed over for its level, none matched): the decision holds at
 * every level, so a record of the shape at another level is not read again.
 */
export const ANY_LEVEL = -1;

/** A severity number's level range: 0 when the record has no level of its own (0 or NaN), 1 TRACE … 6 FATAL. */
export function levelRange(severityNumber: number): number {
  if (!(severityNumber > 0)) return 0;
  return severityNumber >= 21 ? 6 : ((severityNumber - 1) >> 2) + 1;
}

/**
 * Whether a rule with `mask` may decide a record of `severityNumber` (its own level; 0 or NaN:
 * none). A record with no level of its own never meets a rule bound to levels.
 */
export function levelAllows(mask: number, severityNumber: number): boolean {
  if (mask === 0) return true;
  const range = levelRange(severityNumber);
  return range !== 0 && ((mask >> (range - 1)) & 1) !== 0;
}
