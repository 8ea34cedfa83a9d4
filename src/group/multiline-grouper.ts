import {
  isBlank, isChainHeader, isIndented, isIndentedDatedStart, isIndentedRule, isJvmContinuation, isTracebackHeader, looksLikeRecordStart, Start, startOf,
} from './line-shape.js';
import {
  continuesGoDump, continuesNodeErrorTail, continuesNodeFatal, isCaretLine, isDescribeLine, isGcReportStart, isNodeFatalLine, isNodeVersionFooter,
  isRedisBugReportEnd,
} from './runtime-shapes.js';
import { isEnvoyHeaderLine } from './envoy-shapes.js';
import { isAtFrameLine } from './frame-lines.js';
import { mostlyFrames } from './frame-shapes.js';
import { isRubyErrorLine, isRubyFrameLine } from './ruby-shapes.js';
import { isPythonExceptionLine, isPythonFrameLine } from './python-shapes.js';
import { isJulLevelLine, JUL_KIND } from './jul-shapes.js';
import { DOTNET_CONSOLE_KIND } from './dotnet-shapes.js';
import { isTimeRowLine, TIME_ROW_KIND } from './time-row-shapes.js';

/** One line offered to the grouper, after container decoding. */
export interface GroupLine {
  text: string;
  timeMs?: number;
  stream?: string;
  /** Arrival time (ms), used for the quiet-interval flush. */
  observedMs: number;
  /** The sender's SeverityNumber for the line (RawEntry.severityNumber), when it sent one. */
  severityNumber?: number;
  /** Anything the caller needs back with the group (pod identity, etc.), taken from the first line. */
  context: unknown;
  /** The line was cut at the line limit. */
  truncated?: boolean;
}

/** A complete record: one line or several that belong together. */
export interface LineGroup {
  /** Lines in input order. */
  lines: string[];
  /** Values of the group's first line. */
  first: GroupLine;
  /** Bytes of all lines (without separators); counted in UTF-16 code units, which is what bounds memory. */
  bytes: number;
  /**
   * What kind of group: 'single', 'python-traceback', 'python-warning', 'java-stack', 'indented',
   * 'go-panic', 'go-fatal' (and 'go-stack' for the rest of a dump cut by the limits), 'node-fatal'
   * (V8's heap-OOM report, Node's FATAL ERROR and failed C++ assertions), 'node-uncaught' (an
   * uncaught exception report), 'ruby-exception' (Ruby's uncaught-exception report, or a thread's),
   * 'ruby-backtrace' (backtrace entries without the exception line), 'redis-bug-report' (Redis's
   * crash report, START to END), 'envoy-headers' (an Envoy debug line and the header map it logs),
   * 'jul' (java.util.logging's two-line record: its header and its `LEVEL: message` line),
   * 'dotnet-console' (.NET's console logger: its `info: Category[0]` header and its padded lines),
   * 'time-row' (a log viewer's date-and-time row and the event's row under it),
   * 'stack-frames' (an indented block of JVM or V8 `at …` frames, or mostly frames of any runtime: frame-shapes.ts).
   */
  kind: string;
  /** Some line of the group was cut at the line limit; set only then. */
  truncated?: boolean;
}

export interface MultilineOptions {
  maxLines: number;
  maxBytes: number;
  flushAfterMs: number;
  maxStreams: number;
}

/** Where a Python traceback is: in its frames, just past an exception line, or between chained tracebacks. */
const FRAMES = 0;
const AFTER_EXCEPTION = 1;
const CHAIN = 2;
/** Just after a frame line that lost its indentation (a paste, a shipper that trims): its source line may follow. */
const AFTER_BARE_FRAME = 3;

/** A Ruby thread's report waits for its exception line; then it is in the exception's report. */
const RUBY_REPORT = 0;
const RUBY_THREAD_HEADER = 1;

/** A java.util.logging record past its level line. */
const JUL_MESSAGE = 1;

/** A viewer's time row past the event's row under it. */
const TIME_ROW_TEXT = 1;

/** Where a Redis bug report is: before its END line, or in the indented trailer after it. */
const IN_REPORT = 0;
const REPORT_ENDED = 1;

