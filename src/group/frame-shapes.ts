import { isAtFrameLine } from './frame-lines.js';

/*
 * The shapes of a stack frame, whatever runtime printed it, read from the line alone (trimmed, any
 * header already taken off). The classifier reads a lone frame as part of a crash report
 * (chatter-shape.ts FRAME), and the grouper calls an indented block made mostly of frames a stack
 * trace (multiline-grouper.ts), whatever its first line says.
 */

/**
 * Go frames (`runtime.throw(0x55a5, 0x2a)`, `main.(*T).f(...)`) with their import path
 * (`github.com/mattermost/platform/api.sendNotifications(0xc8209, ...)`, runtime/traceback.go
 * printFuncName: the path keeps its `/`, `-` and `%2e`), their file lines, V8's native frames.
 */
const GO_FRAME = /^(?:[\w.%~-]+\/)*[\w.%-]+(?:\.\(\*?[\w.]+\))?\.[\w.]+\(.*\)$/;
/** `created by net/http.(*Server).Serve` (runtime/traceback.go printcreatedby; Go 1.21 adds ` in goroutine N`). */
const GO_CREATED_BY = /^created by (?:[\w.%~-]+\/)*[\w.%-]+(?:\.\(\*?[\w.]+\))?\.[\w.]+(?: in goroutine \d+)?$/;
/**
 * A Go stack as github.com/pkg/errors prints it with `%+v` (stack.go Frame.Format, 0.8-0.9: the
 * function's full name from runtime.FuncForPC, then a tab and `file:line` on the next line), as
 * do its heirs (cockroachdb/errors, go-errors, spiral/errors): the function without arguments.
 * A name under a module path that starts with a domain (`github.com/…`, `go.etcd.io/…`), a method
 * on a receiver (`net/http.(*conn).serve`), or the runtime's and main's own functions, and never
 * a file's name (`main.go`, `docs.example.com/setup.html`); a bare `a.b` word is too common in prose.
 */
const GO_FUNCTION_NAME = /^(?:[\w-]+\.[\w.-]+\/(?:[\w.%~@-]+\/)*[\w.%@-]+\.(?:\(\*?\w+\)\.)?[\w.]+|(?:[\w.%~-]+\/)*[\w-]+\.\(\*?\w+\)\.[\w.]+|(?:main|runtime)\.[\w.]+)(?<!\.(?:go|py|rs|c|h|cc|js|ts|java|rb|html?|md|ya?ml|json|toml|txt|log|conf|xml|sh|so|jar|gz|zip|exe|bin))$/;
/** The file line under it: `github.com/spiral/endure@v1.0.1/pkg/container/poller.go:16` (a module path, not `/`). */
const MODULE_FILE_LINE = /^(?:[\w.-]+\.[a-z]{2,}|golang\.org|gopkg\.in)\/\S+\.go:\d+$/;
/**
 * A frame whose header (a syslog or journald prefix, a logger's own column) took its indentation:
 * `at fn (file.js:12:5)`, `at file.js:12:5`, `at pkg.Class.m(File.java:12)`, `(Native Method)`,
 * `(native)` (V8 before Node 12). Unindented, so the location in parentheses must look like one.
 */
const BARE_AT_FRAME = /^at (?:async )?(?:\S.*\((?:[^()\s]+:\d+(?::\d+)?|native|Native Method|Unknown Source|<anonymous>)\)|[^\s()]+:\d+:\d+)$/;
/**
 * A backtrace entry that starts with its location: Ruby's `path.rb:12:in 'method'` read before
 * (ruby-shapes.ts), and the `path.rb:208 in method` form error trackers and Celluloid's crash
 * reports print; `from ` before it is Ruby's own. A path, a line, then `in` and the method.
 */
