// Found by the fuzz suite: snappyjs does not bound a literal's length, and a 4-byte length past
// 2^31 is read as negative, sending its read position backwards: this 91-byte body kept the event
// loop busy for 2 s (8 s for others like it). Blocks are now checked element by element first.
import t from 'tap';
import fc from 'fast-check';
import snappy from 'snappyjs';
import { checkSnappyBlock } from '../../../src/sources/http/snappy-block.js';
import { decompressBody, snappyDeclaredLength } from '../../../src/sources/http/bounded-decompress.js';

const FOUND = Buffer.from('ae07fcea9298e28194e2819a0a22fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100e20100a40af09f9e80f0afa1b6e0aca7fe0100fe0100e20100a40af09f9e80f0afa1b6e0aca7', 'hex');

t.test('the body the fuzz suite found is refused before snappyjs sees it', async (t) => {
  t.equal(FOUND.length, 91);
  t.throws(() => checkSnappyBlock(FOUND, snappyDeclaredLength(FOUND), 2), { status: 400, message: /literal runs past the input/ });
  await t.rejects(decompressBody(FOUND, 'snappy', 64 * 1024 * 1024), { status: 400, message: /invalid snappy block/ });
});

t.test('copies from before the output, and lengths that disagree with the header, are refused', async (t) => {
  t.throws(() => checkSnappyBlock(Buffer.from([4, 0x01, 0x05]), 4, 1), { message: /copy from before the start/ });
  t.throws(() => checkSnappyBlock(Buffer.from([5, 0x00, 0x61]), 5, 1), { message: /less output/ });
  t.throws(() => checkSnappyBlock(Buffer.from([1, 0x04, 0x61, 0x62]), 1, 1), { message: /more output/ });
});

t.test('every block snappyjs writes passes, and decodes to what was compressed', async () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 5000 }), fc.integer({ min: 1, max: 30 }), (data, repeat) => {
      const input = Buffer.concat(new Array<Buffer>(repeat).fill(Buffer.from(data)));
      const block = Buffer.from(snappy.compress(input));
      const declared = snappyDeclaredLength(block);
      let lengthBytes = 1;
      while (block[lengthBytes - 1] & 0x80) lengthBytes++;
      checkSnappyBlock(block, declared, lengthBytes);
      return Buffer.from(snappy.uncompress(block)).equals(input);
    }),
    { numRuns: 300, seed: 8 },
  );
});
