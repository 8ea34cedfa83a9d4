import t from 'tap';
import { decodeContainerLine } from '../../src/decode/container-line.js';
import { parseJsonRecord } from '../../src/decode/json-record.js';
import { scanJsonRecord } from '../../src/decode/json-record-scan.js';
import { fixtureLines } from './fixture.js';

/** What decodeContainerLine answered before the scanner: the full JSON.parse path. */
function reference(line: string) {
  return parseJsonRecord(line) ?? { text: line, timeMs: undefined, stream: undefined, partial: false, framing: 'raw', pod: undefined };
}

const K = '"kubernetes":{"pod_name":"api-1","namespace_name":"dev","container_name":"api","labels":{"app":"api"},"host":"node-1"}';
const HAND_MADE = [
  `{"log":"[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9",${K}}`,
  `{"log":"10.0.0.1 - - [15/Mar/2023:09:00:00 +0900] \\"GET / HTTP/1.1\\" 200 512 \\"-\\" \\"curl/7.88.1\\"",${K}}`,
  `{"date":1678840926.25,"log":"a\\\\","stream":"stderr","_p":"F",${K}}`,
  `{"time":"2023-03-15T00:42:06.5Z","stream":"stdout","_p":"P","log":"half",${K}}`,
  `{"log":"x\\n","stream":"stderr","time":"2023-03-15T00:42:07.123456789Z"}`,
  `{"log":"x\\r\\n","stream":"stdout","attrs":{"app":"api"},"time":"2023-03-15T00:42:07Z"}`,
  `{"log":"x","stream":"stdout","time":1678840926}`,
  `{"log":"2023-03-15T00:42:07.000000000Z stderr P part one",${K}}`,
  `{"log":"a","kubernetes":{"namespace_name":"dev"}}`,
  `{"log":"a","kubernetes":[1,2]}`,
  `{"log":"a","kubernetes":"api-1"}`,
  `{"log":"a",${K},"stream":"stderr"}`,
  `{ "log" : "spaced" , "stream" : "stdout" , ${K} }  `,
  `{"log":"a","log":"b"}`,
  `{"lo\\u0067":"escaped key"}`,
  `{"log":"a","stream":"std\\u006fut"}`,
  `{"log":"a","_p":"\\u0050"}`,
  `{"log":"a","time":"2023-03-15T00:42:0\\u0037Z"}`,
  `{"log":12}`,
  `{"log":"a","n":-0.5e+3,"t":true,"f":false,"z":null,"arr":[{"x":"]"}]}`,
  `{"log":"a","n":01}`,
  `{"log":"a","n":1.}`,
  `{"log":"a","bad":{"x":tru}}`,
  `{"log":"a","bad":"\\x"}`,
  `{"log":"bad escape \\x"}`,
  `{"log":"\\ud83d\\ude80 rocket","other":"é"}`,
  `{"message":"hello","@timestamp":"2023-03-15T00:42:06Z",${K}}`,
  `{"log":"a","@timestamp":"2023-03-15T00:42:06Z","date":"not a date","time":5}`,
  `{"log":"a"} trailing`,
  `{"log":"a",}`,
  `{}`,
  `{"log":"unterminated}`,
  // Where the log string ends when it has escapes (the fast path searches for `","kubernetes":{`).
  `{"log":"say \\"hi\\",\\"kubernetes\\":{ x",${K}}`,
  `{"log":"a\\\\",${K}}`,
  `{"log":"tab\\there",${K}}`,
  `{"log":"a\\"",${K}}`,
  `{"log":"a\\",${K}}`,
  `{"log":"a\\\\\\",${K}}`,
  `{"log":"a\\n","kubernetes":{"x":"\\",\\"kubernetes\\":{"},${K}}`,
  `{"log":"esc \\u0001 ctl \u0001 raw",${K}}`,
];

