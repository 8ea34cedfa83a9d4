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
  /** Which tool wrote the prefix (`compose`, `kubectl`, `stern`, `supervisor`). */
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
}

/**
 * The shape a line begins with, found by one scan before any parser runs: an ANSI colour; `[`;
 * a name then spaces then `|` (`name-bar`); a lower-case name with a `-` then a space and another
 * name (`name-word`). Most lines are none of these and cost that one scan.
 */
export type PrefixStart = 'ansi' | 'bracket' | 'name-bar' | 'name-word';

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

/** Letters, digits, `_`, `.`, `-`: the characters of compose, supervisord and Kubernetes names. */
export function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 45 || c === 95 || c === 46;
}

/** Lower-case letters, digits, `-`, `.`: a Kubernetes (DNS-1123) name. */
export function isDnsChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

/** End of the run of characters accepted by `accept` starting at `i` (at most `max` long). */
export function scanWhile(text: string, i: number, accept: (c: number) => boolean, max = 253): number {
  const limit = Math.min(text.length, i + max + 1);
  let j = i;
  while (j < limit && accept(text.charCodeAt(j))) j++;
  return j;
}

const MAX_INTERNED = 4096;

/**
 * Interned identities keyed by the prefix text that named them, so that every line of one origin
 * shares one object (the pipeline caches keys per identity object) and a run of lines from one
 * origin costs a string comparison, not a slice. Bounded: past MAX_INTERNED origins it starts over.
 */
export class IdentityTable {
  private readonly byRaw = new Map<string, PrefixIdentity>();
  private lastRaw = '';
  private last: PrefixIdentity | undefined;

  constructor(private readonly tool: string) {}

  /**
   * The identity named by `text[start, end)`; `parts` builds its parts from that raw text the
   * first time it is seen.
   */
  get(text: string, start: number, end: number, parts: (raw: string) => { namespace?: string; pod?: string; container?: string }): PrefixIdentity {
    const last = this.last;
    if (last !== undefined && end - start === this.lastRaw.length && text.startsWith(this.lastRaw, start)) return last;
    const raw = text.slice(start, end);
    let id = this.byRaw.get(raw);
    if (id === undefined) {
      if (this.byRaw.size >= MAX_INTERNED) this.byRaw.clear();
      const p = parts(raw);
      const key = `${this.tool}/${p.namespace ?? ''}/${p.pod ?? ''}/${p.container ?? ''}`;
      id = Object.freeze({ tool: this.tool, key, ...p });
      this.byRaw.set(raw, id);
    }
    this.lastRaw = raw;
    this.last = id;
    return id;
  }
}
