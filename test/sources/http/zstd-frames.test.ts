// Issue 8.2: a 10-byte zstd body allocated ~2 GB (the decoder honoured the window the header
// declared) and a 166-byte one blocked the event loop for 11 s (the window slid once per empty
// block). Frame and block headers are now checked before any decoder allocates.
import t from 'tap';
import { decompress } from 'fzstd';
import { planZstd, MAX_ZSTD_WINDOW } from '../../../src/sources/http/zstd-frames.js';
import { decompressBody } from '../../../src/sources/http/bounded-decompress.js';
import { HttpInputError } from '../../../src/sources/http/input-error.js';
import { zstdFrame, zstdOfText } from '../../helpers/zstd-frames.js';
import { capturedRequest } from './support.js';

const LIMIT = 64 * 1024 * 1024;
/** Window_Descriptor for 1 GiB + 7/8 GiB: just under what the decoder itself refuses. */
const HUGE_WINDOW = (20 << 3) | 7;

/** The 10 bytes: a frame header with a ~1.9 GB window and one empty RLE block. */
const TEN_BYTES = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, HUGE_WINDOW, 0x03, 0x00, 0x00, 0x00]);
/** 166 bytes: the same window and 53 empty blocks, each of which slid the whole window. */
const MANY_BLOCKS = zstdFrame({ windowDescriptor: HUGE_WINDOW, blocks: [...new Array(52).fill({ empty: true }), { rle: 0, size: 0 }] });

async function status(p: Promise<unknown>): Promise<number | string> {
  try {
    await p;
    return 200;
  } catch (err) {
    return err instanceof HttpInputError ? err.status : String(err);
  }
}

t.test('the issue frames are refused 413 before anything is allocated', async (t) => {
  t.equal(TEN_BYTES.length, 10);
  t.equal(MANY_BLOCKS.length, 166);
  const rss = process.memoryUsage().rss;
  for (const body of [TEN_BYTES, MANY_BLOCKS]) {
    t.throws(() => planZstd(body, LIMIT), { status: 413, reason: 'too_large', message: /window of 2013265920 bytes/ });
    t.equal(await status(decompressBody(body, 'zstd', LIMIT)), 413);
  }
  const grown = process.memoryUsage().rss - rss;
  t.ok(grown < 256 * 1024 * 1024, `RSS grew by ${Math.round(grown / 1048576)} MiB (a decoded window would be ~1.9 GiB)`);
});

t.test('a declared content size past the limit is refused before decoding', async (t) => {
  const body = zstdFrame({ contentSize: LIMIT + 1, windowDescriptor: 10 << 3, blocks: [{ rle: 120, size: 1000 }] });
  t.throws(() => planZstd(body, LIMIT), { status: 413, message: /declares 67108865 bytes/ });
});

t.test('blocks that can write past the limit are refused, with or without a declared size', async (t) => {
  const blocks = new Array(1100).fill({ rle: 0x41, size: 128 * 1024 });
  t.throws(() => planZstd(zstdFrame({ blocks }), LIMIT), { status: 413, message: /zstd/ });
  t.throws(() => planZstd(zstdFrame({ contentSize: 1000, blocks }), LIMIT), { status: 413, message: /zstd/ }, 'a lying content size does not hide the blocks');
});

t.test('many blocks over a large window without a content size are refused (the decoder slides the window per block)', async (t) => {
  const body = zstdFrame({ windowDescriptor: 13 << 3, blocks: new Array(200_000).fill({ empty: true }) });
  t.throws(() => planZstd(body, LIMIT), { status: 413, message: /200000 blocks over a 8388608-byte window/ });
  t.equal(MAX_ZSTD_WINDOW, 8 * 1024 * 1024);
});

t.test('truncated and reserved structures are 400', async (t) => {
  const good = zstdOfText('hello\n');
  t.throws(() => planZstd(good.subarray(0, good.length - 2), LIMIT), { status: 400, message: /invalid zstd data/ });
  t.throws(() => planZstd(Buffer.from([1, 2, 3, 4, 5]), LIMIT), { status: 400, message: /magic/ });
  const reservedBlock = Buffer.concat([good.subarray(0, 14), Buffer.from([0x07, 0x00, 0x00])]);
  t.throws(() => planZstd(reservedBlock, LIMIT), { status: 400, message: /invalid zstd data/ });
});

t.test('real and hand-built frames decode exactly, skippable frames are skipped', async (t) => {
  const fixture = capturedRequest('json_lines_zstd').body;
  const plan = planZstd(fixture, LIMIT);
  const expected = decompress(fixture);
  t.ok(plan.outputBound >= expected.length, 'the bound covers the real output');
  t.same(await decompressBody(fixture, 'zstd', LIMIT), Buffer.from(expected));

  const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9]);
  const two = Buffer.concat([zstdOfText('a\n'), skippable, zstdOfText('b\n')]);
  t.same(planZstd(two, LIMIT), { outputBound: 4, frames: 2 });
  t.equal((await decompressBody(two, 'zstd', LIMIT)).toString(), 'a\nb\n');
});

t.test('a large body is decoded on the worker thread with the same result', async (t) => {
  const line = '{"log":"[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9"}\n';
  const text = line.repeat(Math.ceil((3 * 1024 * 1024) / line.length));
  const out = await decompressBody(zstdOfText(text), 'zstd', LIMIT);
  t.equal(out.length, Buffer.byteLength(text));
  t.ok(out.equals(Buffer.from(text)));
  // A corrupt large body is a 400 from the worker, not a crash.
  const corrupt = zstdOfText(text);
  corrupt[corrupt.length - 5] ^= 0xff;
  const bad = Buffer.concat([corrupt.subarray(0, 14), Buffer.from([0x05, 0x00, 0x40]), Buffer.alloc(0x40 << 5, 0xff)]);
  t.equal(await status(decompressBody(bad, 'zstd', LIMIT)), 400);
});
