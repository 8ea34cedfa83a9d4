import { skipSgr } from './ansi.js';
import { IdentityTable, NAME_CHARS, scanWhile, type LinePrefixParser, type PrefixMatch } from './line-prefix.js';

/**
 * `docker compose logs` (and `up`): `api-1  | message`. Compose v2 pads the container name to
 * the longest one plus one and appends ` | ` (docker/compose cmd/formatter/logs.go, presenter
 * setPrefix: `%-<width>s | `), coloured as a whole (`ESC[36mapi-1  | ESC[0m`); compose v1 wrote
 * `name.ljust(width) + ' |'` coloured, then a space (compose/cli/log_printer.py LogPresenter).
 * The name is the container's without its project: `<service>-<n>` (v2), `<service>_<n>` (v1),
 * or the service's `container_name`.
 *
 * Misfire guard: an uncoloured name must end in its replica number, and a v2 name (`-1`) be
 * padded by at least two spaces before the bar, as v2 always pads to the longest name plus one
 * (v1 names, `_1`, may have one space: older v1 padded to the longest name only, e.g.
 * docker/compose#1942) — an ordinary `word | text` or `step-1 | done` line is neither; a
 * coloured one must have the colour reset after the bar, as both versions write it. Level words
 * are never names.
 *
 * A service's `container_name` has no replica number (`logging      | panic: ...`): such a name
 * is only *tentative* here (PrefixMatch.tentative). The pipeline takes it when the stream's next
 * line carries the same name with the bar in the same column, or a name already taken in that
 * column — compose pads every name to one width, so its bars line up, while a `word | text` line
 * of an application's own rarely repeats its first word at the same column on the next line.
 * HTTP methods (a route table's `GET    | /users`) and level words are never names.
 */

const BAR = 124;
const SPACE = 32;
const DASH = 45;
const LEVEL_WORDS = new Set(['trace', 'debug', 'info', 'notice', 'warn', 'warning', 'error', 'fatal', 'critical', 'panic']);
const NOT_NAMES = new Set([...LEVEL_WORDS, 'get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'connect', 'trace', 'any']);

const table = new IdentityTable('compose');

/**
 * `api-1` → container `api`, pod `api-1`: the service is the container, the replica the pod.
 * docker-compose 1.23.0-1.23.1 appended a random suffix (`web_1_e3a9308a6405`): kept in the pod.
 */
function parts(name: string): { pod: string; container: string } {
  const m = /^(.+?)[-_]\d+(?:_[0-9a-f]{12})?$/.exec(name);
  return { pod: name, container: m ? m[1] : name };
}

/** Index of the replica-number separator (`-` or `_` before trailing digits), or -1. */
function replicaSuffix(text: string, start: number, end: number): number {
  let i = end - 1;
  while (i > start && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i--;
  if (i === end - 1 || i <= start) return -1;
  const c = text.charCodeAt(i);
  return c === 45 || c === 95 ? i : -1;
}

export const composePrefix: LinePrefixParser = {
  tool: 'compose',
  starts: ['ansi', 'name-bar'],
  parse(text: string): PrefixMatch | undefined {
    const start = skipSgr(text, 0);
    const coloured = start > 0;
    const nameEnd = scanWhile(text, start, NAME_CHARS);
    if (nameEnd === start || text.charCodeAt(nameEnd) !== SPACE) return undefined;
    let i = nameEnd + 1;
    while (text.charCodeAt(i) === SPACE && i - nameEnd < 64) i++;
    if (text.charCodeAt(i) !== BAR) return undefined;
    i++;
    if (coloured) {
      // v1: `name |` ESC[0m ` `; v2: `name | ` ESC[0m.
      const reset = skipSgr(text, i);
      if (reset > i) i = reset + (text.charCodeAt(reset) === SPACE ? 1 : 0);
      else if (text.charCodeAt(i) === SPACE && skipSgr(text, i + 1) > i + 1) i = skipSgr(text, i + 1);
      else return undefined;
    } else {
      const sep = replicaSuffix(text, start, nameEnd);
      if (sep >= 0 && text.charCodeAt(sep) === DASH && i - nameEnd < 3) return undefined;
      if (text.charCodeAt(i) === SPACE) i++;
      else if (i !== text.length) return undefined;
      if (sep < 0) {
        if (NOT_NAMES.has(text.slice(start, nameEnd).toLowerCase())) return undefined;
        return { end: i, identity: table.get(text, start, nameEnd, parts), tentative: true };
      }
    }
    // Uncoloured names end in a replica number, so only a coloured one can be a level word.
    if (coloured && LEVEL_WORDS.has(text.slice(start, nameEnd).toLowerCase())) return undefined;
    return { end: i, identity: table.get(text, start, nameEnd, parts) };
  },
};
