/**
 * Shared types of the log-prefix registry (line-prefixes.ts): the prefixes that tools put in front
 * of each container line when they merge several containers into one stream — `docker compose
 * logs`, `kubectl logs --prefix`, stern, supervisord's stdout relay. A prefix is framing, like
 * CRI: the message after it is what the application wrote, and the prefix says whose it is.
 */

/** What a prefix says about the line's origin; absent parts come from the input or the defaults. */
export interface PrefixIdentity {
  readonly namespace?: string;
  readonly pod?: string;
  readonly container?: string;
  /** Which tool wrote the prefix (`compose`, `kubectl`, `stern`, `supervisor`, `heroku`). */
  readonly tool: string;
  /** Stable key of this identity (tool and parts), for caches and multi-line group keys. */
  readonly key: string;
}

export interface PrefixMatch {
  /** Index in the line where the application's message starts. */
  end: number;
  /** Interned: the same object for every line of the same origin. */
  identity: PrefixIdentity;
  /** The stream the prefix names (supervisord's channel). */
  stream?: 'stdout' | 'stderr';
  /** The time the prefix carries in front of its names (Heroku's). */
  timeMs?: number;
  /**
   * The shape alone does not prove a prefix (compose's `container_name` without a replica
   * number): taken only when the stream's next line confirms it (see prefix-compose.ts).
   */
  tentative?: boolean;
}

/**
 * The shape a line begins with, found by one scan before any parser runs: an ANSI colour; `[`
 * then `p` or two upper-case letters (`[pod/`, `[APP/`: line-prefixes.ts dispatches on them);
 * a name then spaces then `|` (`name-bar`); a lower-case name then `/` (`name-slash`: kail's
 * `ns/pod[container]: `); a name then a space and a digit (`name-number`: Passenger's `App 123
 * output: `); a lower-case name with a `-` then a space and another name (`name-word`); an RFC 3339 date and time (`timestamp`: `2019-02-28T15:57:59`). Most lines are none of these and cost that one scan.
 */
export type PrefixStart = 'ansi' | 'bracket' | 'name-bar' | 'name-number' | 'name-slash' | 'name-word' | 'timestamp';

/**
 * One tool's prefix. `parse` is called only for lines beginning as one of `starts` says, must
 * be cheap when the line is not its format (most lines have no prefix), and must never match an
 * ordinary log line: a prefix is accepted only in a shape that application output does not take.
 */
export interface LinePrefixParser {
  readonly tool: string;
  readonly starts: readonly PrefixStart[];
  parse(text: string): PrefixMatch | undefined;
}

/** Character sets of names, as bits of CHARS (ASCII only). */
export const NAME_CHARS = 1; // letters, digits, `_`, `.`, `-`: compose and supervisord names
export const DNS_CHARS = 2; // lower-case letters, digits, `-`, `.`: Kubernetes names
export const PROCESS_CHARS = 4; // NAME_CHARS and `:` (supervisord `group:name`)
const CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const lower = c >= 97 && c <= 122;
  const digit = c >= 48 && c <= 57;
  if (lower || digit || (c >= 65 && c <= 90) || c === 45 || c === 95 || c === 46) CHARS[c] |= NAME_CHARS | PROCESS_CHARS;
  if (lower || digit || c === 45 || c === 46) CHARS[c] |= DNS_CHARS;
}
CHARS[58] |= PROCESS_CHARS;

/** End of the run of characters of `set` starting at `i` (at most `max` long). */
export function scanWhile(text: string, i: number, set: number, max = 253): number {
  const limit = Math.min(text.length, i + max + 1);
  let j = i;
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (c >= 128 || (CHARS[c] & set) === 0) break;
    j++;
  }
  return j;
}

const MAX_INTERNED = 4096;

/**
 * Interned identities keyed by the prefix text that named them, so that every line of one origin
 * shares one object (the pipeline caches keys per identity object) and a line of an origin seen
 * before costs a hash of its name and one comparison, not a slice and a string hash. Bounded:
 * past MAX_INTERNED origins the table starts over.
 */
export class IdentityTable {
  private readonly byHash = new Map<number, { raw: string; id: PrefixIdentity }>();

  constructor(private readonly tool: string) {}

  /**
   * The identity named by `text[start, end)`; `parts` builds its parts from that raw text the
   * first time it is seen.
   */
  get(text: string, start: number, end: number, parts: (raw: string) => { namespace?: string; pod?: string; container?: string }): PrefixIdentity {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const hit = this.byHash.get(h);
    if (hit !== undefined && sameText(hit.raw, text, start, end)) return hit.id;
    // New, or a hash collision: the newer origin takes the slot.
    const raw = text.slice(start, end);
    if (this.byHash.size >= MAX_INTERNED) this.byHash.clear();
    const p = parts(raw);
    const key = `${this.tool}/${p.namespace ?? ''}/${p.pod ?? ''}/${p.container ?? ''}`;
    const id: PrefixIdentity = Object.freeze({ tool: this.tool, key, ...p });
    this.byHash.set(h, { raw, id });
    return id;
  }
}

function sameText(raw: string, text: string, start: number, end: number): boolean {
  if (raw.length !== end - start) return false;
  for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