/** Where an uncaught-exception report is: the source line, the caret line, before the error, in it, done. */
const SOURCE = 0;
const CARET = 1;
const BEFORE_ERROR = 2;
const IN_ERROR = 3;
const DONE = 4;

const KIND_BY_START = [
  'single', 'python-traceback', 'python-warning', 'java-stack', 'indented', 'go-panic', 'go-fatal', 'go-stack', 'node-fatal', 'node-uncaught',
  'ruby-exception', 'ruby-exception', 'ruby-backtrace', 'redis-bug-report', 'envoy-headers', JUL_KIND,
  DOTNET_CONSOLE_KIND, TIME_ROW_KIND,
] as const;

interface Pending {
  lines: string[];
  first: GroupLine;
  bytes: number;
  start: Start;
  phase: number;
  lastMs: number;
  /** Part of a group cut by maxLines/maxBytes: keeps its kind even when a part has one line. */
  cut: boolean;
  truncated: boolean;
}

/** Does `text` continue the pending group? Advances the traceback phase when it does. */
function continues(p: Pending, text: string): boolean {
  if (p.start === Start.NodeUncaught) return continuesNodeUncaught(p, text);
  if (p.start === Start.RedisBugReport) return continuesRedisBugReport(p, text);
  if (p.start === Start.EnvoyHeaders) return continuesEnvoyHeaders(p, text);
  if (p.start === Start.TimeRow) return continuesTimeRow(p, text);
  if (isIndented(text) && !isBlank(text)) {
    if (isIndentedDatedStart(text)) return false;
    return p.start !== Start.Indented || !(isDescribeLine(text) || isIndentedRule(text));
  }
  switch (p.start) {
    case Start.Traceback:
      return continuesTraceback(p, text);
    case Start.Jvm:
      return isJvmContinuation(text);
    case Start.GoPanic:
    case Start.GoFatal:
    case Start.GoStack:
      return isBlank(text) || continuesGoDump(text);
    case Start.NodeFatal:
      // V8's GC report is the lead-in; Node's own `FATAL ERROR: ` line, where the curators and
      // the on-call engineer read the death, opens the record that counts it.
      if (isNodeFatalLine(text) && isGcReportStart(p.first.text)) return false;
      return isBlank(text) || continuesNodeFatal(text);
    case Start.RubyError:
    case Start.RubyThread:
      return continuesRuby(p, text);
    case Start.RubyFrames:
      return isRubyFrameLine(text);
    case Start.Jul:
      // SimpleFormatter's second line, `LEVEL: message`, and nothing more: the throwable it
      // prints next is a JVM stack trace, grouped as one.
      if (p.phase !== FRAMES || !isJulLevelLine(text)) return false;
      p.phase = JUL_MESSAGE;
      return true;
    default:
      return false;
  }
}

/** The event's row under its time, and nothing more: the next time row starts the next event. */
function continuesTimeRow(p: Pending, text: string): boolean {
  if (p.phase !== FRAMES || isBlank(text) || isTimeRowLine(text)) return false;
  p.phase = TIME_ROW_TEXT;
  return true;
}

/**
 * Node's uncaught-exception report: `file:line`, the source line (anything), an optional caret
 * line, blank lines, the error line (anything, `[UnhandledPromiseRejection: ...` too), its
 * indented stack and properties, and the tail up to `Node.js vX`, which ends it.
 */
function continuesNodeUncaught(p: Pending, text: string): boolean {
  switch (p.phase) {
    case SOURCE:
      p.phase = CARET;
      return true;
    case CARET:
      if (isCaretLine(text)) {
        p.phase = BEFORE_ERROR;
        return true;
      }
      return beforeError(p, text);
    case BEFORE_ERROR:
      return beforeError(p, text);
    case IN_ERROR:
      if (isBlank(text) || isIndented(text)) return true;
      if (isNodeVersionFooter(text)) p.phase = DONE;
      return continuesNodeErrorTail(text);
    default:
      return false;
  }
}

