/** Longest captured value kept as an attribute: enough for a process or container name. */
const MAX_VALUE = 256;

/**
 * The named groups a rule captured from one message, as `logsift.<group>` attributes (the
 * kernel's killed process, kubectl's restart count). Run per record, not per template, because
 * the values are exactly the parts a template masks; only records whose rule has named groups
 * pay for it.
 */
export function ruleCaptures(regex: RegExp, message: string): Record<string, string> | undefined {
  const groups = regex.exec(message)?.groups;
  if (groups === undefined) return undefined;
  let out: Record<string, string> | undefined;
  for (const name in groups) {
    const value = groups[name];
    if (value === undefined || value === '') continue;
    (out ??= {})[`logsift.${name}`] = value.length > MAX_VALUE ? value.slice(0, MAX_VALUE) : value;
  }
  return out;
}
