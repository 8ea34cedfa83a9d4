import t from 'tap';
import { decodeContainerLine, type ContainerLine } from '../../src/decode/container-line.js';
import { PartialAssembler } from '../../src/decode/partial-assembler.js';

const LONG = 'x'.repeat(40);
const cri = (time: string, stream: string, tag: string, text: string): ContainerLine =>
  decodeContainerLine(`2023-03-15T00:42:${time}.000000000Z ${stream} ${tag} ${text}`);

void t.test('a complete line passes through as the same object', async (t) => {
  const a = new PartialAssembler({ maxBytes: 1000, maxKeys: 10 });
  const line = cri('07', 'stderr', 'F', '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9');
  t.equal(a.push('dev/api', line), line);
});

void t.test('P pieces join until F, keeping the first piece time; stdout and stderr kept apart', async (t) => {
  const a = new PartialAssembler({ maxBytes: 1000, maxKeys: 10 });
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
  const a = new PartialAssembler({ maxBytes: 1000, maxKeys: 10 });
  a.push('dev/api', cri('07', 'stderr', 'P', 'dev-'));
  t.equal(a.push('prod/api', cri('07', 'stderr', 'F', 'prod'))?.text, 'prod');
  t.equal(a.push('dev/api', cri('07', 'stderr', 'F', 'tail'))?.text, 'dev-tail');
});

void t.test('past maxBytes the pieces so far go out as one line and counting starts again', async (t) => {
  const a = new PartialAssembler({ maxBytes: 100, maxKeys: 10 });
  t.equal(a.push('k', cri('07', 'stderr', 'P', LONG)), undefined);
  t.equal(a.push('k', cri('07', 'stderr', 'P', LONG)), undefined);
  const cut = a.push('k', cri('07', 'stderr', 'P', LONG));
  t.equal(cut?.text, LONG + LONG + LONG);
  t.equal(cut?.partial, false);
  t.equal(a.cutLines, 1);
  t.equal(a.push('k', cri('08', 'stderr', 'F', 'rest'))?.text, 'rest');
});

void t.test('past maxKeys a new P piece passes through on its own', async (t) => {
  const a = new PartialAssembler({ maxBytes: 1000, maxKeys: 2 });
  a.push('a', cri('07', 'stderr', 'P', 'a1'));
  a.push('b', cri('07', 'stderr', 'P', 'b1'));
  const c = a.push('c', cri('07', 'stderr', 'P', 'c1'));
  t.equal(c?.text, 'c1');
  t.equal(c?.partial, false);
  t.equal(a.pendingKeys, 2);
  t.equal(a.cutLines, 1);
});

void t.test('drain hands back unfinished lines with their key, oldest first', async (t) => {
  const a = new PartialAssembler({ maxBytes: 1000, maxKeys: 10 });
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