/** A small seeded generator, so the mutation cases are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), a | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

void t.test('the scanner answers exactly as the full parse on real and hand-made records', async (t) => {
  const lines = [
    ...fixtureLines('seed-incident/fluent-bit-records.jsonl'),
    ...fixtureLines('fluent-bit-out-http/json_lines.body'),
    ...fixtureLines('fluent-bit-out-http/special_chars_json_lines.body'),
    ...fixtureLines('fluent-bit-out-http/special_chars_json_lines_noescape.body'),
    ...fixtureLines('fluent-bit-out-http/json_lines_iso8601.body'),
    ...HAND_MADE,
  ];
  let same = 0;
  for (const line of lines) {
    const got = decodeContainerLine(line);
    const want = reference(line);
    if (JSON.stringify(got) === JSON.stringify(want)) same++;
    else t.same(got, want, line);
  }
  t.equal(same, lines.length, `${same} of ${lines.length} records decoded as the full parse does`);
});

void t.test('the scanner agrees with the full parse on thousands of mutated records', async (t) => {
  // Mutations draw from JSON's structural characters and escapes (no raw control characters:
  // there the scanner is knowingly more lenient, see json-record-scan.ts).
  const alphabet = ['"', '\\', '{', '}', '[', ']', ':', ',', ' ', 'a', '0', '-', '.', 'e', 'u', 'n', 'P', 'log', 'kubernetes', '"log":', '"_p":"P"'];
  const seeds = [...fixtureLines('seed-incident/fluent-bit-records.jsonl').slice(0, 30), ...HAND_MADE];
  const next = rng(12);
  let checked = 0;
  let scanned = 0;
  for (let n = 0; n < 6000; n++) {
    let line = seeds[Math.floor(next() * seeds.length)];
    for (let m = 1 + Math.floor(next() * 3); m > 0; m--) {
      const at = Math.floor(next() * line.length);
      const op = next();
      if (op < 0.4) line = line.slice(0, at) + line.slice(at + 1);
      else if (op < 0.8) line = line.slice(0, at) + alphabet[Math.floor(next() * alphabet.length)] + line.slice(at);
      else line = line.slice(0, at) + alphabet[Math.floor(next() * alphabet.length)] + line.slice(at + 1);
    }
    if (line.charCodeAt(0) !== 123) continue;
    const got = decodeContainerLine(line);
    const want = reference(line);
    if (JSON.stringify(got) !== JSON.stringify(want)) t.same(got, want, line);
    if (scanJsonRecord(line) !== null) scanned++;
    checked++;
  }
  t.ok(checked > 3000, `${checked} mutated records checked`);
  t.ok(scanned > 500, `${scanned} of them taken by the scanner, not the fallback`);
});

void t.test('records of one pod share one frozen identity, whatever their other fields', async (t) => {
  const a = decodeContainerLine(`{"log":"one","stream":"stdout",${K}}`);
  const b = decodeContainerLine(`{"time":"2023-03-15T00:42:06Z","log":"two",${K}}`);
  t.ok(a.pod !== undefined && a.pod === b.pod, 'the same object');
  t.ok(Object.isFrozen(a.pod));
  t.same(a.pod, { namespace: 'dev', pod: 'api-1', container: 'api', node: 'node-1' });
  const other = decodeContainerLine(`{"log":"three",${K.replace('api-1', 'api-2')}}`);
  t.equal(other.pod?.pod, 'api-2', 'a map that differs in one character is another pod');
});

void t.test('many distinct kubernetes maps: every record still gets its own pod (the cache is bounded, not lossy)', async (t) => {
  for (let i = 0; i < 20_000; i++) {
    const d = decodeContainerLine(`{"log":"x","kubernetes":{"pod_name":"p-${i}","namespace_name":"ns"}}`);
    if (d.pod?.pod !== `p-${i}`) {
      t.fail(`record ${i} got ${d.pod?.pod}`);
      return;
    }
  }
  t.pass('20,000 pods decoded');
});
