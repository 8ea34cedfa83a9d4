import type { PodIdentity } from '../model/record.js';
import type { ContainerLine } from './container-line.js';

export interface PartialAssemblerOptions {
  /** Characters of one reassembled line at most (pipeline.maxLineBytes); past it the line is truncated. */
  maxBytes: number;
  /** Streams with unfinished pieces at most; past it a new `P` piece passes through on its own. */
  maxKeys: number;
  /**
   * Characters held across all streams at most; past it the oldest unfinished line goes out as it
   * stands. Without it, thousands of streams each holding almost a line's limit took RSS to 1.4 GB.
   */
  maxHeldBytes: number;
}

/** Unfinished pieces handed out at end of input, shutdown, or after the quiet interval. */
export interface PendingPiece {
  key: string;
  line: ContainerLine;
  pod?: PodIdentity;
  timeMs?: number;
}

interface Pending {
  key: string;
  first: ContainerLine;
  parts: string[];
  bytes: number;
  truncated: boolean;
  /** Arrival time of the newest piece (quiet-interval flush). */
  lastMs: number;
}

/**
 * Joins CRI `P` (partial) pieces per stream key until the `F` piece arrives. The kubelet splits
 * lines longer than 16 KiB; stdout and stderr of one container interleave in the same file, so
 * pieces are kept per key and stream. A line that reaches maxBytes goes out at once, truncated,
 * and the rest of its pieces up to the `F` are skipped (the limit applies as it does to any line).
 * An unterminated chain goes out after the quiet interval (`flushIdle`). Bounded by keys and by
 * held bytes: whatever cannot be held goes out as it is rather than being dropped.
 */
export class PartialAssembler {
  private readonly pending = new Map<string, Pending>();
  /** Streams whose line was truncated: their pieces are skipped until the line's `F`. */
  private readonly skipping = new Set<string>();
  private held = 0;
  /** Lines sent on unfinished because a bound was reached (self-telemetry). */
  cutLines = 0;

  constructor(private readonly opts: PartialAssemblerOptions) {}

  /** Returns the complete line, or undefined while pieces are held (or skipped). */
  push(key: string, line: ContainerLine, nowMs = 0): ContainerLine | undefined {
    if (this.pending.size === 0 && this.skipping.size === 0 && !line.partial) return line;
    const k = line.stream === undefined ? key : key + '\u0000' + line.stream;
    if (this.skipping.size > 0 && this.skipping.has(k)) {
      if (!line.partial) this.skipping.delete(k);
      return undefined;
    }
    const p = this.pending.get(k);
    if (p === undefined) return line.partial ? this.start(k, key, line, nowMs) : line;
    const room = this.opts.maxBytes - p.bytes;
    const text = line.text.length > room ? line.text.slice(0, room) : line.text;
    p.parts.push(own(text));
    p.bytes += text.length;
    this.held += text.length;
    p.lastMs = nowMs;
    if (line.truncated === true) p.truncated = true;
    if (text.length < line.text.length || (line.partial && p.bytes >= this.opts.maxBytes)) {
      p.truncated = true;
      if (line.partial) this.skipUntilFinal(k);
    } else if (line.partial) {
      this.bound();
      return undefined;
    }
    this.remove(k, p);
    return joined(p);
  }

  /** Unfinished lines whose newest piece arrived at or before `nowMs - quietMs`, oldest first. */
  flushIdle(nowMs: number, quietMs: number): PendingPiece[] {
    if (this.pending.size === 0) return [];
    const out: PendingPiece[] = [];
    for (const [k, p] of this.pending) {
      if (p.lastMs > nowMs - quietMs) continue;
      this.remove(k, p);
      this.cutLines++;
      out.push(piece(p));
    }
    return out;
  }

  /** Every unfinished line as it stands (end of input, shutdown), oldest first. */
  drain(): PendingPiece[] {
    const out: PendingPiece[] = [];
    for (const p of this.pending.values()) out.push(piece(p));
    this.pending.clear();
    this.skipping.clear();
    this.held = 0;
    return out;
  }

  get pendingKeys(): number {
    return this.pending.size;
  }

  get heldBytes(): number {
    return this.held;
  }

  /** Lines pushed out early by the held-bytes bound, handed back by the next `takeEvicted`. */
  private evicted: PendingPiece[] = [];

  /** Unfinished lines the held-bytes bound pushed out; the pipeline emits them like idle ones. */
  takeEvicted(): PendingPiece[] {
    if (this.evicted.length === 0) return this.evicted;
    const out = this.evicted;
    this.evicted = [];
    return out;
  }

  private start(k: string, key: string, line: ContainerLine, nowMs: number): ContainerLine | undefined {
    if (this.pending.size >= this.opts.maxKeys) {
      this.cutLines++;
      return { ...line, partial: false };
    }
    if (line.text.length >= this.opts.maxBytes) {
      this.skipUntilFinal(k);
      return { ...line, partial: false, text: line.text.slice(0, this.opts.maxBytes), truncated: true };
    }
    this.pending.set(k, { key, first: line, parts: [own(line.text)], bytes: line.text.length, truncated: line.truncated === true, lastMs: nowMs });
    this.held += line.text.length;
    this.bound();
    return undefined;
  }

  private skipUntilFinal(k: string): void {
    if (this.skipping.size >= this.opts.maxKeys) this.skipping.clear();
    this.skipping.add(k);
  }

  private remove(k: string, p: Pending): void {
    this.pending.delete(k);
    this.held -= p.bytes;
  }

  /** Past maxHeldBytes the oldest unfinished lines go out as they stand. */
  private bound(): void {
    while (this.held > this.opts.maxHeldBytes && this.pending.size > 0) {
      const [k, p] = this.pending.entries().next().value as [string, Pending];
      this.remove(k, p);
      this.cutLines++;
      this.evicted.push(piece(p));
    }
  }
}

/**
 * A held piece is copied: a slice of a large request body would otherwise keep the whole body
 * alive for as long as the piece waits for its line's end.
 */
function own(text: string): string {
  return text.length < 64 ? text : (' ' + text).slice(1);
}

function piece(p: Pending): PendingPiece {
  const line = joined(p);
  return { key: p.key, line, pod: line.pod, timeMs: line.timeMs };
}

function joined(p: Pending): ContainerLine {
  const f = p.first;
  const line: ContainerLine = {
    text: p.parts.length === 1 ? p.parts[0] : p.parts.join(''),
    timeMs: f.timeMs,
    stream: f.stream,
    partial: false,
    framing: f.framing,
    pod: f.pod,
  };
  if (f.containerId !== undefined) line.containerId = f.containerId;
  if (p.truncated) line.truncated = true;
  return line;
}
