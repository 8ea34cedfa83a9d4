/**
 * A string that shares no memory with the one it came from. V8 slices (13 chars or more) keep
 * their parent alive: a template text or report example sliced from a 1 MiB input chunk would
 * keep the whole chunk. Called once per thing kept, never per line.
 */
export function flatCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
