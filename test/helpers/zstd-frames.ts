/**
 * Hand-built zstd frames (RFC 8878) from raw and RLE blocks: Node 20 has no zstd encoder, and
 * these are exactly the shapes a hostile sender controls (window, content size, block list).
 */
export type Block = { raw: Uint8Array } | { rle: number; size: number } | { empty: true };

export interface FrameSpec {
  /** Window_Descriptor byte (exponent << 3 | mantissa); omitted for single-segment frames. */
  windowDescriptor?: number;
  /** Frame_Content_Size, written in 8 bytes (or 4 when single-segment needs no more). */
  contentSize?: number;
  singleSegment?: boolean;
  blocks: Block[];
}

export const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

export function zstdFrame(spec: FrameSpec): Buffer {
  const out: number[] = [...ZSTD_MAGIC];
  const fcsFlag = spec.contentSize === undefined ? 0 : 3;
  out.push((fcsFlag << 6) | (spec.singleSegment ? 0x20 : 0));
  if (!spec.singleSegment) out.push(spec.windowDescriptor ?? (10 << 3)); // 1 MiB by default
  if (spec.contentSize !== undefined) {
    let v = spec.contentSize;
    for (let i = 0; i < 8; i++) {
      out.push(v % 256);
      v = Math.floor(v / 256);
    }
  }
  const parts: Buffer[] = [Buffer.from(out)];
  spec.blocks.forEach((b, i) => {
    const last = i === spec.blocks.length - 1 ? 1 : 0;
    let type = 0;
    let size = 0;
    let body: Buffer = Buffer.alloc(0);
    if ('raw' in b) {
      size = b.raw.length;
      body = Buffer.from(b.raw);
    } else if ('rle' in b) {
      type = 1;
      size = b.size;
      body = Buffer.from([b.rle]);
    }
    const header = last | (type << 1) | (size << 3);
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), body);
  });
  return Buffer.concat(parts);
}

/** Text as a frame of full 128 KiB raw blocks, with its content size declared. */
export function zstdOfText(text: string): Buffer {
  return zstdOfBytes(Buffer.from(text));
}

/** Bytes as a frame of full 128 KiB raw blocks, with the content size declared. */
export function zstdOfBytes(data: Buffer): Buffer {
  const blocks: Block[] = [];
  for (let at = 0; at < data.length; at += 128 * 1024) blocks.push({ raw: data.subarray(at, at + 128 * 1024) });
  if (blocks.length === 0) blocks.push({ empty: true });
  return zstdFrame({ contentSize: data.length, windowDescriptor: 13 << 3, blocks });
}
