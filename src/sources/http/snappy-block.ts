import { malformed } from './input-error.js';

/**
 * Checks every element of a raw snappy block (the format's description in google/snappy's
 * format_description.txt) without writing anything: literal lengths within the input, copy
 * offsets within what is written so far, and the total equal to the declared length. snappyjs
 * checks none of these: a literal length past 2^31 read as negative sent its read position
 * backwards, and a 91-byte body kept a decoder busy for seconds. Throws HttpInputError 400.
 */
export function checkSnappyBlock(body: Uint8Array, declared: number, lengthBytes: number): void {
  let pos = lengthBytes;
  let out = 0;
  const end = body.length;
  while (pos < end) {
    const c = body[pos++];
    const type = c & 3;
    let len: number;
    if (type === 0) {
      len = (c >>> 2) + 1;
      if (len > 60) {
        const extra = len - 60;
        if (pos + extra > end) throw bad('literal length runs past the input');
        len = 0;
        for (let i = extra - 1; i >= 0; i--) len = len * 256 + body[pos + i];
        len += 1;
        pos += extra;
      }
      if (len > end - pos) throw bad('literal runs past the input');
      pos += len;
    } else {
      let offset: number;
      if (type === 1) {
        if (pos + 1 > end) throw bad('copy runs past the input');
        len = ((c >>> 2) & 7) + 4;
        offset = ((c >>> 5) << 8) | body[pos];
        pos += 1;
      } else if (type === 2) {
        if (pos + 2 > end) throw bad('copy runs past the input');
        len = (c >>> 2) + 1;
        offset = body[pos] | (body[pos + 1] << 8);
        pos += 2;
      } else {
        if (pos + 4 > end) throw bad('copy runs past the input');
        len = (c >>> 2) + 1;
        offset = (body[pos] | (body[pos + 1] << 8) | (body[pos + 2] << 16)) + body[pos + 3] * 16777216;
        pos += 4;
      }
      if (offset === 0 || offset > out) throw bad('copy from before the start of the output');
    }
    out += len;
    if (out > declared) throw bad('more output than the declared length');
  }
  if (out !== declared) throw bad('less output than the declared length');
}

function bad(why: string) {
  return malformed(`invalid snappy block: ${why}`);
}