/**
 * Everything from START to END is the report (stack trace, registers, INFO, client list, memory
 * test: most lines without Redis's header); after END only its indented hints and blank lines.
 */
function continuesRedisBugReport(p: Pending, text: string): boolean {
  if (p.phase !== IN_REPORT) return isBlank(text) || isIndented(text);
  if (isRedisBugReportEnd(text)) p.phase = REPORT_ENDED;
  return true;
}

/** Where an Envoy header map is, past its intro (phase 0): in the headers, past its closing blank line. */
const IN_HEADERS = 1;
const MAP_ENDED = 2;

function continuesEnvoyHeaders(p: Pending, text: string): boolean {
  if (p.phase === MAP_ENDED) return false;
  if (isEnvoyHeaderLine(text)) {
    p.phase = IN_HEADERS;
    return true;
  }
  if (p.phase !== IN_HEADERS || !isBlank(text)) return false;
  p.phase = MAP_ENDED;
  return true;
}

function beforeError(p: Pending, text: string): boolean {
  if (!isBlank(text)) p.phase = IN_ERROR;
  return true;
}

/**
 * Ruby's report: the exception line, `\tfrom` entries (indented, so taken before this), entries
 * that lost their tab, and the causes' reports (eval_error.c show_cause: another exception line
 * and its entries). A thread's report first takes its exception line.
 */
function continuesRuby(p: Pending, text: string): boolean {
  if (p.phase === RUBY_THREAD_HEADER) {
    if (!isRubyErrorLine(text)) return false;
    p.phase = RUBY_REPORT;
    return true;
  }
  return isRubyFrameLine(text) || isRubyErrorLine(text);
}

function continuesTraceback(p: Pending, text: string): boolean {
  if (isBlank(text)) return true;
  if (p.phase === FRAMES || p.phase === AFTER_BARE_FRAME) {
    if (isTracebackHeader(text)) return true;
    if (looksLikeRecordStart(text)) return false;
    // A frame that lost its indentation is still a frame, and the line after it its source
    // line, unless that line is shaped as the exception (`module.Name: message`).
    if (isPythonFrameLine(text)) {
      p.phase = AFTER_BARE_FRAME;
      return true;
    }
    if (p.phase === AFTER_BARE_FRAME && !isPythonExceptionLine(text)) {
      p.phase = FRAMES;
      return true;
    }
    p.phase = AFTER_EXCEPTION; // the first other non-indented line ends the frames: the exception
    return true;
  }
  if (isChainHeader(text)) {
    p.phase = CHAIN;
    return true;
  }
  if (p.phase === CHAIN && isTracebackHeader(text)) {
    p.phase = FRAMES;
    return true;
  }
  return false;
}

function withTruncated(g: LineGroup, truncated: boolean): LineGroup {
  if (truncated) g.truncated = true;
  return g;
}

/** A group that found nothing to join keeps the name of what it is only when that says something. */
function kindOf(p: Pending): string {
  // Indented lines that are all `at …` frames, or mostly frames of any runtime under a line that is
  // no record's header of its own, are a stack trace whose exception line is elsewhere.
  if (p.start === Start.Indented && (p.lines.every(isAtFrameLine) || (mostlyFrames(p.lines) && !isIndentedDatedStart(p.lines[0])))) return 'stack-frames';
  if (p.lines.length === 1 && !p.cut && SINGLE_WHEN_ALONE.has(p.start)) return 'single';
  return KIND_BY_START[p.start];
}

/**
 * Starts that say little on their own line. A lone `panic: ` or `<--- Last few GCs --->` keeps its
 * kind (it is still a crash report); a lone `runtime: ...` or `file:line` is just a line.
 */
const SINGLE_WHEN_ALONE: ReadonlySet<Start> = new Set([Start.Jvm, Start.Indented, Start.GoFatal, Start.NodeUncaught, Start.EnvoyHeaders, Start.Jul, Start.DotnetConsole, Start.TimeRow]);

