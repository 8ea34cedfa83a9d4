import { setFlagsFromString } from 'node:v8';

/**
 * Heap growth for the batch commands (`analyze`, `tag`): after each full collection the old
 * generation may grow to four times what survived it, the most V8's own heuristic allows.
 *
 * V8 picks that factor from how fast the program allocates against how fast it collects. When
 * `tag` writes into a slow reader (`| jq`, the bench's verifier) the process waits most of the
 * time, V8 judges the allocation rate low and leaves the old generation only ~10 % of headroom,
 * so the few MB that each batch promotes start a full collection every time: 40-60 of them per
 * 500k lines instead of 2-4 (`--trace-gc`: "GC in old space requested" at 12-15 MB), about
 * 0.5-0.9 CPU-s. The live data here is small (templates, pods: ~12 MB), so the larger headroom
 * costs a few tens of MB at most. Not for `serve`, whose memory is budgeted against the
 * container's limit (heap-limits.ts). V8 reads this flag at each collection, so setting it once
 * the isolate runs takes effect (as linear-regex.ts does for the regex engine's flags).
 */
export function batchHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=300');
}
