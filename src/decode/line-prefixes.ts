import type { ContainerLine } from './container-line.js';
import type { LinePrefixParser, PrefixStart } from './line-prefix.js';
import { cloudFoundryPrefix } from './prefix-cloud-foundry.js';
import { composePrefix } from './prefix-compose.js';
import { herokuPrefix } from './prefix-heroku.js';
import { kailPrefix } from './prefix-kail.js';
import { kubectlPrefix } from './prefix-kubectl.js';
import { passengerAppPrefix } from './prefix-passenger.js';
import { sternPrefix } from './prefix-stern.js';
import { supervisorPrefix } from './prefix-supervisor.js';
import { prefixTimeAt, toolTimeAt } from './tool-time.js';

/**
 * The registry of log prefixes (see line-prefix.ts), tried in this order: the most specific
 * shapes first. A new prefix is one file and one row here.
 */
export const LINE_PREFIXES: readonly LinePrefixParser[] = [
  kubectlPrefix, supervisorPrefix, composePrefix, sternPrefix, kailPrefix, herokuPrefix, cloudFoundryPrefix, passengerAppPrefix,
];

const byStart: Record<PrefixStart, LinePrefixParser[]> = { ansi: [], bracket: [], 'name-bar': [], 'name-number': [], 'name-slash': [], 'name-word': [], timestamp: [] };
for (const p of LINE_PREFIXES) for (const s of p.starts) byStart[s].push(p);

const SPACE = 32;
const BAR = 124;
const SLASH = 47;
/** Longer first words are not names a tool prints (Kubernetes names stop at 253). */
const MAX_NAME = 253;

// Character classes of ASCII, for the one scan every line gets.
const NAME = 1; // letters, digits, `.`, `_`, `:`
const DASH = 2;
const LOWER = 4;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const lower = c >= 97 && c <= 122;
  if (lower || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 58) CLASS[c] = NAME | (lower ? LOWER : 0);
}
CLASS[45] = DASH;

/**
 * First-character dispatch, then for a line that starts with a name one scan of that name: only
 * a name followed by spaces and `|`, a name followed by a space and a digit (Passenger's app
 * output), a lower-case name followed by `/` (kail), or a lower-case
 * name with a `-` followed by a space and another name, can be a prefix. A table lookup per
 * character: this runs on every line.
 */
function candidates(text: string): LinePrefixParser[] | undefined {
  const c0 = text.charCodeAt(0);
  if (c0 === 91) {
    // `[pod/` (kubectl) or `[APP/` (Cloud Foundry): the many `[2023-...` and `[INFO]`-led lines
    // cost one more compare and no parser call.
    const c1 = text.charCodeAt(1);
    return c1 === 112 || (c1 >= 65 && c1 <= 90 && text.charCodeAt(2) >= 65 && text.charCodeAt(2) <= 90) ? byStart.bracket : undefined;
  }
  // `cf logs` indents its lines by three spaces before the time (prefix-cloud-foundry.ts).
  if (c0 === 32) return text.charCodeAt(13) === 84 && text.charCodeAt(7) === 45 && text.charCodeAt(2) === 32 ? byStart.timestamp : undefined;
  if (c0 === 27) return byStart.ansi;
  // `2019-02-28T15:...`: three compares for the many lines that start with a digit.
  if (c0 >= 48 && c0 <= 57) return text.charCodeAt(10) === 84 && text.charCodeAt(4) === 45 ? byStart.timestamp : undefined;
  // Uncoloured names start with a letter (so the many lines that start with a date or an address
  // cost one compare); NaN (empty line) and non-ASCII fail too.
  if (!(c0 >= 97 && c0 <= 122) && !(c0 >= 65 && c0 <= 90)) return undefined;
  let seen = 0;
  let i = 1;
  const limit = text.length < MAX_NAME ? text.length : MAX_NAME;
  for (; i < limit; i++) {
    const k = CLASS[text.charCodeAt(i)];
    if (k === 0 || k === undefined) break;
    seen |= k;
  }
  const end = text.charCodeAt(i);
  // `ns/pod[container]: ` (kail): a lower-case name ended by `/`.
  if (end === SLASH) return CLASS[c0] & LOWER ? byStart['name-slash'] : undefined;
  if (end !== SPACE) return undefined;
  let j = i + 1;
  while (text.charCodeAt(j) === SPACE && j - i < 64) j++;
  const next = text.charCodeAt(j);
  if (next === BAR) return byStart['name-bar'];
  if (j === i + 1 && next >= 48 && next <= 57) return byStart['name-number'];
  if (j !== i + 1 || !(seen & DASH) || !(CLASS[c0] & LOWER) || !(CLASS[next] & NAME)) return undefined;
  return byStart['name-word'];
}

/**
 * Removes a tool's prefix from a complete line: the text becomes the application's message, and
 * `prefix` says whose it is (the pipeline uses it when the input named no pod). A timestamp the
 * tool put after its prefix (`--timestamps`: RFC 3339) dates the line and is removed too.
 * A line without a prefix is returned as it is (the same object); a prefixed one as a new object.
 */
export function stripLinePrefix(line: ContainerLine): ContainerLine {
  const out = stripLinePrefixOrTentative(line);
  return out.tentative === true ? line : out;
}

/**
 * stripLinePrefix, and also a prefix whose shape alone does not prove it (PrefixMatch.tentative):
 * that line comes back stripped with `tentative: true`, for the caller to confirm or undo (the
 * original line is the one it passed in).
 */
export function stripLinePrefixOrTentative(line: ContainerLine): ContainerLine {
  const prefixed = stripPrefix(line);
  if (prefixed !== undefined) return prefixed;
  // A viewing tool's timestamp before a line that has no container framing (tool-time.ts: `docker
  // logs -t`, `kubectl logs --timestamps`, Docker Desktop's log view) dates the line and is removed.
  const time = line.framing === 'raw' ? toolTimeAt(line.text) : undefined;
  if (time === undefined) return line;
  const rest = after(line, time.end, line.timeMs ?? time.ms);
  // Docker Desktop's view of a compose project writes its time before compose's own prefix
  // (`2024-02-09 16:56:30 palworld-dedicated-server  | Killed`).
  return stripPrefix(rest) ?? rest;
}

/** The line after a tool's prefix, or undefined when it has none. */
function stripPrefix(line: ContainerLine): ContainerLine | undefined {
  const text = line.text;
  const list = candidates(text);
  for (let i = 0; list !== undefined && i < list.length; i++) {
    const m = list[i].parse(text);
    if (m === undefined) continue;
    const time = prefixTimeAt(text, m.end);
    const rest = after(line, time?.end ?? m.end, line.timeMs ?? m.timeMs ?? time?.ms);
    rest.stream ??= m.stream;
    rest.prefix = m.identity;
    if (m.tentative === true) rest.tentative = true;
    return rest;
  }
  return undefined;
}

/** The line from `end` on, with its transport's fields (a new object: `line` may be shared). */
function after(line: ContainerLine, end: number, timeMs: number | undefined): ContainerLine {
  return {
    text: line.text.slice(end),
    timeMs,
    stream: line.stream,
    partial: line.partial,
    framing: line.framing,
    pod: line.pod,
    containerId: line.containerId,
    ...(line.truncated ? { truncated: true } : {}),
  };
}

