import type { PodIdentity } from '../model/record.js';
import type { ContainerLine } from './container-line.js';
import { decodeCri } from './cri.js';
import { KubernetesPodCache, type KnownMap } from './kubernetes-pod-cache.js';
import { epochToMs, parseIsoTime } from './timestamp.js';

/**
 * A scanner for the JSON lines Fluent Bit and Docker write (`{"log":"...","kubernetes":{...}}`,
 * `{"log":"...\n","stream":"stderr","time":"..."}`): it walks the top-level keys once, reads only
 * `log`, `stream`, `time`/`date`/`@timestamp` and `_p`, and takes the pod from the `kubernetes`
 * map by comparing its text with maps seen before, so a record costs a few `indexOf` calls instead
 * of a JSON.parse that builds the record, the kubernetes map and its labels.
 *
 * It answers exactly as decodeJsonRecord's full parse would, or returns null for anything it does
 * not model (no `log` string, a repeated key it reads, an escaped key, escapes in a value other than
 * the message, a malformed line) and the caller parses the line whole. It is more lenient than
 * JSON.parse in one way: a raw control character inside a string (which JSON forbids, and neither
 * Fluent Bit nor Docker writes) is taken as it is rather than making the whole line raw text.
 */

const K_OTHER = 0;
const K_LOG = 1;
const K_STREAM = 2;
const K_TIME = 3;
const K_DATE = 4;
const K_TIMESTAMP = 5;
const K_P = 6;
const K_KUBERNETES = 7;
const K_ATTRS = 8;
const KEYS = 9;

const V_STRING = 1;
/** A string with escapes: the text between the quotes is not its value. */
const V_ESCAPED = 2;
const V_NUMBER = 3;
const V_OBJECT = 4;
const V_OTHER = 5;

const QUOTE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Scratch for the line being scanned (synchronous, so one set per thread is enough). */
const valueStart = new Int32Array(KEYS);
const valueEnd = new Int32Array(KEYS);
const valueKind = new Uint8Array(KEYS);
let seen = 0;
/** Keys the scanner does not read (they leave no bit in `seen`). */
let otherKeys = 0;
/** Index of the next backslash at or after the scan position (line length when none). */
let nextBackslash = 0;
let escaped = false;
let kubeMap: KnownMap | null = null;

const pods = new KubernetesPodCache();

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Whether `s` holds `word` at `at` (char codes: startsWith with a position is a slow loop in V8). */
function wordAt(s: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (s.charCodeAt(at + i) !== word.charCodeAt(i)) return false;
  return true;
}

function keyOf(s: string, start: number, end: number): number {
  switch (end - start) {
    case 2:
      return s.charCodeAt(start) === 95 && s.charCodeAt(start + 1) === 112 ? K_P : K_OTHER;
    case 3:
      return s.charCodeAt(start) === 108 && s.charCodeAt(start + 1) === 111 && s.charCodeAt(start + 2) === 103 ? K_LOG : K_OTHER;
    case 4:
      if (wordAt(s, start, 'time')) return K_TIME;
      return wordAt(s, start, 'date') ? K_DATE : K_OTHER;
    case 5:
      return wordAt(s, start, 'attrs') ? K_ATTRS : K_OTHER;
    case 6:
      return wordAt(s, start, 'stream') ? K_STREAM : K_OTHER;
    case 10:
      if (wordAt(s, start, 'kubernetes')) return K_KUBERNETES;
      return wordAt(s, start, '@timestamp') ? K_TIMESTAMP : K_OTHER;
    default:
      return K_OTHER;
  }
}

/** Index after the closing quote of the string whose text starts at `from`, or -1; sets `escaped`. */
function stringEnd(s: string, from: number): number {
  let q = s.indexOf('"', from);
  if (q < 0) return -1;
  if (nextBackslash < from) {
    nextBackslash = s.indexOf('\\', from);
    if (nextBackslash < 0) nextBackslash = s.length;
  }
  if (nextBackslash > q) {
    escaped = false;
    return q + 1;
  }
  escaped = true;
  // Every backslash escapes the char after it (a quote included).
  while (nextBackslash < q) {
    const after = nextBackslash + 2;
    if (after > q) {
      q = s.indexOf('"', after);
      if (q < 0) return -1;
    }
    nextBackslash = s.indexOf('\\', after);
    if (nextBackslash < 0) nextBackslash = s.length;
  }
  return q + 1;
}

