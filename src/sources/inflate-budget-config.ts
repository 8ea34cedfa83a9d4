import { Type, type Static } from '@sinclair/typebox';
import { Duration } from '../config/duration.js';

/** Shared by every input that inflates request bodies (see inflate-budget.ts). */
export const DecompressionConfigSchema = Type.Object(
  {
    budgetBytes: Type.Integer({
      minimum: 1024 * 1024,
      default: 64 * 1024 * 1024,
      description: 'bytes all requests together may be inflating at once (each reserves what its body may inflate to, at most input.http.maxDecompressedBytes); past it requests wait',
    }),
    maxWait: Duration('2s', 'how long a request may wait for room in the decompression budget before it is answered 503 with Retry-After'),
  },
  { default: {}, additionalProperties: false },
);

export type DecompressionConfig = Static<typeof DecompressionConfigSchema>;
