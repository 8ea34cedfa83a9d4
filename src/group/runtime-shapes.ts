import { isDigit, isLetter, isLower, isUpper } from '../parse/char-codes.js';

/*
 * Line shapes of the crash reports that runtimes print straight to stderr, outside any logging
 * framework: Go's panic / fatal-error goroutine dump (src/runtime/panic.go, traceback.go), V8's
 * heap-OOM report as Node prints it (deps/v8 heap "Last few GCs", node_errors.cc
 * OOMErrorHandler), Node's uncaught-exception report (node_errors.cc ReportFatalException:
 * `file:line`, the source line, the caret line, the stack, `Node.js vX`), and the field lines of
 * `kubectl describe`, which must stay one record each, and Redis's crash report (src/debug.c
 * bugReportStart / bugReportEnd: "=== REDIS BUG REPORT START" ... "=== REDIS BUG REPORT END"),
 * whose stack trace, registers and INFO dump lines mostly have no header. All by char code: these
 * run on every line of a pending group.
 */

/** `SIGSEGV: segmentation violation`: Go's report for a signal in non-Go code (runtime/signal_unix.go). */
function isGoSignalHeader(text: string): boolean {
  if (!text.startsWith('SIG')) return false;
  let i = 3;
  while (i < 12 && isUpper(text.charCodeAt(i))) i++;
  return i > 4 && text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 32;
}

/** `panic: ...`, the first line of a Go panic. */
export function isGoPanicStart(text: string): boolean {
  return text.charCodeAt(0) === 112 && text.startsWith('panic: ');
}

/**
 * `goroutine 391 [running]:` with nothing pending: a dump that follows a log line rather than a
 * `panic:` (a panic recovered and logged, net/http's "http: panic serving"). Its stack, not a crash.
 */
export function isGoroutineHeader(text: string): boolean {
  if (text.charCodeAt(0) !== 103 || !text.startsWith('goroutine ') || !isDigit(text.charCodeAt(10))) return false;
  const last = text.charCodeAt(text.length - 1);
  return last === 58 && text.indexOf(' [', 10) > 0;
}

/** `fatal error: ...`, `runtime: ...` (what the runtime prints before it throws), `SIGSEGV: ...`. */
export function isGoFatalStart(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c === 102) return text.startsWith('fatal error: ');
  if (c === 114) return text.startsWith('runtime: ');
  return c === 83 && isGoSignalHeader(text);
}

/** A goroutine-dump frame's function line: `main.main()`, `net/http.(*conn).serve(0xc0001a6000, ...)`. */
function isGoFunctionLine(text: string): boolean {
  const c0 = text.charCodeAt(0);
  if (!(isLetter(c0) || c0 === 95)) return false;
  const last = text.charCodeAt(text.length - 1);
  if (last !== 41) return false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) return i > 1;
    if (c === 32 || c === 9) return false;
  }
  return false;
}

/** `rax    0x0`: the register dump after a signal with GOTRACEBACK=crash. */
function isGoRegisterLine(text: string): boolean {
  let i = 0;
  while (i < 8 && (isLetter(text.charCodeAt(i)) || isDigit(text.charCodeAt(i)))) i++;
  if (i < 2 || text.charCodeAt(i) !== 32) return false;
  while (text.charCodeAt(i) === 32) i++;
  return text.startsWith('0x', i);
}

const GO_DUMP_PREFIXES = [
  'goroutine ', 'created by ', 'runtime stack:', '[signal ', '[originating from goroutine', 'PC=', 'signal arrived during ',
  '...', 'panic: ', 'fatal error: ', 'runtime: ',
] as const;

/** Does a non-indented, non-blank line belong to a Go panic or fatal-error dump? */
export function continuesGoDump(text: string): boolean {
  for (const p of GO_DUMP_PREFIXES) if (text.startsWith(p)) return true;
  return isGoSignalHeader(text) || isGoFunctionLine(text) || isGoRegisterLine(text);
}

const NODE_FATAL_STARTS = ['<--- Last few GCs --->', 'FATAL ERROR: ', '# Fatal error in ', '  #  '] as const;

/**
 * V8's heap-OOM report (`<--- Last few GCs --->`), Node's `FATAL ERROR: ` line, V8's failed CHECK
 * (`# Fatal error in <file>, line <n>`, deps/v8 src/base/logging.cc V8_Fatal), or the first line of
 * a failed C++ assertion in Node 20+ (src/node_errors.cc Assert: `  #  node[1]: <function> at
 * <file:line>`, then `  #  Assertion failed: <expr>` and the native stack).
 */
