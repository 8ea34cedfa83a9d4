import { isJvmExceptionStart, TRACEBACK_HEADER } from '../parse/exception-line.js';
import { isPythonWarningLine } from '../parse/python-warning.js';
import { severityInRange } from '../parse/severity-words.js';
import { isDigit, isUpper } from '../parse/char-codes.js';
import { looksLikeKlogHeader } from '../parse/klog.js';
import { monthAt } from '../parse/header-time.js';
import {
  isDescribeLine, isGoFatalStart, isGoPanicStart, isGoroutineHeader, isNodeAssertionStart, isNodeErrorSourceHeader, isNodeFatalStart,
  isRedisBugReportStart,
} from './runtime-shapes.js';
import { isEnvoyHeaderDumpIntro } from './envoy-shapes.js';
import { isRubyErrorLine, isRubyFrameLine, isRubyThreadReport } from './ruby-shapes.js';
import { isJulHeaderLine } from './jul-shapes.js';
import { isDotnetConsoleHeaderLine } from './dotnet-shapes.js';
import { isTimeRowLine } from './time-row-shapes.js';

/**
 * What a line can start when no group is pending for its stream. GoStack is a goroutine dump
 * that no panic line opened (a recovered panic that was logged), and what a Go dump cut by the
 * group limits carries on as, so only its first part is the panic.
 */
export const Start = {
  None: 0, Traceback: 1, Warning: 2, Jvm: 3, Indented: 4, GoPanic: 5, GoFatal: 6, GoStack: 7, NodeFatal: 8, NodeUncaught: 9,
  RubyError: 10, RubyThread: 11, RubyFrames: 12, RedisBugReport: 13, EnvoyHeaders: 14, Jul: 15, DotnetConsole: 16, TimeRow: 17,
} as const;
export type Start = (typeof Start)[keyof typeof Start];

const CHAIN_HEADERS = [
  'During handling of the above exception, another exception occurred:',
  'The above exception was the direct cause of the following exception:',
] as const;

export function isIndented(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 32 || c === 9;
}

/**
 * Zabbix daemons' header (src/libs/zbxlog/log.c, 1.8-7.x: `%6li:%.4d%.2d%.2d:%.2d%.2d%.2d.%03ld `):
 * the pid right-aligned in six columns, so every line of a pid under 100000 starts indented.
 */
const PID_DATE_TIME = /^ {1,5}\d{1,6}:\d{8}:\d{6}\.\d{3} /;

/**
 * One or two spaces, then a bracketed level (` [ERROR] plugin/errors: …`): a header whose time was
 * empty or cut (CoreDNS 1.2's log plugin as `kubectl logs` shows it), so every line starts the same
 * way. A continuation or a frame never opens with a level in brackets.
 */
const INDENTED_LEVEL = /^ {1,2}\[(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL|PANIC)\] /;

/**
 * One or two spaces, then a dated header (`[2020-06-08 08:58:10 +0000] [16] [INFO] …`,
 * `2020/01/26 03:17:29 …`, `2024-06-06 13:58:23,879 - …`): a record that a paste or a console
 * indented, not a continuation. Tracebacks indent their frames by two spaces and then `File`,
 * JVM and Go frames by a tab, so they never look like this. Three or four spaces need the time
 * too (`    2016/06/23 17:33:59 [INFO] agent: …`, Consul 0.x and other Go `log` users that
 * indent every line by four): a date alone that far in is more likely text inside a block. A month
 * name's date (`Nov 12 16:27:45`) always carries its time.
 */
export function isIndentedDatedStart(text: string): boolean {
  let i = 1;
  if (text.charCodeAt(0) !== 32) return false;
  if (PID_DATE_TIME.test(text) || INDENTED_LEVEL.test(text)) return true;
  while (i < 4 && text.charCodeAt(i) === 32) i++;
  const deep = i > 2;
  if (monthAt(text, i) !== 0) return isMonthDayTime(text, i + 3);
  if (text.charCodeAt(i) === 91) i++;
  if (!(isDigit(text.charCodeAt(i)) && isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) && isDigit(text.charCodeAt(i + 3)))) return false;
  const sep = text.charCodeAt(i + 4);
  if (!((sep === 45 || sep === 47) && isDigit(text.charCodeAt(i + 5)) && isDigit(text.charCodeAt(i + 6)) && text.charCodeAt(i + 7) === sep)) return false;
  // `2016/06/23 17:33:59`: the day, a space or `T`, then hh:mm.
  const t = i + 10;
  const dateTimeSep = text.charCodeAt(t);
  return !deep || ((dateTimeSep === 32 || dateTimeSep === 84) && isDigit(text.charCodeAt(t + 1)) && isDigit(text.charCodeAt(t + 2)) && text.charCodeAt(t + 3) === 58);
}

/**
 * ` 4 16:27:45` or `12 16:27:45` after a month name: the BSD syslog / Go `Jan _2 15:04:05` / Rust
 * slog-term date, which carries its time at any indentation, so a dated line indented by a paste
 * (` Nov 12 16:27:45.987 WARN …`) opens a record.
 */
function isMonthDayTime(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== 32) return false;
  let i = at + 1;
  if (text.charCodeAt(i) === 32) i++;
  if (!isDigit(text.charCodeAt(i))) return false;
  i += isDigit(text.charCodeAt(i + 1)) ? 2 : 1;
  return text.charCodeAt(i) === 32 && isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) && text.charCodeAt(i + 3) === 58;
}

/** Empty, or indented and whitespace only; by char code, since `trim()` would copy every indented line. */
export function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  if (!isIndented(text)) return false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    // Unicode spaces are rare: trim() knows them all.
    return c >= 128 && text.trim().length === 0;
  }
  return true;
}

