/**
 * The settings a reload applies to the running service; every other changed key is reported as
 * needing a restart (listen addresses, queue and window sizes, exporters: they shape state or
 * sockets that a swap between batches cannot rebuild without losing data).
 */
export const LIVE_KEYS: readonly string[] = [
  'log.level',
  'identity',
  'pipeline.classify',
  'input.http.auth',
  'shutdown.deadline',
  'reload',
];

export function isLiveKey(key: string): boolean {
  return LIVE_KEYS.some((k) => key === k || key.startsWith(k + '.'));
}

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Dotted paths of the leaves that differ (an array is one leaf), sorted. */
export function changedKeys(before: unknown, after: unknown, prefix = ''): string[] {
  if (isTree(before) && isTree(after)) {
    const out: string[] = [];
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      out.push(...changedKeys(before[k], after[k], prefix ? `${prefix}.${k}` : k));
    }
    return out.sort();
  }
  if (isTree(before) || isTree(after)) return [prefix];
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix];
}

/** `running` with the live keys taken from `next`: the configuration in force after a reload. */
export function withLiveKeys<T>(running: T, next: T): T {
  const out = structuredClone(running) as Tree;
  for (const key of LIVE_KEYS) {
    const path = key.split('.');
    const value = path.reduce<unknown>((v, k) => (isTree(v) ? v[k] : undefined), next);
    let node: Tree = out;
    for (const k of path.slice(0, -1)) {
      if (!isTree(node[k])) node[k] = {};
      node = node[k] as Tree;
    }
    const last = path[path.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = structuredClone(value);
  }
  return out as T;
}
