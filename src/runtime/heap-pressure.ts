import { getHeapStatistics } from 'node:v8';

/**
 * Share of this thread's V8 heap limit that accepted input may fill before inputs are pushed
 * back. The other half is for what is not queued yet (one request being decoded: up to
 * input.http.maxDecompressedBytes of text, twice that as UTF-16), garbage not yet collected, and
 * the rest of the process. Counted bytes (queue.maxBytes) only estimate what a line costs; this is
 * the heap's own figure, so no input mix can take the heap to its limit by queueing.
 */
export const INPUT_HEAP_SHARE = 0.5;

type HeapStats = () => { used_heap_size: number; heap_size_limit: number };

/** True while the used heap (live data and garbage not yet collected) is past `share` of the limit. About 1 µs a call. */
export function heapPressure(share = INPUT_HEAP_SHARE, stats: HeapStats = getHeapStatistics): () => boolean {
  const threshold = stats().heap_size_limit * share;
  return () => stats().used_heap_size > threshold;
}
