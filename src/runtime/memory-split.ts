import type { Config } from '../config/schema.js';
import { mainHeapBytes, workerHeapBytes, workerHeapLimits } from './heap-limits.js';

const MiB = 1024 * 1024;

/**
 * Node outside the heaps: its code and builtins (RssFile ~43 MiB), malloc arenas, stacks. Idle
 * `serve` measures 91 MiB RSS with no worker (this and a small main heap) and ~21 MiB more per
 * idle worker (WORKER_OVERHEAD_BYTES and the worker's committed heap).
 */
export const NODE_BYTES = 60 * MiB;
/** One worker isolate outside its heap: its own builtins, stacks and malloc. */
export const WORKER_OVERHEAD_BYTES = 8 * MiB;
/**
 * Batches posted to one worker and not yet processed: two full batches (worker-runner.ts:
 * MAX_IN_FLIGHT_ENTRIES is two BATCH_ENTRIES of up to BATCH_CHARS = 4 MiB of text each).
 */
export const IN_FLIGHT_BYTES_PER_WORKER = 8 * MiB;

/** How the room left after the fixed parts is shared between the derived caps (queue : receiving : inflating). */
const WEIGHTS = { queue: 2, receiving: 1, inflating: 1 } as const;
/** A derived queue holds at least this much (and one request's largest batch). */
const MIN_QUEUE_BYTES = 16 * MiB;
/** No derived cap grows past this (the fixed defaults before they were derived): more budget buys nothing here. */
const MAX_DERIVED_BYTES = 64 * MiB;

export type CapSetting = 'auto' | number;

/** The config keys the split reads: the three caps (`auto` or explicit) and the per-request limits. */
export interface InputCapSettings {
  /** pipeline.queue.maxBytes */
  queueBytes: CapSetting;
  /** input.http.maxReceivingBytes */
  receivingBytes: CapSetting;
  /** input.decompression.budgetBytes */
  inflateBytes: CapSetting;
  /** The largest body one request may send (over the inputs): one is always let in alone. */
  bodyLimit: number;
  /** The most one request may inflate to (over the inputs): one past the budget runs alone. */
  maxDecompressedBytes: number;
}

type Part = 'node' | 'mainHeap' | 'workerHeaps' | 'inFlight' | 'queue' | 'receiving' | 'inflating';

/** The memory budget shared out: the caps the components get, and each part's worst case. */
export interface MemorySplit {
  budgetBytes: number;
  workers: number;
  /** What pipeline.queue.maxBytes, input.http.maxReceivingBytes, input.decompression.budgetBytes are. */
  queueBytes: number;
  receivingBytes: number;
  inflateBytes: number;
  /** Each part at its worst (heaps at their limits, every buffer full); `total` is their sum. */
  parts: Record<Part, number>;
  total: number;
}

/** What the process holds whatever the input: Node, the heaps at their limits, batches in flight to the workers. */
function fixedParts(budgetBytes: number, workers: number): Pick<Record<Part, number>, 'node' | 'mainHeap' | 'workerHeaps' | 'inFlight'> {
  return {
    node: NODE_BYTES + workers * WORKER_OVERHEAD_BYTES,
    mainHeap: mainHeapBytes(budgetBytes),
    workerHeaps: workers === 0 ? 0 : workers * workerHeapBytes(workerHeapLimits(workers, budgetBytes)),
    inFlight: workers * IN_FLIGHT_BYTES_PER_WORKER,
  };
}

type Cap = 'queue' | 'receiving' | 'inflating';

/**
 * The least each derived cap may be. A single request is let in past each cap (the receiving
 * budget admits one body of bodyLimit, the inflate budget runs one body up to
 * maxDecompressedBytes alone, the queue takes any batch when empty), so a cap below that buys
 * nothing. The receiving budget holds two of the largest bodies: it refuses rather than queues, so
 * with room for only one, a largest body would be refused for as long as smaller ones keep
 * arriving (measured: a 15.7 MiB body refused 69 times in 90 s beside a flood of 0.6 MiB ones);
 * the inflate budget queues its waiters in order, so one is enough there.
 */
function capFloors(s: InputCapSettings): Record<Cap, number> {
  return {
    queue: Math.max(MIN_QUEUE_BYTES, s.bodyLimit, s.maxDecompressedBytes),
    receiving: 2 * s.bodyLimit,
    inflating: s.maxDecompressedBytes,
  };
}