/** Index after the object or array at `start`, by bracket depth (strings skipped), or -1. */
function nestedEnd(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      const e = stringEnd(s, i + 1);
      if (e < 0) return -1;
      i = e - 1;
    } else if (c === OPEN_BRACE || c === 91) depth++;
    else if ((c === CLOSE_BRACE || c === 93) && --depth === 0) return i + 1;
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Index after a JSON number at `i` (its exact grammar), or -1. */
function numberEnd(s: string, start: number): number {
  let i = start;
  if (s.charCodeAt(i) === 45) i++;
  const first = s.charCodeAt(i);
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) while (isDigit(s.charCodeAt(i))) i++;
  else return -1;
  if (s.charCodeAt(i) === 46) {
    if (!isDigit(s.charCodeAt(++i))) return -1;
    while (isDigit(s.charCodeAt(i))) i++;
  }
  const e = s.charCodeAt(i);
  if (e === 101 || e === 69) {
    const sign = s.charCodeAt(++i);
    if (sign === 43 || sign === 45) i++;
    if (!isDigit(s.charCodeAt(i))) return -1;
    while (isDigit(s.charCodeAt(i))) i++;
  }
  return i;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function literalEnd(s: string, i: number): number {
  if (wordAt(s, i, 'true') || wordAt(s, i, 'null')) return i + 4;
  return wordAt(s, i, 'false') ? i + 5 : -1;
}

/** The `kubernetes` value at `start` (an object): its end, with what it says in kubeMap; -1 when malformed. */
function kubernetesEnd(s: string, start: number, close: number): number {
  // Fluent Bit's kubernetes filter appends the map last, so it usually runs to the record's `}`.
  const cached = pods.find(s, start, close);
  if (cached !== undefined) {
    kubeMap = cached;
    return close;
  }
  const end = nestedEnd(s, start);
  if (end < 0) return -1;
  if (end !== close) pods.find(s, start, end);
  const known = pods.add(s.slice(start, end));
  if (known === undefined) return -1;
  kubeMap = known;
  return end;
}

/** Fills the scratch arrays from the record's top-level keys; false when the line is not modelled. */
function scan(s: string): boolean {
  const n = s.length;
  let close = n - 1;
  while (close > 0 && isSpace(s.charCodeAt(close))) close--;
  if (s.charCodeAt(close) !== CLOSE_BRACE) return false;
  seen = 0;
  otherKeys = 0;
  nextBackslash = -1;
  kubeMap = null;
  let i = skipSpace(s, 1);
  for (;;) {
    if (s.charCodeAt(i) !== QUOTE) return false;
    const keyEnd = stringEnd(s, i + 1);
    if (keyEnd < 0 || escaped) return false;
    const key = keyOf(s, i + 1, keyEnd - 1);
    if (key === K_OTHER) otherKeys++;
    else if ((seen & (1 << key)) !== 0) return false;
    else seen |= 1 << key;
    i = skipSpace(s, keyEnd);
    if (s.charCodeAt(i) !== 58) return false;
    i = skipSpace(s, i + 1);
    const c = s.charCodeAt(i);
    let end: number;
    let kind: number;
    if (c === QUOTE) {
      end = stringEnd(s, i + 1);
      kind = escaped ? V_ESCAPED : V_STRING;
      // Escapes in a value that is never decoded must still be valid JSON escapes.
      if (escaped && key !== K_LOG && end >= 0 && !isJson(s.slice(i, end))) return false;
    } else if (c === OPEN_BRACE && key === K_KUBERNETES) {
      end = kubernetesEnd(s, i, close);
      kind = V_OBJECT;
    } else if (c === OPEN_BRACE || c === 91) {
      // Rare at the top level besides `kubernetes` (docker attrs, a filter's own map): checked whole.
      end = nestedEnd(s, i);
      if (end >= 0 && !isJson(s.slice(i, end))) return false;
      kind = c === OPEN_BRACE ? V_OBJECT : V_OTHER;
    } else if (c === 45 || isDigit(c)) {
      end = numberEnd(s, i);
      kind = V_NUMBER;
    } else {
      end = literalEnd(s, i);
      kind = V_OTHER;
    }
    if (end < 0) return false;
    valueStart[key] = i;
    valueEnd[key] = end;
    valueKind[key] = kind;
    i = skipSpace(s, end);
    const d = s.charCodeAt(i);
    if (d === 44) {
      i = skipSpace(s, i + 1);
      continue;
    }
    return d === CLOSE_BRACE && i === close;
  }
}

