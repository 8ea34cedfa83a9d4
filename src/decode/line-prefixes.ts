import type { ContainerLine } from './container-line.js';
import type { LinePrefixParser, PrefixStart } from './line-prefix.js';
import { composePrefix } from './prefix-compose.js';
import { kubectlPrefix } from './prefix-kubectl.js';
import { sternPrefix } from './prefix-stern.js';
import { supervisorPrefix } from './prefix-supervisor.js';
import { parseIsoTime } from './timestamp.js';

/**
 * The registry of log prefixes (see line-prefix.ts), tried in this order: the most specific
 * shapes first. A new prefix is one file and one row here.
 */
export const LINE_PREFIXES: readonly LinePrefixParser[] = [kubectlPrefix, supervisorPrefix, composePrefix, sternPrefix];

const byStart: Record<PrefixStart, LinePrefixParser[]> = { ansi: [], bracket: [], 'name-bar': [], 'name-word': [] };
for (const p of LINE_PREFIXES) for (const s of p.starts) byStart[s].push(p);

const SPACE = 32;
const BAR = 124;
/** Longer first words are not names a tool prints (Kubernetes names stop at 253). */
const MAX_NAME = 253;

/**
 * First-character dispatch, then for a line that starts with a name one scan of that name: only
 * a name followed by spaces and `|`, or a lower-case name with a `-` followed by a space and
 * another name, can be a prefix. Hand-written char tests: this runs on every line.
 */
function candidates(text: string): LinePrefixParser[] | undefined {
  const c0 = text.charCodeAt(0);
  if (c0 === 91) return byStart.bracket;
  if (c0 === 27) return byStart.ansi;
  const lower = c0 >= 97 && c0 <= 122;
  if (!lower && !(c0 >= 65 && c0 <= 90) && !(c0 >= 48 && c0 <= 57)) return undefined;
  let dash = false;
  let i = 1;
  const limit = Math.min(text.length, MAX_NAME);
  for (; i < limit; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95) continue;
    if (c === 45) dash = true;
    else if (!(c >= 65 && c <= 90) && c !== 58) break;
  }
  if (text.charCodeAt(i) !== SPACE) return undefined;
  let j = i + 1;
  while (text.charCodeAt(j) === SPACE && j - i < 64) j++;
  const next = text.charCodeAt(j);
  if (next === BAR) return byStart['name-bar'];
  return lower && dash && j === i + 1 && ((next >= 97 && next <= 122) || (next >= 48 && next <= 57)) ? byStart['name-word'] : undefined;
}

const T = 84;

/**
 * Removes a tool's prefix from a complete line: the text becomes the application's message, and
 * `prefix` says whose it is (the pipeline uses it when the input named no pod). A timestamp the
 * tool put after its prefix (`--timestamps`: RFC 3339) dates the line and is removed too.
 * Mutates and returns `line` (each decoded line is its own object); a line without a prefix is
 * returned untouched.
 */
export function stripLinePrefix(line: ContainerLine): ContainerLine {
  const text = line.text;
  const list = candidates(text);
  if (list === undefined) return line;
  for (let i = 0; i < list.length; i++) {
    const m = list[i].parse(text);
    if (m === undefined) continue;
    let end = m.end;
    if (text.charCodeAt(end + 10) === T) {
      let sp = text.indexOf(' ', end + 19);
      if (sp < 0 || sp - end > 40) sp = text.length;
      const ms = parseIsoTime(text, end, sp);
      if (ms === ms) {
        line.timeMs ??= ms;
        end = Math.min(text.length, sp + 1);
      }
    }
    line.text = text.slice(end);
    line.prefix = m.identity;
    if (m.stream !== undefined) line.stream ??= m.stream;
    return line;
  }
  return line;
}