function setting(s: InputCapSettings, cap: Cap): CapSetting {
  return cap === 'queue' ? s.queueBytes : cap === 'receiving' ? s.receivingBytes : s.inflateBytes;
}

/**
 * Shares `budgetBytes` out for `workers` pipeline workers: the fixed parts first, then what is
 * left goes to the caps set to `auto` (queue : receiving : inflating as 2 : 1 : 1, each between
 * its floor and 64 MiB, rounded down to whole MiB). Explicit caps are kept as they are. With the
 * defaults the parts add up to at most the budget whenever the budget affords the floors
 * (affordableWorkers); otherwise `total` says by how much it does not.
 */
export function memorySplit(budgetBytes: number, workers: number, s: InputCapSettings): MemorySplit {
  const fixed = fixedParts(budgetBytes, workers);
  const floors = capFloors(s);
  const caps = {} as Record<Cap, number>;
  const worst = {} as Record<Cap, number>;
  let room = budgetBytes - fixed.node - fixed.mainHeap - fixed.workerHeaps - fixed.inFlight;
  let open: Cap[] = [];
  for (const cap of ['queue', 'receiving', 'inflating'] as const) {
    const v = setting(s, cap);
    if (v === 'auto') {
      open.push(cap);
      continue;
    }
    caps[cap] = v;
    // At its worst an explicit cap holds what it says, or the one request it always lets in.
    worst[cap] = Math.max(v, cap === 'receiving' ? s.bodyLimit : floors[cap]);
    room -= worst[cap];
  }
  // Water-filling: shares below their floor are pinned there first and the rest shared again,
  // then shares above the ceiling likewise (pinning a floor leaves less for the others, so both
  // at once could pin a ceiling that is no longer reached); at most one pass per cap.
  while (open.length > 0) {
    const weight = open.reduce((a, c) => a + WEIGHTS[c], 0);
    const share = (c: Cap) => (room * WEIGHTS[c]) / weight;
    const low = open.filter((c) => share(c) < floors[c]);
    const high = open.filter((c) => share(c) > Math.max(MAX_DERIVED_BYTES, floors[c]));
    const settle = low.length > 0 ? low : high.length > 0 ? high : open;
    for (const c of settle) {
      const v = Math.min(Math.max(MAX_DERIVED_BYTES, floors[c]), Math.max(floors[c], Math.floor(share(c) / MiB) * MiB));
      caps[c] = worst[c] = v;
    }
    for (const c of settle) room -= caps[c];
    open = open.filter((c) => !settle.includes(c));
  }
  const parts = { ...fixed, queue: worst.queue, receiving: worst.receiving, inflating: worst.inflating };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { budgetBytes, workers, queueBytes: caps.queue, receivingBytes: caps.receiving, inflateBytes: caps.inflating, parts, total };
}

/**
 * The most pipeline workers whose split fits the budget, at most `cpus` and at least 1: each
 * worker costs its heap (64 MiB old at least, 24 MiB young), its overhead and its batches in
 * flight, ~104 MiB, so 512 MiB affords 2 and 1 GiB about 5. A budget too small even for one
 * still gets one; the service warns that its worst case exceeds the budget.
 */
export function affordableWorkers(budgetBytes: number, cpus: number, s: InputCapSettings): number {
  for (let n = Math.max(1, cpus); n > 1; n--) {
    if (memorySplit(budgetBytes, n, s).total <= budgetBytes) return n;
  }
  return 1;
}

/** The split's settings from a validated config: the three caps, and the largest per-request limits over the inputs. */
export function capSettings(config: Config): InputCapSettings {
  const { http, otlp, decompression } = config.input;
  return {
    queueBytes: config.pipeline.queue.maxBytes,
    receivingBytes: http.maxReceivingBytes,
    inflateBytes: decompression.budgetBytes,
    bodyLimit: Math.max(http.bodyLimit, otlp.bodyLimit),
    maxDecompressedBytes: Math.max(http.maxDecompressedBytes, otlp.maxDecompressedBytes),
  };
}

/**
 * A cap for a component built without the service's split (a test, a bench, an embedding):
 * `auto` is the most a derived cap may be.
 */
export function standaloneCap(v: CapSetting): number {
  return v === 'auto' ? MAX_DERIVED_BYTES : v;
}