export function isNodeFatalStart(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c === 60 || c === 70) return text.startsWith(NODE_FATAL_STARTS[0]) || text.startsWith(NODE_FATAL_STARTS[1]);
  if (c === 35) return text.startsWith(NODE_FATAL_STARTS[2]);
  return c === 32 && text.startsWith(NODE_FATAL_STARTS[3]) && text.indexOf(']: ', 5) > 0 && text.indexOf(' at ', 5) > 0;
}

/** V8's heap report, the lead-in to Node's out-of-memory `FATAL ERROR: ` line. */
export function isGcReportStart(text: string): boolean {
  return text.startsWith(NODE_FATAL_STARTS[0]);
}

/** Node's `FATAL ERROR: <location> <message>` (src/node_errors.cc OOMErrorHandler, OnFatalError). */
export function isNodeFatalLine(text: string): boolean {
  return text.startsWith(NODE_FATAL_STARTS[1]);
}

const ASSERTION = ' Assertion `';

/**
 * `node[1]: ../src/node_platform.cc:61:<function>: Assertion `(0) == (...)' failed.`: a failed
 * C++ assertion before Node 20 (src/node_errors.cc Assert, `%s: %s:%s%s Assertion `%s' failed.`,
 * the shape of glibc's assert too); Node then aborts and prints its native stack (` 1: 0x... node::Abort()`).
 */
export function isNodeAssertionStart(text: string): boolean {
  return text.endsWith("' failed.") && text.indexOf(ASSERTION) > 0 && text.indexOf(': ') > 0;
}

const NODE_FATAL_PREFIXES = ['<--- ', '====', '-----', 'Security context:', 'FATAL ERROR: ', '#'] as const;

/** Does a non-indented, non-blank line belong to Node's fatal-error report? */
export function continuesNodeFatal(text: string): boolean {
  const c = text.charCodeAt(0);
  // `[19:0x3c1997d0]    1700 ms: Mark-sweep ...` (a GC trace line) and `10: 0xbbede7 v8::...` (a frame).
  if (c === 91) return isDigit(text.charCodeAt(1));
  if (isDigit(c)) {
    let i = 1;
    while (isDigit(text.charCodeAt(i))) i++;
    return text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 32;
  }
  for (const p of NODE_FATAL_PREFIXES) if (text.startsWith(p)) return true;
  return false;
}

const SCRIPT_SUFFIXES = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;

/**
 * `/app/server.js:12`, `node:internal/process/promises:288`, `file:///app/index.mjs:3`, and
 * before Node 16 `events.js:174` or `internal/modules/cjs/loader.js:883`: the line Node prints
 * first for an uncaught exception (the script and line that threw). No spaces, a path, a `node:`
 * module or a script name, then `:` and the line number to the end.
 */
export function isNodeErrorSourceHeader(text: string): boolean {
  const n = text.length;
  if (n < 4 || n > 512 || !isDigit(text.charCodeAt(n - 1))) return false;
  let i = n - 1;
  while (i > 0 && isDigit(text.charCodeAt(i))) i--;
  if (text.charCodeAt(i) !== 58) return false;
  for (let k = 0; k < i; k++) {
    const c = text.charCodeAt(k);
    if (c === 32 || c === 9) return false;
  }
  const c0 = text.charCodeAt(0);
  if (c0 === 47 || text.startsWith('node:') || text.startsWith('file:///')) return true;
  if (isLetter(c0) && text.charCodeAt(1) === 58 && text.charCodeAt(2) === 92) return true;
  for (const suffix of SCRIPT_SUFFIXES) if (text.startsWith(suffix, i - suffix.length)) return true;
  return false;
}

/** Only spaces, tabs and `^`: the caret line under the source line of an uncaught exception. */
export function isCaretLine(text: string): boolean {
  let carets = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 94) carets++;
    else if (c !== 32 && c !== 9) return false;
  }
  return carets > 0;
}

const NODE_ERROR_TAIL_PREFIXES = ['}', ']', '(Use `', 'Thrown at:', "Emitted 'error' event", 'Node.js v'] as const;

/** After the stack of an uncaught exception: the error's own properties, Node's hints and its version line. */
export function continuesNodeErrorTail(text: string): boolean {
  for (const p of NODE_ERROR_TAIL_PREFIXES) if (text.startsWith(p)) return true;
  return false;
}

