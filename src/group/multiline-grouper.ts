/** One line offered to the grouper, after container decoding. */
export interface GroupLine {
  text: string;
  timeMs?: number;
  stream?: string;
  /** Arrival time (ms), used for the quiet-interval flush. */
  observedMs: number;
  /** Anything the caller needs back with the group (pod identity, etc.), taken from the first line. */
  context: unknown;
}

/** A complete record: one line or several that belong together. */
export interface LineGroup {
  /** Lines in input order. */
  lines: string[];
  /** Values of the group's first line. */
  first: GroupLine;
  /** Bytes of all lines (without separators). */
  bytes: number;
  /** What kind of group: 'single', 'python-traceback', 'python-warning', 'java-stack', 'indented'. */
  kind: string;
}

export interface MultilineOptions {
  maxLines: number;
  maxBytes: number;
  flushAfterMs: number;
  maxStreams: number;
}

/**
 * Joins Python tracebacks, a Python warning with the source line it echoes, JVM stack traces
 * (`\tat`, `Caused by:`, `... N more`) and indented continuations into one group per stream key.
 * Groups are bounded by lines and bytes; pending groups flush after a quiet interval.
 * Emits synchronously through `emit`.
 */
export class MultilineGrouper {
  constructor(
    private readonly opts: MultilineOptions,
    private readonly emit: (group: LineGroup) => void,
  ) {}
  push(streamKey: string, line: GroupLine): void {
    void streamKey;
    this.emit({ lines: [line.text], first: line, bytes: line.text.length, kind: 'single' });
  }
  /** Emits groups whose last line arrived before `nowMs - flushAfterMs`. */
  flushIdle(nowMs: number): void {
    void nowMs;
  }
  /** Emits every pending group (end of input, shutdown). */
  flushAll(): void {}
  get pendingStreams(): number {
    return 0;
  }
}
