import type { AppLine } from './app-format.js';
import { parseAppLine, parseKnownLine } from './app-line.js';
import { isDigit } from './char-codes.js';
import { intIn, skipSpaces } from './header-fields.js';
import { isTimeField, levelIn, parseLearnedHeader } from './learned-header.js';
import { makeAppLine } from './make-app-line.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * What one stream's lines have shown about their header. Plain data (numbers and a short
 * string), so a worker can hand it over or checkpoint it by structured clone.
 */
export interface StreamHeader {
  /** Leading fields in front of a header logsift reads (a file name, a host): 0 until learned. */
  skip: number;
  /** Header fields of a `|`-separated layout (`time|component|pid|message`): 0 until learned. */
  pipes: number;
  /** The first field of the stream's last unclaimed line (a prefix that stays constant is one). */
  first: string;
  /** Unclaimed lines in which no header was found; past GIVE_UP the stream is looked at rarely. */
  misses: number;
  /** Unclaimed lines seen. */
  lines: number;
}

/** Longest leading field set aside as a prefix, and longest header field of a pipe layout. */
const MAX_PREFIX = 128;
const MAX_PIPE_FIELD = 64;
const MAX_PIPES = 8;
/** After this many unclaimed lines without a header, a stream is looked at once every 1024 lines. */
const GIVE_UP = 32;

/** A field that looks like an id, a file or host name: it has a digit or `. / _ : -` in it. */
function isIdLike(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c) || c === 46 || c === 47 || c === 95 || c === 58 || c === 45) return true;
  }
  return false;
}

function hasOpener(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 91 || c === 40 || c === 60 || c === 123 || c === 34 || c === 39) return true;
  }
  return false;
}

function hasSpace(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 32) return true;
  return false;
}

/**
 * Headers learned per stream, for lines no registered format claims as they stand. A stream
 * (a pod's container, a file) keeps one layout, so what its lines show is remembered:
 *
 * - a prefix: leading fields in front of a format logsift reads (a log file's name before an
 *   oslo.log line, a host before a timestamped header). Learned from a line whose first field is
 *   id-like (or the same as the previous line's) and whose rest is a known format or a header with
 *   a time; later lines of the stream drop that many fields before reading.
 * - a pipe layout: `time|component|pid|message`, a time first and short fields without spaces
 *   between `|`; the stream's header is the fewest such fields a line had (a message may hold `|`).
 *
 * Streams are capped (the oldest is forgotten); the work per unclaimed line is bounded, and a
 * stream where nothing was found is only looked at again once every 1024 lines. Synchronous and
 * free of I/O. A line a format claims as it stands costs what parseAppLine costs.
 */
export class StreamHeaders<S> {
  private readonly streams = new Map<string, StreamHeader>();

  constructor(
    private readonly keyOf: (stream: S) => string,
    private readonly maxStreams = 4096,
  ) {}

  get size(): number {
    return this.streams.size;
  }

  /** What the stream has learned so far (a copy), undefined for a stream not seen. */
  stateOf(stream: S): StreamHeader | undefined {
    const st = this.streams.get(this.keyOf(stream));
    return st === undefined ? undefined : { ...st };
  }

  /** The line read as parseAppLine reads it, then, when no format claims it, with its stream's header. */
  parse(text: string, refMs: number, stream: S): AppLine {
    const line = parseAppLine(text, refMs);
    const format = line.format;
    if (format === 'plain') {
      const c0 = text.charCodeAt(0);
      if (c0 === 32 || c0 === 9 || text.length === 0) return line;
      try {
        return this.learned(text, refMs, stream) ?? line;
      } catch {
        return line;
      }
    }
    if (format !== 'learned' || this.streams.size === 0) return line;
    // A stream of `|` fields whose time has a space (`2023-03-15 09:42:07|...`): its layout wins.
    const st = this.stateFor(stream);
    return (st.pipes > 0 ? pipeHeader(text, st) : undefined) ?? line;
  }

  /** The state of the stream of the last unclaimed line: a run of one stream's lines skips the key. */
  private lastStream: S | undefined;
  private lastState: StreamHeader | undefined;

