import t from 'tap';
import { PassThrough } from 'node:stream';
import { readLineBatches } from '../../src/sources/line-batches.js';
import { cutLine, readLineBlocks, type LineBlock } from '../../src/sources/line-blocks.js';

/** A block's lines as a consumer cuts them (what WorkerFeeder.addBlock does). */
function blockLines(b: LineBlock, maxLineBytes: number, onOverflow: () => void): string[] {
  const out: string[] = [];
  if (b.head !== undefined) out.push(b.head);
  if (!b.hasLines) return out;
  for (let i = b.start; ; ) {
    const nl = i < b.end ? b.buf.indexOf(10, i) : -1;
    const lineEnd = nl < 0 || nl > b.end ? b.end : nl;
    const end = lineEnd > i && b.buf[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd;
    const cut = end - i > maxLineBytes + 1 ? cutLine(b.buf, i, end, maxLineBytes, onOverflow) : undefined;
    out.push(cut ?? b.buf.toString('utf8', i, end));
    if (lineEnd >= b.end) break;
    i = lineEnd + 1;
  }
  return out;
}

async function feed(chunks: Buffer[], start: (input: PassThrough) => Promise<void>): Promise<void> {
  const input = new PassThrough();
  const done = start(input);
  for (const c of chunks) {
    input.write(c);
    await new Promise((r) => setImmediate(r));
  }
  input.end();
  await done;
}

async function viaBatches(chunks: Buffer[], maxLineBytes: number) {
  const lines: string[] = [];
  let overflows = 0;
  let bytes = 0;
  await feed(chunks, (input) => readLineBatches(input, { maxLineBytes, onBatch: (b, n) => (lines.push(...b), (bytes += n), true), onOverflow: () => overflows++ }).done);
  return { lines, overflows, bytes };
}

async function viaBlocks(chunks: Buffer[], maxLineBytes: number) {
  const lines: string[] = [];
  let overflows = 0;
  let bytes = 0;
  const onOverflow = () => overflows++;
  await feed(chunks, (input) => readLineBlocks(input, { maxLineBytes, onBlock: (b) => (lines.push(...blockLines(b, maxLineBytes, onOverflow)), (bytes += b.bytes), true), onOverflow }).done);
  return { lines, overflows, bytes };
}

function cutInto(bytes: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length];
    chunks.push(bytes.subarray(at, at + n));
    at += n;
  }
  return chunks;
}

t.test('blocks give the lines readLineBatches gives, however the input is cut into chunks', async (t) => {
  const inputs = [
    'first line\r\nsecond\n\nthird\nfourth\nfifth',
    'naïve ✓ 🚀\nnext\r\n\r\n\n',
    'before\n' + 'x'.repeat(2500) + '\nafter one\r\nafter two\n' + 'y'.repeat(1500),
    'é'.repeat(700) + '\n' + 'é'.repeat(400) + 'z\nshort\n',
    '\n\n\n',
    '{"log":"a\\"b","kubernetes":{"pod_name":"p"}}\n' + 'bad \xff\xfe bytes\n',
  ];
  for (const text of inputs) {
    const bytes = Buffer.from(text, text.includes('\xff') ? 'latin1' : 'utf8');
    for (const sizes of [[bytes.length], [1], [3, 7], [64, 5], [999, 1]]) {
      const chunks = cutInto(bytes, sizes);
      const want = await viaBatches(chunks, 1000);
      const got = await viaBlocks(chunks, 1000);
      t.same({ lines: got.lines, overflows: got.overflows }, { lines: want.lines, overflows: want.overflows }, `${JSON.stringify(text.slice(0, 20))} in chunks of ${sizes.join(',')}`);
      // Progress counts bytes here (readLineBatches counts decoded characters).
      t.equal(got.bytes, bytes.length);
    }
  }
});

t.test('a refused block pauses reading until resume; the last one waits too, nothing is lost', async (t) => {
  const input = new PassThrough();
  const got: string[] = [];
  let refuse = true;
  const reader = readLineBlocks(input, {
    maxLineBytes: 100,
    onBlock: (b) => {
      if (refuse) return false;
      got.push(...blockLines(b, 100, () => undefined));
      return true;
    },
  });
  input.write('a\nb\n');
  await new Promise((r) => setImmediate(r));
  t.ok(input.isPaused(), 'the stream is paused while a block is refused');
  input.end('c\nunterminated');
  await new Promise((r) => setImmediate(r));
  t.same(got, []);
  refuse = false;
  reader.resume();
  await reader.done;
  t.same(got, ['a', 'b', 'c', 'unterminated']);
});