/** `Node.js v18.16.0`: the last line Node prints for a fatal exception (v17+). */
export function isNodeVersionFooter(text: string): boolean {
  return text.startsWith('Node.js v') && isDigit(text.charCodeAt(9));
}

function isDescribeKeyChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 32 || c === 95 || c === 45 || c === 46 || c === 47;
}

/**
 * An indented field or event row of `kubectl describe` (kubectl describe.go writes them through a
 * tabwriter with two spaces of padding): `    Reason:       OOMKilled`, `    Mounts:`,
 * `  Warning  BackOff  3m (x12 over 8m)  kubelet  Back-off ...`, the events header and its
 * dashes. Each is a record of its own, never the continuation of an indented group.
 */
export function isDescribeLine(text: string): boolean {
  let i = 0;
  while (text.charCodeAt(i) === 32) i++;
  if (i < 2) return false;
  const c = text.charCodeAt(i);
  if (c === 45) return text.startsWith('----', i);
  if (isDigit(c)) return isAgeCell(text, i);
  if (!isUpper(c)) return false;
  if (text.startsWith('Normal  ', i) || text.startsWith('Warning  ', i) || text.startsWith('Type  ', i)) return true;
  if (isRfc1123Date(text, i) || text.startsWith('FirstSeen', i)) return true;
  const keyStart = i;
  while (i - keyStart < 40 && isDescribeKeyChar(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 58 || text.charCodeAt(i - 1) === 32) return false;
  const after = i + 1;
  if (after === text.length) return true;
  const a = text.charCodeAt(after);
  if (a === 9 || (a === 32 && text.charCodeAt(after + 1) === 32)) return true;
  // Pasted or reflowed output keeps one space after the colon (an issue's markdown, a chat): then
  // only a key in describe's own Title Case words (`Last State: Terminated`, `Exit Code: 137`).
  return a === 32 && isTitleCaseKey(text, keyStart, i);
}

/**
 * The event rows of `kubectl describe` before 1.8 (describe.go DescribeEvents, 2015-2017): the
 * FirstSeen column as a date (`Tue, 07 Apr 2015 12:08:30 -0700`, time.RFC1123Z, until 1.1) or as
 * an age (isAgeCell), then LastSeen, Count, From, SubobjectPath, Reason, Message.
 */
function isRfc1123Date(text: string, i: number): boolean {
  return isLower(text.charCodeAt(i + 1)) && isLower(text.charCodeAt(i + 2)) && text.charCodeAt(i + 3) === 44
    && text.charCodeAt(i + 4) === 32 && isDigit(text.charCodeAt(i + 5)) && isDigit(text.charCodeAt(i + 6))
    && text.charCodeAt(i + 7) === 32 && isUpper(text.charCodeAt(i + 8));
}

/** An age (`1m`, `2h`, `3d4h`) then a tab or two spaces: the FirstSeen column after 1.1. */
function isAgeCell(text: string, i: number): boolean {
  let units = 0;
  for (;;) {
    const from = i;
    while (isDigit(text.charCodeAt(i))) i++;
    if (i === from) break;
    const u = text.charCodeAt(i);
    if (u !== 115 && u !== 109 && u !== 104 && u !== 100 && u !== 121) return false;
    i++;
    units++;
  }
  return units > 0 && (text.charCodeAt(i) === 9 || (text.charCodeAt(i) === 32 && text.charCodeAt(i + 1) === 32));
}

/** `Exit Code`, `Last State`, `Restart Count`, `Node-Selectors`: one to three capitalised words. */
function isTitleCaseKey(text: string, from: number, to: number): boolean {
  let words = 1;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (++words > 3 || !isUpper(text.charCodeAt(i + 1))) return false;
    } else if (!isLetter(c) && c !== 45) {
      return false;
    }
  }
  return true;
}

const REDIS_REPORT_START = '=== REDIS BUG REPORT START';
const REDIS_REPORT_END = '=== REDIS BUG REPORT END';

/** `=== REDIS BUG REPORT START: Cut & paste starting from here ===`: Redis 2.6-7.x print it unprefixed. */
export function isRedisBugReportStart(text: string): boolean {
  return text.startsWith(REDIS_REPORT_START);
}

/** The report's last line (its trailer of indented hints may follow), with or without Redis's header. */
export function isRedisBugReportEnd(text: string): boolean {
  return text.includes(REDIS_REPORT_END);
}
