import t from 'tap';
import { fixtureLines, DEV_CRI_LOG } from '../decode/fixture.js';
import { decodeContainerLine } from '../../src/decode/container-line.js';
import { collecting, pushAll, shape } from './group-helpers.js';

void t.test('each numpy warning joins the source line Python echoes, at once', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'dev/api', [
    "/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:499: UserWarning: The value of the smallest subnormal for <class 'numpy.float32'> type is zero.",
    '  setattr(self, word, getattr(machar, word).flat[0])',
  ]);
  t.equal(g.pendingStreams, 0, 'no wait after the echo');
  t.same(out.map((x) => [x.kind, x.lines]), [['python-warning', [
    "/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:499: UserWarning: The value of the smallest subnormal for <class 'numpy.float32'> type is zero.",
    '  setattr(self, word, getattr(machar, word).flat[0])',
  ]]]);
  t.equal(out[0].bytes, out[0].lines[0].length + out[0].lines[1].length);
});

void t.test('the whole crashing-pod log: 80 warning pairs, 83 gunicorn lines, nothing lost', async (t) => {
  const lines = fixtureLines('seed-incident/gunicorn-numpy.log');
  const { g, out } = collecting();
  pushAll(g, 'dev/api', lines);
  g.flushAll();
  const kinds = new Map<string, number>();
  for (const x of out) kinds.set(`${x.kind}/${x.lines.length}`, (kinds.get(`${x.kind}/${x.lines.length}`) ?? 0) + 1);
  t.same(Object.fromEntries(kinds), { 'single/1': 83, 'python-warning/2': 80 });
  t.same(out.flatMap((x) => x.lines), lines);
  t.same(out.filter((x) => x.kind === 'python-warning').map((x) => x.lines[1].startsWith('  ')), Array(80).fill(true));
});

void t.test('the same from the kubelet CRI file', async (t) => {
  const texts = fixtureLines(DEV_CRI_LOG).map((l) => decodeContainerLine(l).text);
  const { g, out } = collecting();
  pushAll(g, 'dev/api', texts);
  g.flushAll();
  t.equal(out.length, 163);
  t.equal(out.filter((x) => x.kind === 'python-warning').length, 80);
});

void t.test('a warning without its echo stays a warning, alone', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [
    'app/views.py:12: DeprecationWarning: use render() instead',
    '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9',
  ]);
  t.same(shape(out), [['python-warning', 1], ['single', 1]]);
});
