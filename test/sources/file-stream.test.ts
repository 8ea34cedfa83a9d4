import t from 'tap';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileStream } from '../../src/sources/file-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'logsift-file-stream-'));

/** Bytes no two chunks share by accident: a counter, so a chunk out of order or repeated shows. */
function content(bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = (i * 7 + (i >> 8)) & 0xff;
  return b;
}

async function readAll(path: string, chunkBytes: number, onChunk?: (n: number) => void): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const c of fileStream(path, chunkBytes)) {
    chunks.push(c as Buffer);
    onChunk?.(chunks.length);
  }
  return chunks;
}

t.test('the chunks are the file, in order, whatever the chunk size', async (t) => {
  for (const [bytes, chunk] of [[0, 16], [1, 16], [16, 16], [17, 16], [100_003, 4096], [3 << 20, 1 << 16]]) {
    const path = join(dir, `f-${bytes}-${chunk}`);
    const want = content(bytes);
    writeFileSync(path, want);
    const chunks = await readAll(path, chunk);
    t.ok(Buffer.concat(chunks).equals(want), `${bytes} bytes in ${chunk}-byte chunks`);
    t.ok(chunks.every((c) => c.length > 0 && c.length <= chunk), 'no empty or oversized chunk');
  }
});

t.test('a chunk kept by the consumer is never overwritten by a later read', async (t) => {
  const path = join(dir, 'kept');
  const want = content(5 << 20);
  writeFileSync(path, want);
  const chunks = await readAll(path, 1 << 16);
  // All chunks are held until the end: any reuse of their memory would show here.
  t.ok(Buffer.concat(chunks).equals(want));
});

t.test('a file that grows while it is read: no gap, no repeat', async (t) => {
  const path = join(dir, 'growing');
  const first = content(1000);
  writeFileSync(path, first);
  const more = Buffer.from('appended after the first short read\n');
  // The first read is short (the file ends at 1000): what arrives before the next read is read too.
  const chunks = await readAll(path, 4096, (n) => {
    if (n === 1) appendFileSync(path, more);
  });
  const got = Buffer.concat(chunks);
  t.ok(got.subarray(0, 1000).equals(first), 'the first part');
  // The appended bytes may or may not be seen (a read ahead may already have found the end), but
  // nothing between is lost: what was read after the first 1000 bytes is a prefix of them.
  t.ok(more.subarray(0, got.length - 1000).equals(got.subarray(1000)), 'no gap, no repeat');
});

t.test('a missing file is an error event, not a throw', async (t) => {
  const err = await new Promise<Error>((resolve) => {
    const s = fileStream(join(dir, 'missing'), 4096);
    s.on('error', resolve);
    s.resume();
  });
  t.match(err, { code: 'ENOENT' });
});

t.test('destroyed while reads are in flight, it closes once they end', async (t) => {
  const path = join(dir, 'early');
  writeFileSync(path, content(1 << 20));
  const s = fileStream(path, 4096);
  await new Promise<void>((resolve) => s.once('data', () => resolve()));
  s.destroy();
  await new Promise<void>((resolve) => s.once('close', () => resolve()));
  t.pass('closed');
});
