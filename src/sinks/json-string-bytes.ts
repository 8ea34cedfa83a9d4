/**
 * `JSON.stringify(s)` encoded as UTF-8, written straight into `buf` at `offset`; returns the
 * offset after it. The bytes are exactly those of `Buffer.from(JSON.stringify(s))`: `"` and `\`
 * escaped, `\b \f \n \r \t` short, other controls as `\u00xx`, lone surrogates as `\udxxx` (a
 * well-formed JSON.stringify), everything else as its UTF-8.
 *
 * Why not that expression: tag's record body is most of a line, and stringifying it made a new
 * string that was then concatenated and encoded again (about 0.5 µs per record of the realistic
 * workload). One pass over the chars here costs about half of that.
 *
 * The caller makes room first: at most `jsonStringMaxBytes(s.length)` bytes are written.
 */
export function writeJsonString(buf: Uint8Array, offset: number, s: string): number {
  // Pure ASCII (nearly every log line): encoded natively into scratch, then escaped from bytes,
  // which a loop reads faster than charCodeAt of a sliced string. Any other char makes the UTF-8
  // longer than the string, and the general loop below takes the string.
  // The scratch holds the whole UTF-8 (at most 3 bytes a unit): a write cut short at its end
  // could otherwise come to exactly n bytes for a string that is not ASCII.
  const n = s.length;
  if (3 * n > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.max(3 * n, 2 * scratch.length));
  if (utf8Write(scratch, s) === n) return writeAsciiBytes(buf, offset, scratch, n);
  let o = offset;
  buf[o++] = QUOTE;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      const e = ESCAPE[c];
      if (e === 0) buf[o++] = c;
      else if (e === 1) {
        buf[o++] = BACKSLASH;
        buf[o++] = c;
      } else if (e === 2) {
        o = unicodeEscape(buf, o, c);
      } else {
        buf[o++] = BACKSLASH;
        buf[o++] = e;
      }
    } else if (c < 0x800) {
      buf[o++] = 0xc0 | (c >> 6);
      buf[o++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        buf[o++] = 0xf0 | (cp >> 18);
        buf[o++] = 0x80 | ((cp >> 12) & 0x3f);
        buf[o++] = 0x80 | ((cp >> 6) & 0x3f);
        buf[o++] = 0x80 | (cp & 0x3f);
        i++;
      } else o = unicodeEscape(buf, o, c);
    } else {
      buf[o++] = 0xe0 | (c >> 12);
      buf[o++] = 0x80 | ((c >> 6) & 0x3f);
      buf[o++] = 0x80 | (c & 0x3f);
    }
  }
  buf[o++] = QUOTE;
  return o;
}

/** Bytes `writeJsonString` may write for a string of `length` UTF-16 units (a control char: 6). */
export function jsonStringMaxBytes(length: number): number {
  return length * 6 + 2;
}

/** JSON-escapes `n` ASCII bytes of `from` into `buf` at `offset`, between quotes. */
function writeAsciiBytes(buf: Uint8Array, offset: number, from: Uint8Array, n: number): number {
  let o = offset;
  buf[o++] = QUOTE;
  for (let i = 0; i < n; i++) {
    const c = from[i];
    const e = ESCAPE[c];
    if (e === 0) buf[o++] = c;
    else if (e === 1) {
      buf[o++] = BACKSLASH;
      buf[o++] = c;
    } else if (e === 2) {
      o = unicodeEscape(buf, o, c);
    } else {
      buf[o++] = BACKSLASH;
      buf[o++] = e;
    }
  }
  buf[o++] = QUOTE;
  return o;
}

let scratch = Buffer.allocUnsafeSlow(64 * 1024);

type WithUtf8Write = Buffer & { utf8Write?: (text: string, offset?: number) => number };
/** `Buffer#utf8Write` (what `write` calls after sorting out its arguments), `write` where a Node lacks it. */
const utf8Write: (buf: Buffer, text: string) => number =
  typeof (Buffer.prototype as WithUtf8Write).utf8Write === 'function'
    ? (buf, text) => (buf as WithUtf8Write).utf8Write!(text, 0)
    : (buf, text) => buf.write(text, 0);

const QUOTE = 34;
const BACKSLASH = 92;
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

/** Per ASCII char: 0 as is, 1 after a backslash, 2 as \u00xx, else the letter of its short escape. */
const ESCAPE = new Uint8Array(128);
for (let c = 0; c < 32; c++) ESCAPE[c] = 2;
ESCAPE[8] = 98; // \b
ESCAPE[9] = 116; // \t
ESCAPE[10] = 110; // \n
ESCAPE[12] = 102; // \f
ESCAPE[13] = 114; // \r
ESCAPE[QUOTE] = 1;
ESCAPE[BACKSLASH] = 1;

function unicodeEscape(buf: Uint8Array, o: number, c: number): number {
  buf[o++] = BACKSLASH;
  buf[o++] = 117; // u
  buf[o++] = HEX[(c >> 12) & 15];
  buf[o++] = HEX[(c >> 8) & 15];
  buf[o++] = HEX[(c >> 4) & 15];
  buf[o++] = HEX[c & 15];
  return o;
}