  private stateFor(stream: S): StreamHeader {
    if (stream === this.lastStream && this.lastState !== undefined) return this.lastState;
    const key = this.keyOf(stream);
    let st = this.streams.get(key);
    if (st === undefined) {
      if (this.streams.size >= this.maxStreams) this.streams.delete(this.streams.keys().next().value!);
      st = { skip: 0, pipes: 0, first: '', misses: 0, lines: 0 };
      this.streams.set(key, st);
    }
    this.lastStream = stream;
    this.lastState = st;
    return st;
  }

  private learned(text: string, refMs: number, stream: S): AppLine | undefined {
    const st = this.stateFor(stream);
    st.lines++;
    if (st.skip > 0) {
      const r = afterPrefix(text, refMs, st, false);
      if (r !== undefined) return r;
    }
    if (st.pipes > 0) {
      const r = pipeHeader(text, st);
      if (r !== undefined) return r;
    }
    if (st.misses >= GIVE_UP && (st.lines & 1023) !== 0) return undefined;
    const r = (st.skip === 0 ? afterPrefix(text, refMs, st, true) : undefined) ?? (st.pipes === 0 ? pipeHeader(text, st) : undefined);
    if (r === undefined) st.misses++;
    return r;
  }
}

/**
 * The line after its first field, read by the registry or as a header. While `learning`, the
 * field must be id-like or the same as the last line's, and the rest must carry a time.
 */
function afterPrefix(text: string, refMs: number, st: StreamHeader, learning: boolean): AppLine | undefined {
  const end = text.indexOf(' ', 1);
  if (end < 0 || end > MAX_PREFIX) return undefined;
  const same = text.startsWith(st.first, 0) && st.first.length === end;
  let idLike = true;
  if (learning) {
    // A bracket or quote opens a field the line's own header reads (`[Thu Dec  7 ...]`).
    if (hasOpener(text, 0, end)) return undefined;
    idLike = isIdLike(text, 0, end);
    if (!same) st.first = text.slice(0, end);
    if (!idLike && !same) return undefined;
  }
  const from = skipSpaces(text, end);
  if (from >= text.length) return undefined;
  const rest = text.slice(from);
  const known = parseKnownLine(rest, refMs);
  const r = known ?? parseLearnedHeader(rest);
  // Learning needs a known format after the prefix, or a header with a time after an id-like one.
  if (r === undefined || (learning && known === undefined && (r.timeMs === undefined || !idLike))) return undefined;
  if (learning) st.skip = 1;
  return r;
}

/** `time|field|...|message`: the header fields a line of a pipe layout has, at most the stream's. */
function pipeHeader(text: string, st: StreamHeader): AppLine | undefined {
  const p0 = text.indexOf('|');
  if (p0 < 5 || p0 > MAX_PIPE_FIELD || !isTimeField(text, 0, p0, true)) return undefined;
  const limit = st.pipes > 0 ? st.pipes : MAX_PIPES;
  let fields = 1;
  let at = p0 + 1;
  let severity = 0;
  let level: string | undefined;
  let logger: string | undefined;
  let pid: number | undefined;
  while (fields < limit) {
    const q = text.indexOf('|', at);
    if (q < 0 || q - at > MAX_PIPE_FIELD || q === at || hasSpace(text, at, q)) break;
    const lv = level === undefined ? levelIn(text, at, q, true) : 0;
    if (lv > 0) {
      severity = lv;
      level = text.slice(at, q);
    } else if (pid === undefined && q - at <= 10 && isAllDigits(text, at, q)) {
      pid = intIn(text, at, q);
    } else if (logger === undefined) {
      logger = text.slice(at, q);
    }
    fields++;
    at = q + 1;
  }
  if (at >= text.length) return undefined;
  st.pipes = fields;
  const t = parseIsoTime(text, 0, p0);
  return makeAppLine(t, severity, level, text.slice(at), 'learned', logger, undefined, pid);
}

function isAllDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return to > from;
}
