import { malformed, tooLarge } from './input-error.js';

/**
 * Decoders must support windows of at least 8 MiB (RFC 8878 §3.1.1.1.2) and need no more for
 * what Fluent Bit or the zstd CLI produce at ordinary levels; a frame asking for more is refused
 * before anything is allocated for it.
 */
export const MAX_ZSTD_WINDOW = 8 * 1024 * 1024;
/** Bytes moved to slide the window, per byte of limit, allowed for frames without a content size. */
const WINDOW_WORK_FACTOR = 16;
/**
 * What the blocks can write at most (a compressed block up to the block maximum), per byte of
 * limit. Real compressors fill their blocks, so this is about the true size; the slack is for
 * block splitting at high levels. A frame that under-declares its content size still costs the
 * decoder every block's writes, so this bounds frames with a content size too.
 */
const BLOCK_WORK_FACTOR = 2;
const BLOCK_MAX = 128 * 1024;

export interface ZstdPlan {
  /** Bytes the body can inflate to at most (exact for frames that declare their content size). */
  outputBound: number;
  frames: number;
}

const RAW = 0;
const RLE = 1;
const COMPRESSED = 2;

/**
 * Walks a zstd body's frame and block headers (RFC 8878) without decoding anything, so a body
 * whose frames declare a window, a content size, or a sum of block sizes past the limit is
 * refused (413) before a decoder allocates for it. A frame without a content size makes the
 * decoder slide its window once per block; their product is bounded too, so a body of many empty
 * blocks over a large window cannot cost minutes. Throws HttpInputError (413 or 400).
 */
export function planZstd(body: Uint8Array, limit: number): ZstdPlan {
  let at = 0;
  let outputBound = 0;
  let blockWork = 0;
  let windowWork = 0;
  let frames = 0;
  const need = (n: number) => {
    if (at + n > body.length) throw malformed('invalid zstd data: truncated frame');
  };
  while (at < body.length) {
    need(4);
    const magic = readLE(body, at, 4);
    at += 4;
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      // Skippable frame: a 4-byte length and that many bytes of user data.
      need(4);
      const size = readLE(body, at, 4);
      at += 4;
      need(size);
      at += size;
      continue;
    }
    if (magic !== 0xfd2fb528) throw malformed('invalid zstd data: bad frame magic');
    frames++;
    need(1);
    const fhd = body[at++];
    const fcsFlag = fhd >> 6;
    const singleSegment = (fhd >> 5) & 1;
    if (fhd & 0x08) throw malformed('invalid zstd data: reserved frame header bit set');
    const checksum = (fhd >> 2) & 1;
    const dictBytes = [0, 1, 2, 4][fhd & 3];
    let windowSize = 0;
    if (!singleSegment) {
      need(1);
      const wd = body[at++];
      const base = 2 ** (10 + (wd >> 3));
      windowSize = base + (base / 8) * (wd & 7);
    }
    need(dictBytes);
    if (dictBytes > 0 && readLE(body, at, dictBytes) !== 0) throw malformed('invalid zstd data: dictionaries are not supported');
    at += dictBytes;
    const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
    need(fcsBytes);
    let contentSize = -1;
    if (fcsBytes > 0) contentSize = readLE(body, at, fcsBytes) + (fcsBytes === 2 ? 256 : 0);
    at += fcsBytes;
    if (singleSegment) windowSize = contentSize;
    if (contentSize > limit - outputBound) throw tooLarge(`zstd frame declares ${contentSize} bytes, past the decompressed limit of ${limit} bytes`);
    if (contentSize < 0 && windowSize > Math.min(MAX_ZSTD_WINDOW, limit)) {
      throw tooLarge(`zstd window of ${windowSize} bytes is larger than the ${Math.min(MAX_ZSTD_WINDOW, limit)} bytes logsift decodes`);
    }
    const blockMax = Math.min(windowSize > 0 ? windowSize : BLOCK_MAX, BLOCK_MAX);
    let frameBound = 0;
    let blocks = 0;
    for (let last = 0; !last; ) {
      need(3);
      const header = readLE(body, at, 3);
      at += 3;
      last = header & 1;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      blocks++;
      if (type === RAW) {
        need(size);
        at += size;
        frameBound += size;
      } else if (type === RLE) {
        need(1);
        at += 1;
        frameBound += size;
      } else if (type === COMPRESSED) {
        if (size > blockMax) throw malformed('invalid zstd data: compressed block larger than the block maximum');
        need(size);
        at += size;
        frameBound += blockMax;
      } else {
        throw malformed('invalid zstd data: reserved block type');
      }
      if (contentSize < 0 && outputBound + frameBound > limit) throw tooLarge(`zstd body can inflate past the decompressed limit of ${limit} bytes`);
      if (blockWork + frameBound > BLOCK_WORK_FACTOR * limit) throw tooLarge(`zstd blocks can inflate past the decompressed limit of ${limit} bytes`);
    }
    blockWork += frameBound;
    if (checksum) {
      need(4);
      at += 4;
    }
    if (contentSize >= 0) {
      // The decoder allocates the declared size and writes into it directly: no window to slide.
      outputBound += contentSize;
    } else {
      outputBound += frameBound;
      windowWork += blocks * windowSize;
      if (windowWork > WINDOW_WORK_FACTOR * limit) {
        throw tooLarge(`zstd body of ${blocks} blocks over a ${windowSize}-byte window without a declared content size costs too much to decode`);
      }
    }
  }
  return { outputBound, frames };
}

/** Little-endian unsigned integer of n ≤ 8 bytes, exact up to 2^53. */
function readLE(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + b[at + i];
  return v;
}
