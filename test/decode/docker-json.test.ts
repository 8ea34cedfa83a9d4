import t from 'tap';
import { decodeContainerLine } from '../../src/decode/container-line.js';

void t.test('docker json-file line: trailing newline stripped, time and stream read', async (t) => {
  const line = '{"log":"[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9\\n","stream":"stderr","time":"2023-03-15T00:42:07.123456789Z"}';
  t.same(decodeContainerLine(line), {
    text: '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9',
    timeMs: Date.UTC(2023, 2, 15, 0, 42, 7) + 123.456789,
    stream: 'stderr',
    partial: false,
    framing: 'docker',
    pod: undefined,
  });
});

void t.test('docker keeps the echoed source line indentation and CRLF endings are stripped', async (t) => {
  const d = decodeContainerLine('{"log":"  setattr(self, word, getattr(machar, word).flat[0])\\r\\n","stream":"stdout","time":"2023-03-15T00:42:07Z"}');
  t.equal(d.text, '  setattr(self, word, getattr(machar, word).flat[0])');
  t.equal(d.stream, 'stdout');
  t.equal(d.framing, 'docker');
});

void t.test('docker with attrs (--log-opt labels) is still docker', async (t) => {
  const d = decodeContainerLine('{"log":"x\\n","stream":"stdout","attrs":{"app":"api"},"time":"2023-03-15T00:42:07Z"}');
  t.equal(d.framing, 'docker');
  t.equal(d.text, 'x');
});

void t.test('broken or non-object JSON stays raw and does not throw', async (t) => {
  for (const l of ['{"log":"x\\n","stream":"stdout"', '{"log": 12}', '{"log"}', '{"log":"a"} trailing']) {
    const d = decodeContainerLine(l);
    t.equal(d.framing, 'raw', l);
    t.equal(d.text, l);
  }
});