function has(key: number): boolean {
  return (seen & (1 << key)) !== 0;
}

/** A string value's text: sliced when it has no escapes, else JSON.parse of the quoted text (exact). */
function stringValue(s: string, key: number): string | undefined {
  const start = valueStart[key];
  const end = valueEnd[key];
  if (valueKind[key] === V_STRING) return s.slice(start + 1, end - 1);
  try {
    return JSON.parse(s.slice(start, end)) as string;
  } catch {
    return undefined;
  }
}

/** timeFromJsonValue of a date key's value; null when it is an escaped string (not modelled). */
function timeOf(s: string, key: number): number | undefined | null {
  if (!has(key)) return undefined;
  const kind = valueKind[key];
  let ms = NaN;
  if (kind === V_NUMBER) ms = epochToMs(Number(s.slice(valueStart[key], valueEnd[key])));
  else if (kind === V_STRING) ms = parseIsoTime(s, valueStart[key] + 1, valueEnd[key] - 1);
  else if (kind === V_ESCAPED) return null;
  return ms === ms ? ms : undefined;
}

function stripNewline(s: string): string {
  if (s.charCodeAt(s.length - 1) !== 10) return s;
  return s.charCodeAt(s.length - 2) === 13 ? s.slice(0, -2) : s.slice(0, -1);
}

const LOG_FIRST = '{"log":"';
const KUBERNETES_NEXT = ',"kubernetes":{';
/** The log string's closing quote and what follows it: found in one search when the log has escapes. */
const LOG_END_KUBERNETES = '"' + KUBERNETES_NEXT;

/**
 * The commonest shape first, `{"log":"...","kubernetes":{...}}` with a map seen before (the
 * kubernetes filter over a plain tail input): a few string searches and no key loop. Undefined
 * when the line is not exactly that; the general scan then reads it.
 *
 * The log's end: without a backslash before the first quote, that quote. With one, the first
 * `","kubernetes":{` at or after it: its second quote follows a comma, so it cannot be inside a
 * string, and JSON.parse of the log's quoted text (which decodes the escapes) fails when an
 * unescaped quote comes earlier or the found one is escaped, exactly where the char-by-char scan
 * would not have found this shape either.
 */
function logThenKubernetes(line: string): ContainerLine | undefined {
  // `{"log":"` (char 0 is `{`: the caller dispatched on it), compared unrolled.
  if (
    line.charCodeAt(2) !== 108 || line.charCodeAt(1) !== QUOTE || line.charCodeAt(3) !== 111 || line.charCodeAt(4) !== 103 ||
    line.charCodeAt(5) !== QUOTE || line.charCodeAt(6) !== 58 || line.charCodeAt(7) !== QUOTE
  ) return undefined;
  const from = LOG_FIRST.length;
  const q = line.indexOf('"', from);
  if (q < 0) return undefined;
  // Searched forward: V8 finds one char with memchr, while lastIndexOf walks back char by char
  // (the whole log when it has no escapes).
  const backslash = line.indexOf('\\', from);
  const hasEscapes = backslash >= 0 && backslash < q;
  const logEnd = line.indexOf(LOG_END_KUBERNETES, q);
  if (logEnd < 0 || (!hasEscapes && logEnd !== q)) return undefined;
  let close = line.length - 1;
  while (close > 0 && isSpace(line.charCodeAt(close))) close--;
  if (line.charCodeAt(close) !== CLOSE_BRACE) return undefined;
  const found = pods.find(line, logEnd + KUBERNETES_NEXT.length, close);
  if (found === undefined) return undefined;
  let raw: string;
  if (!hasEscapes) raw = line.slice(from, logEnd);
  else {
    try {
      raw = JSON.parse(line.slice(from - 1, logEnd + 1)) as string;
    } catch {
      return undefined;
    }
  }
  const text = stripNewline(raw);
  const pod = found.pod ?? undefined;
  const containerId = found.containerId;
  const c0 = text.charCodeAt(0);
  const inner = c0 >= 48 && c0 <= 57 ? decodeCri(text) : undefined;
  if (inner !== undefined) {
    inner.framing = 'fluent-bit';
    inner.pod = pod;
    inner.containerId = containerId;
    return inner;
  }
  return { text, timeMs: undefined, stream: undefined, partial: false, framing: 'fluent-bit', pod, containerId };
}

