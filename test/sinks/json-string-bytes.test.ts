import t from 'tap';
import { jsonStringMaxBytes, writeJsonString } from '../../src/sinks/json-string-bytes.js';

/** What writeJsonString must write: JSON.stringify's text as UTF-8. */
function want(s: string): Buffer {
  return Buffer.from(JSON.stringify(s));
}

/** The bytes written at an offset into a marked buffer; throws when it writes outside its room. */
function written(s: string, at = 3): Buffer {
  const buf = Buffer.alloc(at + jsonStringMaxBytes(s.length) + 8, 0xaa);
  const end = writeJsonString(buf, at, s);
  if (end > at + jsonStringMaxBytes(s.length)) throw new Error(`past its room: ${JSON.stringify(s)}`);
  if (buf[at - 1] !== 0xaa || buf[end] !== 0xaa) throw new Error(`outside its bytes: ${JSON.stringify(s)}`);
  return buf.subarray(at, end);
}

t.test('every char class is written as JSON.stringify encodes it', async (t) => {
  const cases = [
    '',
    'plain ASCII access line 10.0.0.1 - - [15/Mar/2023:09:00:00 +0900] "GET / HTTP/1.1" 200 12',
    'quote " backslash \\ slash / tab \t newline \n cr \r bs \b ff \f nul \u0000 unit sep \u001f del \u007f',
    'latin-1 é ü ß \u00a0 \u00ff',
    'BMP ✓ 日本 \u0800 \uffff line sep \u2028 para sep \u2029',
    'pair \ud83d\ude80 at end \ud83d\ude80',
    'lone high \ud83d then text, lone low \ude80, high at end \ud800',
    '\udbff\udfff\ud800\udc00 reversed pair \ude80\ud83d',
    // As many UTF-16 units as the first scratch buffer has bytes, one of them two bytes of UTF-8:
    // a write cut at the buffer's end must not pass for ASCII.
    'é' + 'a'.repeat(65_535),
    '✓' + 'b'.repeat(65_534) + '"',
  ];
  // Messages name the case by number: raw U+2028 or U+FFFF in a TAP line confuses the parser.
  cases.forEach((s, i) => t.same(written(s), want(s), `case ${i}: ${s.length} units`));
  // Every UTF-16 unit alone and next to an ASCII char and a high surrogate.
  for (let c = 0; c < 0x10000; c += c < 0x900 ? 1 : 7) {
    const ch = String.fromCharCode(c);
    for (const s of [ch, 'a' + ch + 'b', '\ud83d' + ch, ch + '\ude80']) {
      if (!written(s).equals(want(s))) t.fail(`char ${c.toString(16)} in ${JSON.stringify(s)}`);
    }
  }
});

t.test('random strings, including ones longer than the scratch buffer', async (t) => {
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    return (seed >>> 8) % n;
  };
  const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\u0001', 'é', '✓', '\ud83d\ude80', '\ud83d', '\ude80', '\u2028'];
  for (let i = 0; i < 300; i++) {
    const len = i === 0 ? 200_000 : rnd(400);
    const ascii = i % 3 === 0;
    let s = '';
    for (let j = 0; j < len; j++) s += alphabet[rnd(ascii ? 8 : alphabet.length)];
    if (!written(s).equals(want(s))) t.fail(`random string ${i} (${len} units)`);
  }
  const long = 'x"'.repeat(100_000);
  t.same(written(long), want(long), 'a long ASCII string grows the scratch');
  t.same(written('after "growth" ✓'), want('after "growth" ✓'), 'and shorter ones still come out right');
});
