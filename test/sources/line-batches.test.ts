import t from 'tap';
import { PassThrough } from 'node:stream';
import { readLineBatches } from '../../src/sources/line-batches.js';

async function collect(chunks: (string | Buffer)[], opts: { maxLineBytes?: number; batchLines?: number } = {}) {
  const input = new PassThrough();
  const lines: string[] = [];
  let overflows = 0;
  const reader = readLineBatches(input, {
    maxLineBytes: opts.maxLineBytes ?? 1024,
    batchLines: opts.batchLines,
    onBatch: (b) => {
      lines.push(...b);
      return true;
    },
    onOverflow: () => overflows++,
  });
  for (const c of chunks) {
    input.write(c);
    await new Promise((r) => setImmediate(r));
  }
  input.end();
  await reader.done;
  return { lines, overflows };
}

t.test('lines split across chunks, CRLF, empty lines and a missing final newline', async (t) => {
  const { lines } = await collect(['first li', 'ne\r\nsecond\n\nthi', 'rd\nfourth\nfif', 'th']);
  t.same(lines, ['first line', 'second', '', 'third', 'fourth', 'fifth']);
});

t.test('a multi-byte character split between chunks is decoded whole', async (t) => {
  const bytes = Buffer.from('naïve ✓ 🚀\nnext\n');
  const { lines } = await collect([bytes.subarray(0, 3), bytes.subarray(3, 11), bytes.subarray(11)]);
  t.same(lines, ['naïve ✓ 🚀', 'next']);
});

t.test('a line past maxLineBytes is cut to the limit plus one character (the pipeline truncates and marks it); the lines around it survive', async (t) => {
  const long = 'x'.repeat(5000);
  const { lines, overflows } = await collect(['before\n' + long.slice(0, 2000), long.slice(2000), long.slice(4000) + '\nafter one\nafter two\n'], { maxLineBytes: 1000 });
  t.same(lines, ['before', 'x'.repeat(1001), 'after one', 'after two']);
  t.equal(overflows, 1);
  const inOne = await collect(['a\n' + long + '\nb\n'], { maxLineBytes: 1000 });
  t.same(inOne.lines, ['a', 'x'.repeat(1001), 'b'], 'the same whether the line spans chunks or not');
  const atEnd = await collect(['a\n' + long], { maxLineBytes: 1000 });
  t.same(atEnd.lines, ['a', 'x'.repeat(1001)], 'an unterminated last line too');
});

t.test('batches are cut at batchLines', async (t) => {
  const input = new PassThrough();
  const sizes: number[] = [];
  const reader = readLineBatches(input, { maxLineBytes: 100, batchLines: 3, onBatch: (b) => (sizes.push(b.length), true) });
  input.end('a\nb\nc\nd\ne\nf\ng\n');
  await reader.done;
  t.same(sizes, [3, 3, 1]);
});

t.test('a refused batch pauses reading until resume, and nothing is lost', async (t) => {
  const input = new PassThrough();
  const got: string[] = [];
  let open = false;
  const reader = readLineBatches(input, {
    maxLineBytes: 100,
    batchLines: 2,
    onBatch: (b) => {
      if (!open) return false;
      got.push(...b);
      return true;
    },
  });
  input.end('1\n2\n3\n4\n5\n');
  await new Promise((r) => setTimeout(r, 20));
  t.same(got, []);
  open = true;
  reader.resume();
  await reader.done;
  t.same(got, ['1', '2', '3', '4', '5']);
});
