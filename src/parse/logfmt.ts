import { LOWER, type AppFormat, type AppLine } from './app-format.js';
import { sameChars } from './char-codes.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromWord } from './severity-words.js';
import { epochToMs, parseIsoTime } from '../decode/timestamp.js';

function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

function unquote(raw: string): string {
  if (raw.indexOf('\\') < 0) return raw;
  return raw.replace(/\\(.)/g, (_m, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
}

const OTHER = 0;
const LEVEL = 1;
const MSG = 2;
const TIME = 3;

/** Which field logsift reads the key `text[start, end)` names, told apart without slicing it. */
function keyKind(text: string, start: number, end: number): number {
  switch (end - start) {
    case 1: return text.charCodeAt(start) === 116 ? TIME : OTHER;
    case 2: return sameChars(text, start, 'ts') ? TIME : OTHER;
    case 3: return sameChars(text, start, 'lvl') ? LEVEL : sameChars(text, start, 'msg') ? MSG : OTHER;
    case 4: return sameChars(text, start, 'time') ? TIME : OTHER;
    case 5: return sameChars(text, start, 'level') ? LEVEL : OTHER;
    case 7: return sameChars(text, start, 'message') ? MSG : OTHER;
    case 8: return sameChars(text, start, 'severity') ? LEVEL : OTHER;
    default: return OTHER;
  }
}

/** Fields logsift reads (the first of each wins); the rest of the line is left alone. */
interface Fields {
  level: string | undefined;
  msg: string | undefined;
  time: string | undefined;
}

/**
 * Reads `key=value` / `key="quoted \" value"` pairs; undefined at the first thing that is not
 * one. Only the values of keys logsift reads are sliced.
 */
function readPairs(text: string): Fields | undefined {
  const f: Fields = { level: undefined, msg: undefined, time: undefined };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const keyStart = i;
    while (i < n && isKeyChar(text.charCodeAt(i))) i++;
    if (i === keyStart || text.charCodeAt(i) !== 61) return undefined;
    const kind = keyKind(text, keyStart, i);
    const wanted = kind === LEVEL ? f.level === undefined : kind === MSG ? f.msg === undefined : kind === TIME && f.time === undefined;
    i++;
    let value: string | undefined;
    if (text.charCodeAt(i) === 34) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (j >= n) return undefined;
      if (wanted) value = unquote(text.slice(i + 1, j));
      i = j + 1;
    } else {
      const sp = text.indexOf(' ', i);
      const end = sp < 0 ? n : sp;
      if (wanted) value = text.slice(i, end);
      i = end;
    }
    if (kind === LEVEL) f.level ??= value;
    else if (kind === MSG) f.msg ??= value;
    else if (kind === TIME) f.time ??= value;
    while (text.charCodeAt(i) === 32) i++;
  }
  return f;
}

/** An ISO-8601 time or an epoch number (go-kit `ts=1678840927.123`). */
function timeValue(v: string): number {
  if (v.charCodeAt(4) === 45) return parseIsoTime(v);
  const n = Number(v);
  return v.length > 0 && n === n ? epochToMs(n) : NaN;
}

/** logfmt (`time=... level=warn msg="..."`); needs a `level` or `msg` key to count as logfmt. */
export function parseLogfmt(text: string): AppLine | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq > 40) return undefined;
  const f = readPairs(text);
  if (f === undefined || (f.level === undefined && f.msg === undefined)) return undefined;
  return makeAppLine(
    f.time === undefined ? NaN : timeValue(f.time),
    f.level === undefined ? 0 : severityFromWord(f.level),
    f.level,
    f.msg ?? text,
    'logfmt',
  );
}

export const logfmtFormat: AppFormat = { name: 'logfmt', firstChars: LOWER, parse: parseLogfmt };
