import { skipSgr } from './ansi.js';
import { DNS_CHARS, IdentityTable, scanWhile, type LinePrefixParser, type PrefixMatch } from './line-prefix.js';

/**
 * kail's default output: `<namespace>/<pod>[<container>]: message` (boz/kail writers/default.go,
 * v0.17.4: `fmt.Sprintf("%v/%v[%v]", namespace, name, container)` then `": "`, each printed in
 * prefixColor, fatih/color FgHiWhite+Bold: `ESC[97;1m` … `ESC[0m`). The `/`, the brackets right
 * after the pod name and the `]: ` together are a shape that ordinary lines (paths, `[pid]`
 * headers) do not take: every part must be a Kubernetes name.
 */

const table = new IdentityTable('kail');
const SLASH = 47;
const OPEN = 91;
const CLOSE = 93;
const COLON = 58;
const SPACE = 32;

function parts(raw: string): { namespace: string; pod: string; container: string } {
  const slash = raw.indexOf('/');
  const open = raw.indexOf('[', slash);
  return { namespace: raw.slice(0, slash), pod: raw.slice(slash + 1, open), container: raw.slice(open + 1, raw.length - 1) };
}

export const kailPrefix: LinePrefixParser = {
  tool: 'kail',
  starts: ['ansi', 'name-slash'],
  parse(text: string): PrefixMatch | undefined {
    const start = skipSgr(text, 0);
    const c0 = text.charCodeAt(start);
    if (c0 < 97 || c0 > 122) return undefined;
    const nsEnd = scanWhile(text, start, DNS_CHARS, 63);
    if (text.charCodeAt(nsEnd) !== SLASH) return undefined;
    const podEnd = scanWhile(text, nsEnd + 1, DNS_CHARS);
    if (podEnd === nsEnd + 1 || text.charCodeAt(podEnd) !== OPEN) return undefined;
    const containerEnd = scanWhile(text, podEnd + 1, DNS_CHARS, 63);
    if (containerEnd === podEnd + 1 || text.charCodeAt(containerEnd) !== CLOSE) return undefined;
    let i = skipSgr(text, containerEnd + 1);
    if (text.charCodeAt(i) !== COLON) return undefined;
    i++;
    // `: ` then the message; an empty message may have lost its space to trimming.
    if (text.charCodeAt(i) === SPACE) i++;
    else if (i < text.length && text.charCodeAt(i) !== 27) return undefined;
    i = skipSgr(text, i);
    return { end: i, identity: table.get(text, start, containerEnd + 1, parts) };
  },
};
