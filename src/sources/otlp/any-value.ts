import type { AnyValueMsg, Int64Like, KeyValueMsg } from './otlp-logs-schema.js';

/**
 * Readers for OTLP AnyValue / KeyValue that work on both encodings: protobufjs instances (whose
 * prototypes carry defaults, so a oneof member counts only as an own property) and OTLP/JSON
 * objects (int64 as a decimal string or a number, bytes as base64). Nothing here throws:
 * a value of the wrong type reads as absent.
 */

const hasOwn = Object.hasOwn;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The text of a string AnyValue. */
export function stringValue(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = (v as AnyValueMsg).stringValue;
  return typeof s === 'string' && hasOwn(v, 'stringValue') ? s : undefined;
}

/** The entries of a kvlist AnyValue, or undefined when it is not one. */
export function kvlistValues(v: unknown): unknown[] | undefined {
  if (typeof v !== 'object' || v === null || !hasOwn(v, 'kvlistValue')) return undefined;
  const list = (v as AnyValueMsg).kvlistValue;
  if (!isObject(list)) return undefined;
  const values = list.values;
  return values === undefined ? [] : Array.isArray(values) ? values : undefined;
}

/**
 * A 64-bit integer as a JS number (exact up to 2^53, which covers nanosecond times to within a
 * few hundred ns): long.js objects from protobufjs, decimal strings or numbers from OTLP/JSON.
 * NaN when the value is not such an integer.
 */
export function int64Number(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) ? v : NaN;
  if (typeof v === 'string') return /^-?\d{1,20}$/.test(v) ? Number(v) : NaN;
  if (typeof v === 'object' && v !== null && typeof (v as Int64Like).low === 'number') {
    const l = v as Int64Like;
    if (l.unsigned === true || l.high >= 0) return (l.high >>> 0) * 4294967296 + (l.low >>> 0);
    return l.high * 4294967296 + (l.low >>> 0);
  }
  return NaN;
}

/** The scalar of an AnyValue as plain JS (string, number, boolean); undefined for others. */
function scalar(v: AnyValueMsg): string | number | boolean | undefined {
  if (hasOwn(v, 'stringValue')) return typeof v.stringValue === 'string' ? v.stringValue : undefined;
  if (hasOwn(v, 'intValue')) {
    const n = int64Number(v.intValue);
    return n === n ? n : undefined;
  }
  if (hasOwn(v, 'boolValue')) return typeof v.boolValue === 'boolean' ? v.boolValue : undefined;
  if (hasOwn(v, 'doubleValue')) {
    const d = v.doubleValue;
    return typeof d === 'number' ? d : typeof d === 'string' && d !== '' && Number.isFinite(Number(d)) ? Number(d) : undefined;
  }
  return undefined;
}

/**
 * An AnyValue as plain JS (kvlist → object, array → array), at most `depth` containers deep; a
 * deeper part, bytes and malformed values read as undefined. Used for maps such as Fluent Bit's
 * `kubernetes` record, never for whole payloads.
 */
export function plainValue(v: unknown, depth: number): unknown {
  if (typeof v !== 'object' || v === null) return undefined;
  const av = v as AnyValueMsg;
  const s = scalar(av);
  if (s !== undefined) return s;
  if (depth <= 0) return undefined;
  const kv = kvlistValues(v);
  if (kv !== undefined) return kvlistObject(kv, depth);
  if (hasOwn(av, 'arrayValue') && isObject(av.arrayValue)) {
    const values = av.arrayValue.values;
    if (!Array.isArray(values)) return [];
    return values.map((x) => plainValue(x, depth - 1));
  }
  return undefined;
}

/** KeyValue entries as an object (first occurrence of a key wins, as in a kvlist). */
export function kvlistObject(entries: unknown[], depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as KeyValueMsg;
    if (!isObject(e) || typeof e.key !== 'string' || e.key in out) continue;
    out[e.key] = plainValue(e.value, depth - 1);
  }
  return out;
}

/** A string or integer attribute value as text (`k8s.container.restart_count` comes as either). */
export function textOrInteger(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const av = v as AnyValueMsg;
  if (hasOwn(av, 'stringValue')) return typeof av.stringValue === 'string' && av.stringValue !== '' ? av.stringValue : undefined;
  if (hasOwn(av, 'intValue')) {
    const n = int64Number(av.intValue);
    return n === n ? String(n) : undefined;
  }
  return undefined;
}
