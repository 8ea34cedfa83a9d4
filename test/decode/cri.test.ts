import t from 'tap';
import { decodeCri } from '../../src/decode/cri.js';
import { decodeContainerLine } from '../../src/decode/container-line.js';
import { DEV_CRI_LOG, fixtureLines } from './fixture.js';

void t.test('every line of the kubelet file of the crashing pod decodes as CRI', async (t) => {
  const lines = fixtureLines(DEV_CRI_LOG);
  const plain = fixtureLines('seed-incident/gunicorn-numpy.log');
  t.equal(lines.length, 243);
  const decoded = lines.map((l) => decodeContainerLine(l));
  t.same(decoded.filter((d) => d.framing !== 'cri'), []);
  t.same(decoded.filter((d) => d.stream !== 'stderr' || d.partial), []);
  // Removing the framing gives exactly what `kubectl logs` shows.
  t.same(decoded.map((d) => d.text), plain);
  t.equal(decoded[0].timeMs, Date.UTC(2023, 2, 15, 0, 42, 6));
  t.equal(decoded[242].timeMs, Date.UTC(2023, 2, 15, 0, 47, 17));
});

void t.test('an echoed source line keeps its leading spaces', async (t) => {
  const d = decodeCri('2023-03-15T00:42:07.000000000Z stderr F   setattr(self, word, getattr(machar, word).flat[0])');
  t.equal(d?.text, '  setattr(self, word, getattr(machar, word).flat[0])');
});

void t.test('P tag, stdout, offsets and an empty message', async (t) => {
  t.same(decodeCri('2023-03-15T09:42:06.250000000+09:00 stdout P first half '), {
    text: 'first half ', timeMs: Date.UTC(2023, 2, 15, 0, 42, 6, 250), stream: 'stdout', partial: true,
    framing: 'cri', pod: undefined,
  });
  t.equal(decodeCri('2023-03-15T00:42:06Z stdout F ')?.text, '');
  t.equal(decodeCri('2023-03-15T00:42:06Z stdout F')?.text, '');
});

void t.test('lines that only look like CRI stay undecoded', async (t) => {
  for (const l of [
    '2023-03-15T00:42:06Z stdin F x',
    '2023-03-15T00:42:06Z stderr X x',
    '2023-03-15T00:42:06Z stderr Fx',
    '2023-03-15 09:42:07,123 - app - ERROR - boom',
    '2023-03-15T99:42:06Z stderr F x',
    '10.1.0.0 - - [15/Mar/2023:09:42:09 +0900] "GET /healthz HTTP/1.1" 200 2',
    '12345',
  ]) {
    t.equal(decodeCri(l), undefined, l);
    t.equal(decodeContainerLine(l).framing, 'raw', l);
  }
});
