import t from 'tap';
import { decodeContainerLine } from '../../src/decode/container-line.js';

void t.test('raw lines pass through untouched', async (t) => {
  for (const l of [
    '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9',
    '/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:499: UserWarning: The value of the smallest subnormal for <class \'numpy.float32\'> type is zero.',
    '  setattr(self, word, getattr(machar, word).flat[0])',
    '',
    '{',
    '}',
  ]) {
    t.same(decodeContainerLine(l), { text: l, timeMs: undefined, stream: undefined, partial: false, framing: 'raw', pod: undefined });
  }
});

void t.test('unwrapped text: CRI is still found, JSON is left for the app parser', async (t) => {
  const cri = decodeContainerLine('2023-03-15T00:42:07.000000000Z stderr F [2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', true);
  t.equal(cri.framing, 'cri');
  t.equal(cri.text, '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9');
  const json = '{"log":"looks like docker but is the app\'s own JSON","stream":"stderr","time":"2023-03-15T00:42:07Z"}';
  t.equal(decodeContainerLine(json, true).framing, 'raw');
  t.equal(decodeContainerLine(json, false).framing, 'docker');
});

void t.test('hostile input never throws', async (t) => {
  const junk = ['\u0000\u0001', '{"log":"\\ud800"}', '{'.repeat(10_000) + '}', '2'.repeat(50), '9999-99-99T99:99:99Z stdout F x'];
  for (const l of junk) t.doesNotThrow(() => decodeContainerLine(l));
  t.equal(decodeContainerLine('{"log":"\\ud800"}').text, '\ud800');
});
