import type { AppLine } from './app-line.js';
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

/** Fields logsift reads; the rest of the line is left alone. */
interface Fields {
  level?: string;
  msg?: string;
  time?: string;
}

function assign(f: Fields, key: string, value: string): void {
  if (key === 'level' || key === 'lvl' || key === 'severity') f.level ??= value;
  else if (key === 'msg' || key === 'message') f.msg ??= value;
  else if (key === 'time' || key === 'ts' || key === 't') f.time ??= value;
}

/** Reads `key=value` / `key="quoted \" value"` pairs; undefined at the first thing that is not one. */
function readPairs(text: string): Fields | undefined {
  const f: Fields = {};
  let i = 0;
  const n = text.length;
  while (i < n) {
    const keyStart = i;
    while (i < n && isKeyChar(text.charCodeAt(i))) i++;
    if (i === keyStart || text.charCodeAt(i) !== 61) return undefined;
    const key = text.slice(keyStart, i);
    i++;
    let value: string;
    if (text.charCodeAt(i) === 34) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (j >= n) return undefined;
      value = unquote(text.slice(i + 1, j));
      i = j + 1;
    } else {
      const sp = text.indexOf(' ', i);
      const end = sp < 0 ? n : sp;
      value = text.slice(i, end);
      i = end;
    }
    assign(f, key, value);
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
  const t = f.time === undefined ? NaN : timeValue(f.time);
  return makeAppLine(
    t,
    f.level === undefined ? 0 : severityFromWord(f.level),
    f.level,
    f.msg ?? text,
    'logfmt',
  );
}