/**
 * Joins Python tracebacks, a Python warning with the source line it echoes, JVM stack traces
 * (`\tat`, `Caused by:`, `... N more`), Go panic and fatal-error dumps, Node's fatal-error and
 * uncaught-exception reports, Ruby's exception reports and backtraces, Redis's bug report, Envoy's header maps, and indented continuations (but not `kubectl describe` fields) into
 * one group per stream key.
 * Groups are bounded by lines and bytes; pending groups flush after a quiet interval.
 * Emits synchronously through `emit`. Every line lands in exactly one group, in order.
 */
export class MultilineGrouper {
  /** Insertion order is group start order, so the first entry is the oldest pending group. */
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly opts: MultilineOptions,
    private readonly emit: (group: LineGroup) => void,
  ) {}

  push(streamKey: string, line: GroupLine): void {
    if (!this.place(streamKey, line)) this.emit(withTruncated({ lines: [line.text], first: line, bytes: line.text.length, kind: 'single' }, line.truncated === true));
  }

  /**
   * `push` for callers that take single lines themselves: returns false, emitting nothing for
   * it, when the line is a group by itself (a 'single' group of one line). Groups it closes are
   * emitted first, so the caller sees every line in order. Most lines are single: this saves
   * a group object and a lines array for each of them.
   */
  place(streamKey: string, line: GroupLine): boolean {
    const text = line.text;
    const p = this.pending.size === 0 ? undefined : this.pending.get(streamKey);
    if (p !== undefined) {
      if (continues(p, text)) {
        this.append(streamKey, p, line);
        return true;
      }
      this.close(streamKey, p);
    }
    const start = startOf(text);
    if (start === Start.None) return false;
    // An exception group's frames and exception are all indented: the first line that is not
    // ends it (unless it chains another traceback).
    const phase = start === Start.Traceback && isIndented(text) ? AFTER_EXCEPTION : start === Start.RubyThread ? RUBY_THREAD_HEADER : FRAMES;
    this.open(streamKey, line, start, phase);
    return true;
  }

  /** Emits groups whose last line arrived before `nowMs - flushAfterMs`. */
  flushIdle(nowMs: number): void {
    const limit = nowMs - this.opts.flushAfterMs;
    for (const [key, p] of this.pending) {
      if (p.lastMs <= limit) this.close(key, p);
    }
  }

  /** Emits the pending group of one stream key, if any (its stream ended, or moved on). */
  flushKey(streamKey: string): void {
    const p = this.pending.get(streamKey);
    if (p !== undefined) this.close(streamKey, p);
  }

  /** Emits every pending group (end of input, shutdown). */
  flushAll(): void {
    for (const [key, p] of this.pending) this.close(key, p);
  }

  get pendingStreams(): number {
    return this.pending.size;
  }

  private append(key: string, p: Pending, line: GroupLine): void {
    const text = line.text;
    if (p.lines.length >= this.opts.maxLines || p.bytes + text.length > this.opts.maxBytes) {
      // Too big: what is held goes out, and the rest carries on as a fresh group of the same kind.
      const { start, phase } = p;
      p.cut = true;
      this.close(key, p);
      // Only the first part of a Go dump is the panic; the rest is its stack.
      const next = start === Start.GoPanic || start === Start.GoFatal ? Start.GoStack : start;
      this.open(key, line, next, phase, true);
      return;
    }
    p.lines.push(text);
    p.bytes += text.length;
    p.lastMs = line.observedMs;
    if (line.truncated) p.truncated = true;
    // Python echoes exactly one source line after a warning: nothing more can join.
    if (p.start === Start.Warning) this.close(key, p);
  }

  private open(key: string, line: GroupLine, start: Start, phase: number, cut = false): void {
    if (this.pending.size >= this.opts.maxStreams) {
      const oldest = this.pending.entries().next().value;
      if (oldest !== undefined) this.close(oldest[0], oldest[1]);
    }
    this.pending.set(key, {
      lines: [line.text], first: line, bytes: line.text.length, start, phase, lastMs: line.observedMs, cut, truncated: line.truncated === true,
    });
  }

  private close(key: string, p: Pending): void {
    this.pending.delete(key);
    this.emit(withTruncated({ lines: p.lines, first: p.first, bytes: p.bytes, kind: kindOf(p) }, p.truncated));
  }
}
