import t from 'tap';
import { decodeContainerLine, type ContainerLine } from '../../src/decode/container-line.js';
import { PartialAssembler } from '../../src/decode/partial-assembler.js';

const LONG = 'x'.repeat(40);
const cri = (time: string, stream: string, tag: string, text: string): ContainerLine =>
  decodeContainerLine(`2023-03-15T00:42:${time}.000000000Z ${stream} ${tag} ${text}`);

void t.test('a complete line passes through as the same object', async (t) => {
  const a = new PartialAssembler({ maxBytes: 1000, maxKeys: 10, maxHeldBytes: 1 << 20 });
  const line = cri('07', 'stderr', 'F', '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9');
  t.equal(a.push('dev/api', line), line);
});

void t.test('P pieces join until F, keeping the first piece time; stdout and stderr kept apart', async (t) => {
  const a = new PartialAssembler({ maxBytes: 1000, maxKeys: 10, maxHeldBytes: 1 << 20 });
  t.equal(a.push('dev/api', cri('07', 'stderr', 'P', '[2023-03-15 09:42:07 +0900] [9] [ERROR] payload=')), undefined);
  t.equal(a.push('dev/api', cri('07', 'stdout', 'P', 'GET /a ')), undefined);
  t.equal(a.push('dev/api', cri('08', 'stderr', 'P', LONG)), undefined);
  t.equal(a.pendingKeys, 2);
  const out = a.push('dev/api', cri('09', 'stderr', 'F', ' end'));
  t.same(out, {
    text: '[2023-03-15 09:42:07 +0900] [9] [ERROR] payload=' + LONG + ' end',
    timeMs: Date.UTC(2023, 2, 15, 0, 42, 7),
    stream: 'stderr',
    partial: false,
    framing: 'cri',
    pod: undefined,
  });
  t.equal(a.push('dev/api', cri('09', 'stdout', 'F', '200'))?.text, 'GET /a 200');
  t.equal(a.pendingKeys, 0);
  t.equal(a.cutLines, 0);
});

void t.test('keys are separate streams: another pod never joins', async (t) => {
  const a = new PartialAssembler({ maxBytes: 1000, maxKeys: 10, maxHeldBytes: 1 << 20 });
  a.push('dev/api', cri('07', 'stderr', 'P', 'dev-'));
  t.equal(a.push('prod/api', cri('07', 'stderr', 'F', 'prod'))?.text, 'prod');
  t.equal(a.push('dev/api', cri('07', 'stderr', 'F', 'tail'))?.text, 'dev-tail');
});

// Issue 8.6/8.7: the line limit applies to a reassembled line as to any other: it is truncated
// at the limit and goes out at once; the rest of its pieces, up to the F, are skipped.
void t.test('at maxBytes the line goes out truncated at once, and its remaining pieces are skipped up to the F', async (t) => {
  const a = new PartialAssembler({ maxBytes: 100, maxKeys: 10, maxHeldBytes: 1 << 20 });
  t.equal(a.push('k', cri('07', 'stderr', 'P', LONG)), undefined);
  t.equal(a.push('k', cri('07', 'stderr', 'P', LONG)), undefined);
  const cut = a.push('k', cri('07', 'stderr', 'P', LONG));
  t.equal(cut?.text, (LONG + LONG + LONG).slice(0, 100));
  t.equal(cut?.truncated, true);
  t.equal(cut?.partial, false);
  t.equal(a.push('k', cri('08', 'stderr', 'P', 'more of the same line')), undefined, 'skipped');
  t.equal(a.push('k', cri('08', 'stderr', 'F', 'its end')), undefined, 'skipped, and the skipping ends');
  t.equal(a.push('k', cri('09', 'stderr', 'F', 'next line'))?.text, 'next line');
  t.equal(a.pendingKeys, 0);
});

void t.test('an unterminated P chain goes out after the quiet interval', async (t) => {
  const a = new PartialAssembler({ maxBytes: 1000, maxKeys: 10, maxHeldBytes: 1 << 20 });
  a.push('k', cri('07', 'stderr', 'P', 'never '), 1000);
  a.push('k', cri('07', 'stderr', 'P', 'finished'), 1500);
  a.push('j', cri('07', 'stdout', 'P', 'recent'), 2400);
  t.same(a.flushIdle(2400, 1000), [], 'nothing is quiet for the interval yet');
  const out = a.flushIdle(2500, 1000);
  t.same(out.map((p) => [p.key, p.line.text]), [['k', 'never finished']]);
  t.equal(a.pendingKeys, 1);
  t.equal(a.heldBytes, 'recent'.length);
});

void t.test('6,000 streams holding pieces stay within the held-bytes bound; the oldest go out first', async (t) => {
  const a = new PartialAssembler({ maxBytes: 256 * 1024, maxKeys: 10_000, maxHeldBytes: 16 * 1024 * 1024 });
  const piece = 'y'.repeat(20 * 1024);
  let evicted = 0;
  let passed = 0;
  for (let i = 0; i < 6000; i++) {
    if (a.push(`pod-${i}`, cri('07', 'stdout', 'P', piece)) !== undefined) passed++;
    const out = a.takeEvicted();
    if (i === 6000 - 1 || out.length > 0) evicted += out.length;
    if (out.length > 0 && evicted === out.length) t.equal(out[0].key, 'pod-0', 'the oldest goes first');
  }
  t.equal(passed, 0, 'every piece is taken in');
  t.ok(a.heldBytes <= 16 * 1024 * 1024, `held ${a.heldBytes} characters`);
  t.equal(evicted + a.pendingKeys, 6000, 'every line is either held or handed back: none dropped');
});

void t.test('past maxKeys a new P piece passes through on its own', async (t) => {
  const a = new PartialAssembler({ maxBytes: 1000, maxKeys: 2, maxHeldBytes: 1 << 20 });
  a.push('a', cri('07', 'stderr', 'P', 'a1'));
  a.push('b', cri('07', 'stderr', 'P', 'b1'));
  const c = a.push('c', cri('07', 'stderr', 'P', 'c1'));
  t.equal(c?.text, 'c1');
  t.equal(c?.partial, false);
  t.equal(a.pendingKeys, 2);
  t.equal(a.cutLines, 1);
});

void t.test('drain hands back unfinished lines with their key, oldest first', async (t) => {
  const a = new PartialAssembler({ maxBytes: 1000, maxKeys: 10, maxHeldBytes: 1 << 20 });
  a.push('a', cri('07', 'stderr', 'P', 'a1'));
  a.push('a', cri('07', 'stderr', 'P', 'a2'));
  a.push('b', cri('08', 'stdout', 'P', 'b1'));
  const d = a.drain();
  t.same(d.map((p) => [p.key, p.line.text, p.line.stream, p.timeMs]), [
    ['a', 'a1a2', 'stderr', Date.UTC(2023, 2, 15, 0, 42, 7)],
    ['b', 'b1', 'stdout', Date.UTC(2023, 2, 15, 0, 42, 8)],
  ]);
  t.equal(a.pendingKeys, 0);
  t.same(a.drain(), []);
});