const LOCATION_FRAME = /^(?:from )?[\w./~@+-]+\.(?:rb|py|js|mjs|ts|go|java|kt|scala|php|ex|exs|erl):\d+(?::\d+)? ?:?in [`']?\S/;
/** The runtime's line before a Go dump on a signal (runtime/signal_unix.go sigpanic): `[signal SIGSEGV: ... pc=0x4c8a2b]`. */
const GO_SIGNAL = /^\[signal (?:SIG[A-Z]+|0x[0-9a-f]+)\b.*\bpc=0x[0-9a-f]+\]$/;
const FILE_LINE = /^(?:#011)?\/\S+\.\w{1,5}:\d+(?:\s+\+0x[0-9a-f]+.*|\s+\(0x[0-9a-f]+\))?$/;
/**
 * glibc's backtrace_symbols, `%s(%s+%#tx) [%p]` (what mysqld, Redis and other C servers print on a
 * fatal signal): `mysqld(handle_fatal_signal+0x459)[0x782219]`, and `%s() [%p]` when it found no
 * symbol (Domoticz's crash handler: `/opt/domoticz/domoticz() [0x1cdc48]`, an offset `+0` without
 * its `0x`). Read from its tail, as the binary may be a process title with spaces (Redis/KeyDB
 * `keydb-server *:6379`) and the symbol a demangled C++ signature (`processInputBuffer(client*, int)`).
 */
const BACKTRACE_SYMBOL = /(?:\+(?:0x)?[0-9a-f]+|^\/\S*\()\)\s*\[0x[0-9a-f]+\]$/;
/**
 * Other native stack dumps: ClickHouse's StackTrace (`3. DB::f() @ 0x1c4a016b in /usr/bin/clickhouse`,
 * `3. ? @ 0x1c4a016b in ?`), Varnish's panic backtrace (`ip=0x4fdb14 sp=0x7ffc73b414c0 <VBT_format+0x2c>`,
 * behind varnishtest's `***  v1    debug|` column) and gdb's `bt` (`#0  0x00007f3c in raise () from /lib64/libc.so.6`).
 */
const NATIVE_DUMP_FRAME = /^\d{1,3}\. [^@]* @ 0x[0-9a-f]{6,}(?: in (?:\?|\/\S*))?$|\bip=0x[0-9a-f]+ sp=0x[0-9a-f]+\b|^#\d{1,3} +0x[0-9a-f]+ in \S/;
const NATIVE_FRAME = /^\d{1,3}: 0x[0-9a-f]+/;
/**
 * Seastar's backtrace (ScyllaDB, Redpanda, Ceph crimson: seastar/util/backtrace.hh prints a frame as
 * `0x%x`, behind `<object>+` when the address is in a shared object): one address per line, bare,
 * under `Backtrace:` or a reactor-stall report. An address alone on its line is nothing but a frame.
 */
const ADDRESS_FRAME = /^(?:\/\S+\+0x[0-9a-f]{1,16}|0x[0-9a-f]{6,16})$/;
/**
 * XNU's panic backtrace (osfmk/kern/debug.c, every macOS panic report since 10.x: under `Backtrace
 * (CPU n), Frame : Return Address`, one `%p : %p` pair per frame, the frame pointer then the return
 * address, a symbol or a kext name after it when the kernel could name it).
 */
const FRAME_RETURN_PAIR = /^0x[0-9a-f]{8,16} : 0x[0-9a-f]{6,16}(?:\s.*)?$/;
const RUNTIME_HEADER = /^(?:runtime stack:|goroutine \d+ \[)/;
/** A Python traceback's header or frame behind a prefix no parser took (`[c2]   File "x.py", line 3, in f`). */
const PYTHON_TRACE = /(?:^|\s)(?:Traceback \(most recent call last\):|File "[^"]+", line \d+)/;
/**
 * Rust's backtrace (library/std backtrace printing and the backtrace crate's src/print.rs,
 * BacktraceFrameFmt, 2019-2024): `{:4}: ` and the frame's index, then in the full format the
 * address and ` - `, then the symbol (`   0:     0x5555… - backtrace::trace::h6559…`, `  12: std::rt::lang_start`);
 * an inlined symbol under the same index as ` - name` alone (backtrace 0.2); its location as
 * `at <file>:<line>[:<col>]` on the line after. A symbol is a path (`::`) or an angle-bracketed impl.
 */
const RUST_FRAME = /^\d{1,4}: +(?:0x[0-9a-f]{4,} - )?(?:<|[\w$.]+::)\S|^- (?:<\S.*|[\w$.]+::\S+)$/;
const RUST_LOCATION = /^at (?:\/|[A-Za-z]:\\|\.{0,2}[\w.-]+\/)\S*\.rs:\d+(?::\d+)?$/;
/**
 * glog's stack dump on a failed CHECK or a fatal signal (src/utilities.cc DumpPCAndSymbol and
 * symbolize: `@ %*p  %s`, the address right-aligned, then the symbol or `(unknown)`), which
 * Kudu, YugabyteDB, Dragonfly, Ceph's older daemons and many other C++ servers print:
 * `@     0x7f2818efd666  google::LogMessage::SendToLog()`.
 */
const GLOG_FRAME = /^@ +0x[0-9a-f]{4,}(?: +\S.*)?$/;
/**
 * Elixir's stacktrace entry (lib/elixir/lib/exception.ex format_stacktrace_entry, 1.0-1.17:
 * `(app) file:line: Module.fun/arity`, the app with its version since 1.15, the app left out for
 * the project's own code): `(db_connection) lib/db_connection/connection.ex:134: DBConnection.Connection.connect/2`,
 * `(stdlib) proc_lib.erl:247: :proc_lib.init_p_do_apply/3`.
 */
const ELIXIR_FRAME = /^(?:\([\w-]+(?: [\w.-]+)?\) )?[\w./-]+\.(?:ex|exs|erl):\d+: \S+[/(]/;
/**
 * A numbered frame whose location comes first, `<file>:<line>:<function>()` (MinIO's error
 * trace, cmd/logger: `7: github.com/minio/minio@/cmd/config-common.go:40:cmd.readConfig()`).
 */
const NUMBERED_LOCATION_FRAME = /^\d{1,3}: \S+\.(?:go|c|cc|cpp|rs|java|py):\d+:\S+\(\)$/;

/**
 * C++ frames of two widely linked printers: Boost.Stacktrace's to_string (boost/stacktrace/detail/
 * frame_decl and to_string_impl, 1.65+: `%2d# <symbol or 0xADDR>[ at <file>:<line>| in <module>]`, as
 * Triton, ClickHouse tools and many servers print on a fatal signal) and PyTorch's c10 backtrace
 * (c10/util/Backtrace.cpp: `frame #N: <symbol> + 0xOFF (0xADDR in <module>)`, under every NCCL or
 * CUDA error a Python ML server logs).
 */
const CPP_LIBRARY_FRAME = /^\d{1,3}# (?:0x[0-9A-Fa-f]+ in \S+|\S.* in \/\S+|\S*(?:::|\()\S.* (?:in \S+|at \S+:(?:\d+|\?)))$|^frame #\d{1,3}: .+ \(0x[0-9a-f]+ in \S+\)$/;

/**
 * The lines a runtime prints inside its trace, around the frames, and nowhere else: Rust's panic
 * hook (library/std/src/panicking.rs default_hook, 1.x: `stack backtrace:`, `note: run with
 * \`RUST_BACKTRACE=1\` environment variable to display a backtrace`, `note: Some details are
 * omitted, run with \`RUST_BACKTRACE=full\` …`), the JVM's (Throwable.printEnclosedStackTrace:
 * `Caused by: <class>: …`, `... 7 more`; logback's `... 12 common frames omitted`), Seastar's
 * `[Backtrace #0]` (util/backtrace.cc), and the note Ceph prints under its backtrace
 * (src/common/BackTrace.cc: `NOTE: a copy of the executable, or \`objdump -rdS <executable>\` is
 * needed to interpret this.`).
 */
const TRACE_NOTE = /^(?:stack backtrace:|note: run with `RUST_BACKTRACE=(?:1|full)`|note: Some details are omitted, run with `RUST_BACKTRACE=|Caused by: (?:[\w$]+\.)+[\w$]+(?::|$)|\.\.\. \d+ (?:more|common frames omitted)$|\[Backtrace #\d+\]$|NOTE: a copy of the executable, or `objdump -rdS)/;

/** Is the trimmed text a stack frame, or a frame's location line, of any runtime known here? */
function isFrameText(m: string): boolean {
  return GO_FRAME.test(m) || GO_CREATED_BY.test(m) || GO_FUNCTION_NAME.test(m) || MODULE_FILE_LINE.test(m)
    || BARE_AT_FRAME.test(m) || LOCATION_FRAME.test(m) || GO_SIGNAL.test(m) || FILE_LINE.test(m) || NATIVE_FRAME.test(m)
    || ADDRESS_FRAME.test(m) || FRAME_RETURN_PAIR.test(m) || BACKTRACE_SYMBOL.test(m) || NATIVE_DUMP_FRAME.test(m) || RUNTIME_HEADER.test(m) || PYTHON_TRACE.test(m)
    || RUST_FRAME.test(m) || RUST_LOCATION.test(m) || TRACE_NOTE.test(m) || GLOG_FRAME.test(m) || ELIXIR_FRAME.test(m) || NUMBERED_LOCATION_FRAME.test(m)
    || CPP_LIBRARY_FRAME.test(m);
}

/** A line as it came (indented or not) that is a stack frame or a frame's location. */
export function isFrameLine(text: string): boolean {
  return isAtFrameLine(text) || isFrameText(text.trim());
}

/**
 * Most of an indented block is frames (at least two, and no fewer than the other lines): a stack
 * trace whose first line may be the runtime's version or a note (Ceph's ` ceph version …` over its
 * frames, Rust's frame lines alternating with their `at` locations, an Elixir exit reason's
 * `** (EXIT) …` over the entries).
 */
export function mostlyFrames(lines: readonly string[]): boolean {
  let frames = 0;
  let others = 0;
  for (const l of lines) {
    if (isFrameLine(l)) frames++;
    else if (l.trim() !== '') others++;
  }
  return frames >= 2 && frames >= others;
}
