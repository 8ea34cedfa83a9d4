import { Type, type Static } from '@sinclair/typebox';
import { Duration } from '../config/duration.js';

/** Shared by every input that inflates request bodies (see inflate-budget.ts). */
export const DecompressionConfigSchema = Type.Object(
  {
    budgetBytes: Type.Union([Type.Literal('auto'), Type.Integer({ minimum: 1024 * 1024 })], {
      default: 'auto',
      description:
        'bytes all requests together may be inflating at once (each reserves what its body may inflate to, at most input.http.maxDecompressedBytes); past it requests wait (one larger than the budget runs alone). auto: a share of memory.budgetBytes (a quarter of what the heaps leave, at least maxDecompressedBytes, at most 64 MiB: 16 MiB of 512 with 2 workers)',
    }),
    maxWait: Duration('2s', 'how long a request may wait for room in the decompression budget before it is answered 503 with Retry-After'),
  },
  { default: {}, additionalProperties: false },
);

export type DecompressionConfig = Static<typeof DecompressionConfigSchema>;
