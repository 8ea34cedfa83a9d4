import type { ContainerLine } from './container-line.js';
import type { JsonObject } from './json-object.js';
import { IdentityTable } from './line-prefix.js';
import { timeFromJsonValue } from './timestamp.js';

/*
 * stern's JSON output (`stern -o json`): stern/stern cmd/cmd.go (v1.34) renders each line with the
 * template `{{json .}}` of stern/tail_utils.go's Log struct: `message`, `timestamp` (with
 * --timestamps, omitted otherwise), `nodeName`, `namespace`, `podName`, `containerName`, `labels`,
 * `annotations`; wercker/stern 1.x wrote the same names without the last three. Like the text
 * prefixes, the names say whose line it is when the input names no pod.
 */

const table = new IdentityTable('stern');

function stripNewline(s: string): string {
  if (s.charCodeAt(s.length - 1) !== 10) return s;
  return s.charCodeAt(s.length - 2) === 13 ? s.slice(0, -2) : s.slice(0, -1);
}

/** The line stern wrote as JSON, with its names as the prefix identity; undefined for any other object. */
export function sternJsonLine(o: JsonObject): ContainerLine | undefined {
  const { message, podName, containerName, namespace } = o;
  if (typeof message !== 'string' || typeof podName !== 'string' || typeof containerName !== 'string') return undefined;
  if (podName === '' || (namespace !== undefined && typeof namespace !== 'string')) return undefined;
  const ns = typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
  const raw = `${ns ?? ''}/${podName}/${containerName}`;
  const identity = table.get(raw, 0, raw.length, () => ({ namespace: ns, pod: podName, container: containerName === '' ? undefined : containerName }));
  return {
    text: stripNewline(message),
    timeMs: timeFromJsonValue(o.timestamp),
    stream: undefined,
    partial: false,
    framing: 'raw',
    pod: undefined,
    prefix: identity,
  };
}
