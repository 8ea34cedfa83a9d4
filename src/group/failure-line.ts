/**
 * The line of a multi-line record that says what failed, when it is not the first: a Python
 * traceback's last line (its exception), Node's `FATAL ERROR: …` inside V8's heap report (which
 * opens with `<--- Last few GCs --->`). Undefined: the first line says it.
 */
export function failureLine(kind: string, body: string): string | undefined {
  if (kind === 'python-traceback') return body.slice(body.lastIndexOf('\n') + 1).trimEnd();
  if (kind !== 'node-fatal') return undefined;
  const at = body.indexOf('\nFATAL ERROR: ');
  if (at < 0) return undefined;
  const end = body.indexOf('\n', at + 1);
  return body.slice(at + 1, end < 0 ? undefined : end).trimEnd();
}
