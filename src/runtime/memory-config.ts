import { Type, type Static } from '@sinclair/typebox';

const MiB = 1024 * 1024;

/** What the process may use in all, when nothing outside it says (memory-budget.ts). */
export const MemoryConfigSchema = Type.Object(
  {
    budgetBytes: Type.Integer({
      minimum: 128 * MiB,
      default: 512 * MiB,
      description:
        "memory the whole process may use when its cgroup sets no limit (a container's limit, cgroup memory.max or memory.limit_in_bytes, takes its place when there is one); serve sizes the heaps from it: the main thread's (serve starts again with --max-old-space-size unless node options or NODE_OPTIONS already give one) and the pipeline workers'; what the heaps leave goes to the caps set to auto (pipeline.queue.maxBytes, input.http.maxReceivingBytes, input.decompression.budgetBytes), and pipeline.workers auto takes no more workers than it affords, so that every part at its worst adds up to at most this (README: Pipeline workers and memory). The default is the DaemonSet's limit",
    }),
  },
  { default: {}, additionalProperties: false },
);

export type MemoryConfig = Static<typeof MemoryConfigSchema>;
