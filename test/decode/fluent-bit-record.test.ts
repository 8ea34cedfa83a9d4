import t from 'tap';
import { decodeContainerLine } from '../../src/decode/container-line.js';
import { fixtureLines } from './fixture.js';

void t.test('the incident records: text, time from date, stream, pod from the kubernetes map', async (t) => {
  const lines = fixtureLines('seed-incident/fluent-bit-records.jsonl');
  const decoded = lines.map((l) => decodeContainerLine(l));
  t.same(decoded.filter((d) => d.framing !== 'fluent-bit'), []);
  t.same(decoded[0], {
    text: '[2023-03-15 09:42:06 +0900] [1] [INFO] Starting gunicorn 20.1.0',
    timeMs: Date.UTC(2023, 2, 15, 0, 42, 6),
    stream: 'stderr',
    partial: false,
    framing: 'fluent-bit',
    pod: { namespace: 'dev', pod: 'api-7f9c6d5b8-x2x9k', container: 'api', node: 'node-1' },
  });
  const pods = new Set(decoded.map((d) => `${d.pod?.namespace}/${d.pod?.pod}`));
  t.same([...pods].sort(), ['dev/api-7f9c6d5b8-x2x9k', 'prod/api-7f9c6d5b8-k4p2q']);
  t.equal(decoded.filter((d) => d.text.startsWith('  ')).length, 80 + 8, 'echoed source lines keep indentation');
});

const BOOT_9 = '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9';

void t.test('every Json_Date_Format Fluent Bit 5.1.1 sends', async (t) => {
  const cases: [string, number][] = [
    ['fluent-bit-out-http/json_lines.body', 1795534609265.703],
    ['fluent-bit-out-http/json_lines_epoch.body', 1795534613000],
    ['fluent-bit-out-http/json_lines_epoch_ms.body', 1795534614878],
    ['fluent-bit-out-http/json_lines_iso8601.body', Date.UTC(2026, 10, 24, 15, 36, 58) + 358.263],
    ['fluent-bit-out-http/json_lines_java_sql_timestamp.body', Date.UTC(2026, 10, 24, 15, 36, 59) + 480.804],
  ];
  for (const [file, firstMs] of cases) {
    const lines = fixtureLines(file).filter((l) => l.length > 0);
    t.equal(lines.length, 6, file);
    const d = lines.map((l) => decodeContainerLine(l));
    t.equal(d[0].text, BOOT_9, file);
    t.equal(d[0].framing, 'fluent-bit', file);
    t.ok(Math.abs((d[0].timeMs ?? 0) - firstMs) < 0.01, `${file}: ${d[0].timeMs} ~ ${firstMs}`);
    t.equal(d[4].text, '  setattr(self, word, getattr(machar, word).flat[0])', file);
    t.equal(d[0].pod, undefined, `${file}: plain record has no pod`);
    t.same(d[5].pod, { namespace: 'default', pod: 'web-7d4b9c-abcde', container: 'app', node: 'node-1' }, file);
  }
});

void t.test('escapes, unicode and a tab-led line survive', async (t) => {
  const d = fixtureLines('fluent-bit-out-http/special_chars_json_lines.body').map((l) => decodeContainerLine(l));
  t.equal(d[0].text, '[2023-03-15 09:42:40 +0900] [12] [ERROR] quote=" backslash=\\ tab=\tend');
  t.equal(d[1].text, '[2023-03-15 09:42:41 +0900] [12] [INFO] 日本語のメッセージ ✓ emoji=🚀');
  t.equal(d[3].text, '\tThis probably means the server terminated abnormally');
});

void t.test('message/msg is the text only for a record with a kubernetes map', async (t) => {
  const k = '"kubernetes":{"pod_name":"api-1","namespace_name":"dev"}';
  const d = decodeContainerLine(`{"message":"hello","@timestamp":"2023-03-15T00:42:06Z",${k}}`);
  t.equal(d.framing, 'fluent-bit');
  t.equal(d.text, 'hello');
  t.equal(d.timeMs, Date.UTC(2023, 2, 15, 0, 42, 6));
  t.same(d.pod, { namespace: 'dev', pod: 'api-1', container: 'unknown' });
  const app = '{"level":"info","ts":1678840927.1,"msg":"request done"}';
  t.same(decodeContainerLine(app), { text: app, timeMs: undefined, stream: undefined, partial: false, framing: 'raw', pod: undefined });
});

void t.test('_p P marks a partial record; CRI framing inside log is decoded', async (t) => {
  t.equal(decodeContainerLine('{"date":1678840926.0,"_p":"P","log":"half","stream":"stdout"}').partial, true);
  const d = decodeContainerLine('{"date":1795534609.2,"log":"2023-03-15T00:42:07.000000000Z stderr P part one"}');
  t.equal(d.framing, 'fluent-bit');
  t.equal(d.text, 'part one');
  t.equal(d.partial, true);
  t.equal(d.stream, 'stderr');
  t.equal(d.timeMs, Date.UTC(2023, 2, 15, 0, 42, 7));
});

void t.test('a record read from a file names its container instance', async (t) => {
  const line = '{"date":1795534609.265712,"log":"x","kubernetes":{"pod_name":"web-7d4b9c-abcde","namespace_name":"default","container_name":"app","docker_id":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}';
  t.equal(decodeContainerLine(line).containerId, '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
  const cri = '{"log":"2024-05-06T10:00:00.000000000Z stdout F x","kubernetes":{"pod_name":"p","namespace_name":"n","docker_id":"' + 'e'.repeat(64) + '"}}';
  t.equal(decodeContainerLine(cri).containerId, 'e'.repeat(64), 'also with CRI framing inside log');
  t.equal(decodeContainerLine('{"log":"x\\n","stream":"stdout","time":"2024-05-06T10:00:00Z"}').containerId, undefined, 'docker json-file names none');
});
