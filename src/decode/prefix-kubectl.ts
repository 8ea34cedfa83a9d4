import { DNS_CHARS, IdentityTable, scanWhile, type LinePrefixParser, type PrefixMatch } from './line-prefix.js';

/**
 * `kubectl logs --prefix`: `[pod/<pod>/<container>] message` (kubernetes/kubectl
 * pkg/cmd/logs/logs.go addPrefixIfNeeded: `fmt.Sprintf("[pod/%s/%s] ", ref.Name, containerName)`;
 * the container is empty when kubectl could not tell it). No namespace in it.
 */

const table = new IdentityTable('kubectl');
const OPEN = '[pod/';
const SLASH = 47;
const CLOSE = 93;
const SPACE = 32;

function parts(raw: string): { pod: string; container?: string } {
  const slash = raw.indexOf('/');
  const container = raw.slice(slash + 1);
  return container === '' ? { pod: raw.slice(0, slash) } : { pod: raw.slice(0, slash), container };
}

export const kubectlPrefix: LinePrefixParser = {
  tool: 'kubectl',
  starts: ['bracket'],
  parse(text: string): PrefixMatch | undefined {
    // `[pod/` by char code: this runs on every line that starts with `[` (gunicorn's all do).
    if (text.charCodeAt(1) !== 112 || text.charCodeAt(4) !== SLASH || !text.startsWith(OPEN)) return undefined;
    const start = OPEN.length;
    const podEnd = scanWhile(text, start, DNS_CHARS);
    if (podEnd === start || text.charCodeAt(podEnd) !== SLASH) return undefined;
    const containerEnd = scanWhile(text, podEnd + 1, DNS_CHARS, 63);
    if (text.charCodeAt(containerEnd) !== CLOSE) return undefined;
    const after = text.charCodeAt(containerEnd + 1);
    if (after === after && after !== SPACE) return undefined;
    const end = Math.min(text.length, containerEnd + 2);
    return { end, identity: table.get(text, start, containerEnd, parts) };
  },
};
