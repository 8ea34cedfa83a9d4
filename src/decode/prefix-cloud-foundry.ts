import { isDigit, isUpper } from '../parse/char-codes.js';
import { IdentityTable, type LinePrefixParser, type PrefixMatch } from './line-prefix.js';
import { parseIsoTime } from './timestamp.js';

/*
 * Cloud Foundry's `cf logs` (cloudfoundry/cli util/ui/log_message.go, v6.30 to v8): every line of
 * a message gets the header `<time> [<source type>/<source instance>] <OUT|ERR> `, the time in
 * the layout `2006-01-02T15:04:05.00-0700`, and the CLI indents the whole line by three spaces:
 * `   2016-06-14T13:44:38.14-0700 [APP/PROC/WEB/0] OUT Started`. Excerpts often keep only the
 * bracket: `[APP/PROC/WEB/0] OUT ...`. Sources: `APP/PROC/<TYPE>` (the app's processes), `RTR`,
 * `CELL`, `STG`, `API`, `SSH`, `HEALTH`, `LGR` (the platform). The process type (or the source)
 * names the container, with its instance the pod; OUT/ERR is the stream.
 *
 * Misfire guard: the bracket holds only upper-case segments and a numeric (or empty) instance,
 * and `OUT ` or `ERR ` follows it.
 */

const table = new IdentityTable('cloud-foundry');

/** `APP/PROC/WEB/0` → container `web`, pod `web-0`; `RTR/1` → `rtr`, `rtr-1`. */
function parts(raw: string): { pod: string; container: string } {
  const last = raw.lastIndexOf('/');
  const source = raw.slice(0, last);
  const container = source.slice(source.lastIndexOf('/') + 1).toLowerCase();
  const instance = raw.slice(last + 1);
  return { pod: instance === '' ? container : `${container}-${instance}`, container };
}

/** The bracket at `open` and the stream word after it: the match, or undefined. */
function bracketAt(text: string, open: number, timeMs: number | undefined): PrefixMatch | undefined {
  if (text.charCodeAt(open) !== 91 || !isUpper(text.charCodeAt(open + 1)) || !isUpper(text.charCodeAt(open + 2))) return undefined;
  let i = open + 1;
  let lastSlash = -1;
  const limit = Math.min(text.length, open + 64);
  for (; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 47) {
      if (text.charCodeAt(i - 1) === 47) return undefined;
      lastSlash = i;
    } else if (!isUpper(c) && !(isDigit(c) && lastSlash > 0)) break;
  }
  if (lastSlash < 0 || text.charCodeAt(i) !== 93 || text.charCodeAt(i + 1) !== 32) return undefined;
  for (let k = lastSlash + 1; k < i; k++) if (!isDigit(text.charCodeAt(k))) return undefined;
  const type = text.slice(i + 2, i + 5);
  if ((type !== 'OUT' && type !== 'ERR') || (text.length > i + 5 && text.charCodeAt(i + 5) !== 32)) return undefined;
  const identity = table.get(text, open + 1, i, parts);
  return { end: Math.min(text.length, i + 6), identity, stream: type === 'OUT' ? 'stdout' : 'stderr', ...(timeMs !== undefined ? { timeMs } : {}) };
}

export const cloudFoundryPrefix: LinePrefixParser = {
  tool: 'cloud-foundry',
  starts: ['bracket', 'timestamp'],
  parse(text: string): PrefixMatch | undefined {
    if (text.charCodeAt(0) === 91) return bracketAt(text, 0, undefined);
    // `   2016-06-14T13:44:38.14-0700 [`: the indent is optional (a paste may drop it).
    let at = 0;
    while (at < 3 && text.charCodeAt(at) === 32) at++;
    const sp = text.indexOf(' ', at + 19);
    if (sp < 0 || sp - at > 32 || text.charCodeAt(sp + 1) !== 91) return undefined;
    const ms = parseIsoTime(text, at, sp);
    if (ms !== ms) return undefined;
    return bracketAt(text, sp + 1, ms);
  },
};