/**
 * Indented rule or banner art: only `#`, `*`, `=`, `-`, `_`, `~`, `+` and spaces (RabbitMQ's
 * start banner draws its logo as `  ##  ##` and `  ##########`). Not text an indented block
 * continues with: such a line is a record of its own (a separator: noise).
 */
export function isIndentedRule(text: string): boolean {
  let marks = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) continue;
    if (c !== 35 && c !== 42 && c !== 61 && c !== 45 && c !== 95 && c !== 126 && c !== 43) return false;
    marks++;
  }
  return marks >= 2;
}

export function isTracebackHeader(text: string): boolean {
  return text.charCodeAt(0) === 84 && text.startsWith(TRACEBACK_HEADER);
}

const GROUP_HEADER = '+ Exception Group ' + TRACEBACK_HEADER;

/**
 * Python 3.11+ prints an uncaught exception group indented as a whole (CPython
 * Lib/traceback.py, TracebackException.format with an _ExceptionPrintContext):
 * `  + Exception Group Traceback (most recent call last):`, then `  | ` frames and exception.
 */
export function isExceptionGroupHeader(text: string): boolean {
  let i = 0;
  while (i < 8 && text.charCodeAt(i) === 32) i++;
  return text.charCodeAt(i) === 43 && text.startsWith(GROUP_HEADER, i);
}

/** The lines Python prints between chained tracebacks. */
export function isChainHeader(text: string): boolean {
  return text.startsWith(CHAIN_HEADERS[0]) || text.startsWith(CHAIN_HEADERS[1]);
}

/** Non-indented JVM stack lines (`Caused by:`, `Suppressed:`, `... 12 more`). */
export function isJvmContinuation(text: string): boolean {
  return text.startsWith('Caused by: ') || text.startsWith('Suppressed: ') || text.startsWith('... ');
}

/** Length of the upper-case word that starts the line, 0 when it is not 3..9 letters. */
function leadingUpperWordLength(text: string): number {
  let j = 0;
  while (j < 10 && isUpper(text.charCodeAt(j))) j++;
  return j >= 3 && j < 10 ? j : 0;
}

/**
 * A line that opens a new log record by its look: a timestamp, a bracketed header (gunicorn),
 * a syslog priority, a JSON object, klog's `E0315 ` or a level word first. Such a line never
 * continues a traceback even when it sits where the exception line would be.
 */
export function looksLikeRecordStart(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c === 91 || c === 123 || c === 60 || isDigit(c)) return true;
  if (looksLikeKlogHeader(text)) return true;
  const n = leadingUpperWordLength(text);
  if (n === 0) return false;
  const next = text.charCodeAt(n);
  return (next === 32 || next === 58 || next === 93) && severityInRange(text, 0, n) > 0;
}

/** Classifies a line with no pending group: most lines return None after a char check or two. */
export function startOf(text: string): Start {
  const c = text.charCodeAt(0);
  // By the last character first: few lines end as a Ruby report, a backtrace entry or an assertion does.
  const last = text.charCodeAt(text.length - 1);
  if (last === 41 || last === 39 || last === 96 || last === 46 || last === 58) {
    const s = endShapedStart(text, last);
    if (s !== Start.None) return s;
  }
  if (c === 32 || c === 9) {
    if (isBlank(text) || isDescribeLine(text) || isIndentedRule(text)) return Start.None;
    if (isExceptionGroupHeader(text)) return Start.Traceback;
    return isNodeFatalStart(text) ? Start.NodeFatal : Start.Indented;
  }
  if (c >= 65 && c <= 83 && isJulHeaderLine(text)) return Start.Jul;
  if (c === 60 || c === 70 || c === 35) return isNodeFatalStart(text) ? Start.NodeFatal : Start.None;
  if (c === 61 && isRedisBugReportStart(text)) return Start.RedisBugReport;
  if (c >= 48 && c <= 57 && isTimeRowLine(text)) return Start.TimeRow;
  if (c === 91 || c === 123 || (c >= 48 && c <= 57) || c !== c) return Start.None;
  if (c === 47 && isNodeErrorSourceHeader(text)) return Start.NodeUncaught;
  if (c === 103 && isGoroutineHeader(text)) return Start.GoStack;
  if (isTracebackHeader(text)) return Start.Traceback;
  if (isPythonWarningLine(text)) return Start.Warning;
  if (c === 112 && isGoPanicStart(text)) return Start.GoPanic;
  if ((c === 102 || c === 114 || c === 83) && isGoFatalStart(text)) return Start.GoFatal;
  if (((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) && isNodeErrorSourceHeader(text)) return Start.NodeUncaught;
  if (c >= 99 && c <= 119 && isDotnetConsoleHeaderLine(text)) return Start.DotnetConsole;
  if ((c >= 97 && c <= 122) || c === 69) return isJvmExceptionStart(text) ? Start.Jvm : Start.None;
  return Start.None;
}

/**
 * Starts known by how the line ends: `(NameError)`, `in `save'`, `Assertion `x' failed.`, a thread's
 * report, an Envoy debug line that introduces a header map.
 */
function endShapedStart(text: string, last: number): Start {
  const c = text.charCodeAt(0);
  if (c === 32 || c === 9) return last !== 46 && isRubyFrameLine(text) ? Start.RubyFrames : Start.None;
  if (last === 46) return isNodeAssertionStart(text) ? Start.NodeFatal : Start.None;
  if (last === 58) {
    if (c === 35) return isRubyThreadReport(text) ? Start.RubyThread : Start.None;
    return c === 91 && isEnvoyHeaderDumpIntro(text) ? Start.EnvoyHeaders : Start.None;
  }
  if (last === 41) return isRubyErrorLine(text) ? Start.RubyError : Start.None;
  return isRubyFrameLine(text) ? Start.RubyFrames : Start.None;
}