/**
 * The decoded line, or null when the caller should parse it whole (see above). The line starts
 * with `{` (the caller dispatched on it).
 */
export function scanJsonRecord(line: string): ContainerLine | null {
  const common = logThenKubernetes(line);
  if (common !== undefined) return common;
  if (!scan(line) || !has(K_LOG)) return null;
  const logKind = valueKind[K_LOG];
  if (logKind !== V_STRING && logKind !== V_ESCAPED) return null;
  const raw = stringValue(line, K_LOG);
  if (raw === undefined) return null;
  // Docker's json-file driver writes exactly log, stream, time (and attrs with --log-opt).
  const dockerKeys = (1 << K_LOG) | (1 << K_STREAM) | (1 << K_TIME) | (1 << K_ATTRS);
  const onlyDockerKeys = (seen & ~dockerKeys) === 0 && otherKeys === 0;
  const docker = onlyDockerKeys && has(K_TIME) && (valueKind[K_TIME] === V_STRING || valueKind[K_TIME] === V_ESCAPED);
  const text = stripNewline(raw);
  const map = docker || !has(K_KUBERNETES) || valueKind[K_KUBERNETES] !== V_OBJECT ? null : kubeMap;
  const pod = map?.pod ?? undefined;
  const containerId = pod === undefined ? undefined : map?.containerId;
  const framing = docker ? 'docker' : 'fluent-bit';
  // A tail input without the CRI parser leaves the kubelet's framing inside `log`.
  const c0 = text.charCodeAt(0);
  const inner = c0 >= 48 && c0 <= 57 ? decodeCri(text) : undefined;
  if (inner !== undefined) {
    inner.framing = framing;
    inner.pod = pod;
    inner.containerId = containerId;
    return inner;
  }
  let timeMs = timeOf(line, K_DATE);
  if (timeMs === undefined) timeMs = timeOf(line, K_TIME);
  if (timeMs === undefined) timeMs = timeOf(line, K_TIMESTAMP);
  if (timeMs === null) return null;
  let stream: string | undefined;
  if (has(K_STREAM)) {
    const k = valueKind[K_STREAM];
    if (k === V_ESCAPED) return null;
    if (k === V_STRING) stream = streamName(line, valueStart[K_STREAM] + 1, valueEnd[K_STREAM] - 1);
  }
  let partial = false;
  if (has(K_P)) {
    const k = valueKind[K_P];
    if (k === V_ESCAPED) return null;
    partial = k === V_STRING && valueEnd[K_P] - valueStart[K_P] === 3 && line.charCodeAt(valueStart[K_P] + 1) === 80;
  }
  return { text, timeMs, stream, partial, framing, pod, containerId };
}

function streamName(s: string, start: number, end: number): string {
  if (end - start === 6) {
    if (wordAt(s, start, 'stderr')) return 'stderr';
    if (wordAt(s, start, 'stdout')) return 'stdout';
  }
  return s.slice(start, end);
}


/**
 * The pod of a record whose `kubernetes` map ends it and was seen before (by this thread's
 * scanner): PodIdentity, null for a map without a pod, undefined when that is not known cheaply.
 * Lets the main thread route a line to the worker that owns its pod without decoding it.
 */
export function knownKubernetesPod(line: string): PodIdentity | null | undefined {
  let close = line.length - 1;
  while (close > 0 && isSpace(line.charCodeAt(close))) close--;
  if (line.charCodeAt(close) !== CLOSE_BRACE) return undefined;
  const k = line.lastIndexOf('"kubernetes":', close);
  if (k < 0) return undefined;
  const v = skipSpace(line, k + 13);
  if (line.charCodeAt(v) !== OPEN_BRACE) return undefined;
  return pods.find(line, v, close)?.pod;
}
