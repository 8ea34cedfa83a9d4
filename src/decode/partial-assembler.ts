import type { PodIdentity } from '../model/record.js';
import type { ContainerLine } from './container-line.js';

export interface PartialAssemblerOptions {
  /** Bytes (UTF-16 code units) of one reassembled line at most; past it the pieces so far go out as one line. */
  maxBytes: number;
  /** Streams with unfinished pieces at most; past it a new `P` piece passes through on its own. */
  maxKeys: number;
}

/** Unfinished pieces left at end of input. */
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
}

/**
 * Joins CRI `P` (partial) pieces per stream key until the `F` piece arrives. The kubelet
 * splits lines longer than 16 KiB; stdout and stderr of one container interleave in the same
 * file, so pieces are kept per key and stream. Bounded by bytes and by keys: whatever cannot be
 * held goes out as it is rather than being dropped.
 */
export class PartialAssembler {
  private readonly pending = new Map<string, Pending>();
  /** Lines sent on unfinished because a bound was reached (self-telemetry). */
  cutLines = 0;

  constructor(private readonly opts: PartialAssemblerOptions) {}

  /** Returns the complete line, or undefined while pieces are held. */
  push(key: string, line: ContainerLine): ContainerLine | undefined {
    if (this.pending.size === 0 && !line.partial) return line;
    const k = line.stream === undefined ? key : key + '\u0000' + line.stream;
    const p = this.pending.get(k);
    if (p === undefined) return line.partial ? this.start(k, key, line) : line;
    p.parts.push(line.text);
    p.bytes += line.text.length;
    if (line.partial && p.bytes < this.opts.maxBytes) return undefined;
    this.pending.delete(k);
    if (line.partial) this.cutLines++;
    return joined(p);
  }

  /** Every unfinished line as it stands (end of input, shutdown), oldest first. */
  drain(): PendingPiece[] {
    const out: PendingPiece[] = [];
    for (const p of this.pending.values()) {
      const line = joined(p);
      out.push({ key: p.key, line, pod: line.pod, timeMs: line.timeMs });
    }
    this.pending.clear();
    return out;
  }

  get pendingKeys(): number {
    return this.pending.size;
  }

  private start(k: string, key: string, line: ContainerLine): ContainerLine | undefined {
    if (this.pending.size >= this.opts.maxKeys || line.text.length >= this.opts.maxBytes) {
      this.cutLines++;
      return { ...line, partial: false };
    }
    this.pending.set(k, { key, first: line, parts: [line.text], bytes: line.text.length });
    return undefined;
  }
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
  return line;
}
