import type { ContainerLine } from './container-line.js';

/**
 * Confirms tentative prefixes (PrefixMatch.tentative: compose's `container_name` without a
 * replica number) by the stream's next line: a name is taken once two lines in a row carry it
 * with the bar in the same column, or once a name has been taken in that column of the stream
 * (compose pads every name to one width, so the bars of all its services line up). Until its
 * next line comes, the stream's tentative line is held here; an unconfirmed one goes on as it
 * was written. Bounded: held lines by `maxStreams` (the oldest goes on first), confirmed names
 * by MAX_KEYS streams of MAX_NAMES each.
 */
export interface HeldLine<E> {
  key: string;
  /** The line as written, and with the prefix taken off. */
  whole: ContainerLine;
  stripped: ContainerLine;
  entry: E;
  observedMs: number;
}

/** Where the prefix's bar is (a blank line's `name  |` has no space after it). */
function barColumn(whole: ContainerLine, line: ContainerLine): number {
  return whole.text.lastIndexOf('|', whole.text.length - line.text.length - 1);
}

const MAX_KEYS = 4096;
const MAX_NAMES = 64;

export class PrefixRuns<E> {
  private readonly held = new Map<string, HeldLine<E>>();
  /** Per stream: `name@column` of names taken, and `@column` of columns where one was. */
  private readonly taken = new Map<string, Set<string>>();

  constructor(private readonly maxStreams: number) {}

  get size(): number {
    return this.held.size;
  }

  /** Whether stream `key` has a line waiting (two compares when none has). */
  holds(key: string): boolean {
    return this.held.size !== 0 && this.held.has(key);
  }

  /**
   * Decides for one line of stream `key` (`line` is stripLinePrefixOrTentative's result for
   * `whole`). Returns the lines to go on now, in order: the stream's held line if this one
   * settles it, then this line (stripped when its prefix is taken, as written when not); or
   * nothing for this line when it is held.
   */
  offer(key: string, whole: ContainerLine, line: ContainerLine, entry: E, nowMs: number, out: HeldLine<E>[]): void {
    const held = this.held.size === 0 ? undefined : this.held.get(key);
    const column = barColumn(whole, line);
    const id = line.prefix !== undefined ? `${line.prefix.key}@${column}` : '';
    if (held !== undefined) {
      this.held.delete(key);
      const heldColumn = barColumn(held.whole, held.stripped);
      const heldId = `${held.stripped.prefix?.key ?? ''}@${heldColumn}`;
      // The same name in the same column, or another compose name whose bar lines up with it.
      const sameRun = line.prefix !== undefined && column === heldColumn && (id === heldId || (line.tentative !== true && line.prefix.tool === 'compose'));
      if (sameRun) {
        this.take(key, heldId, heldColumn);
        out.push(held);
      } else {
        out.push({ ...held, stripped: held.whole });
      }
    }
    if (line.tentative !== true) {
      out.push({ key, whole, stripped: line, entry, observedMs: nowMs });
      return;
    }
    const names = this.taken.get(key);
    if (names !== undefined && (names.has(id) || names.has(`@${column}`))) {
      this.take(key, id, column);
      out.push({ key, whole, stripped: line, entry, observedMs: nowMs });
      return;
    }
    if (this.held.size >= this.maxStreams) {
      const oldest = this.held.values().next().value;
      if (oldest !== undefined) {
        this.held.delete(oldest.key);
        out.push({ ...oldest, stripped: oldest.whole });
      }
    }
    this.held.set(key, { key, whole, stripped: line, entry, observedMs: nowMs });
  }

  /** Held lines that waited since `limitMs` or before (all with no limit) go on as written. */
  release(out: HeldLine<E>[], limitMs = Infinity): void {
    for (const [key, h] of this.held) {
      if (h.observedMs > limitMs) continue;
      this.held.delete(key);
      out.push({ ...h, stripped: h.whole });
    }
  }

  private take(key: string, id: string, column: number): void {
    let names = this.taken.get(key);
    if (names === undefined) {
      if (this.taken.size >= MAX_KEYS) this.taken.clear();
      names = new Set();
      this.taken.set(key, names);
    }
    if (names.size >= MAX_NAMES) names.clear();
    names.add(id);
    names.add(`@${column}`);
  }
}
