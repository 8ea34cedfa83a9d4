import t from 'tap';
import { isFrameLine, mostlyFrames } from '../../src/group/frame-shapes.js';
import { collecting, pushAll, shape } from './group-helpers.js';

// Lines built from each runtime's printing code (the source named in frame-shapes.ts).
const FRAMES = [
  // Rust std / backtrace crate (print.rs): index, address, ` - `, symbol; its location on the next line.
  '   0:     0x555555834934 - backtrace::backtrace::libunwind::trace::h65597d255cb1398b',
  '  12: std::rt::lang_start_internal',
  '   3:     0x7f1c2b4e1a2f - <std::sys_common::backtrace::_print::DisplayBacktrace as core::fmt::Display>::fmt::h6df05d3335f32194',
  '                               at /cargo/registry/src/github.com-1ecc6299db9ec823/backtrace-0.3.40/src/backtrace/libunwind.rs:88',
  '             at /rustc/90c541806f23a127002de5b4038be731ba1458ca/library/std/src/panicking.rs:584:5',
  '                        - backtrace::backtrace::trace<closure>',
  // glog DumpPCAndSymbol.
  '    @     0x7f2818efd666  google::LogMessage::SendToLog()',
  '    @     0x5571bb1f81b9  google::LogMessageFatal::~LogMessageFatal()',
  '    @           0x4d2f90  (unknown)',
  // Elixir format_stacktrace_entry, with and without the app, with the app's version (1.15+).
  '    (db_connection) lib/db_connection/connection.ex:134: DBConnection.Connection.connect/2',
  '    lib/postgrex/protocol.ex:621: Postgrex.Protocol.bootstrap/3',
  '    (stdlib 5.0.2) proc_lib.erl:241: :proc_lib.init_p_do_apply/3',
  // pkg/errors %+v: the function, then a tab and file:line (a module path or an absolute one).
  'github.com/spiral/roadrunner/v2/pkg/worker_watcher.(*workerWatcher).addToWatch.func1',
  '\tgithub.com/spiral/roadrunner/v2@v2.2.1/pkg/worker_watcher/worker_watcher.go:260',
  'main.main',
  'runtime.goexit',
  '\t/usr/local/go/src/runtime/proc.go:271',
  // Ceph's BackTrace::print over glibc's backtrace_symbols.
  ' 5: (ceph::__ceph_assert_fail(char const*, char const*, int, char const*)+0x26b) [0x55c286eb756b]',
  ' 2: (()+0x11390) [0x7f37b1d9a390]',
  ' 5: /usr/lib64/ceph/libceph-common.so.2(+0x26a64f) [0x7fcf3168664f]',
  // The same without a symbol, or with a bare offset (Domoticz's crash handler, domoticz/domoticz#2030).
  '/opt/domoticz/domoticz() [0x1cdc48]',
  '/lib/arm-linux-gnueabihf/libc.so.6(__default_sa_restorer+0) [0x76abf6b0]',
  // MinIO's numbered trace.
  '       7: github.com/minio/minio@/cmd/config-common.go:40:cmd.readConfig()',
  // Boost.Stacktrace to_string: index, `#`, symbol or address, then its module or source location.
  ' 0# inference::(anonymous namespace)::SignalHandler(int) at signal.cc:?',
  ' 3# abort in /lib64/libc.so.6',
  '11# 0x00007F21C0A1B2C3 in /opt/server/backends/libbackend.so.2.4.0',
  // PyTorch c10 Backtrace: `frame #N: <symbol> + 0xOFF (0xADDR in <module>)`.
  'frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x57 (0x7f3a2c1e4a17 in /usr/lib/python3/torch/lib/libc10.so)',
  'frame #3: <unknown function> + 0x8609 (0x7f3a6d2b1609 in /lib/x86_64-linux-gnu/libpthread.so.0)',
  // XNU's panic backtrace: frame pointer, then return address, a kext named after it when known.
  '0xffffffa0b3c13a50 : 0xffffff801a3e4c1d ',
  '0xffffffa0b3c13b10 : 0xffffff7f9d4e2a0c com.apple.driver.AppleFoo : __ZN8AppleFoo4stopEv + 0x3c',
];

const NOT_FRAMES = [
  'main.go', 'config.yaml', 'See docs.example.com/setup for details', 'app.version', '@ the office', '1: first item',
  '  - a list item', '- compaction::run finished', 'at 10:00 the job ran', 'lib/app.ex:12: warning: variable "x" is unused',
  'github.com/foo/bar is deprecated', 'runtime is 12 minutes', '12: ok',
  'mapped 0x7f1c2b4e1000 : 4096 bytes', 'range 0x1000 : 0x2000',
  '1# item in stock', 'frame #2: dropped', 'called f() [0x10]', 'returned () [0x0]',
];

void t.test('frame shapes of Rust, glog, Elixir, pkg/errors, Ceph and MinIO traces', async (t) => {
  for (const line of FRAMES) t.ok(isFrameLine(line), line);
  for (const line of NOT_FRAMES) t.notOk(isFrameLine(line), line);
});

void t.test('an indented block made mostly of frames is a stack trace, whatever its first line', async (t) => {
  const { g, out } = collecting();
  // Ceph's abort report: the version line, then the frames, then the objdump note.
  pushAll(g, 'ceph', [
    '2017-07-05 19:31:50.142122 7f37b2d01a40 -1 *** Caught signal (Aborted) **',
    ' ceph version 11.2.0 (f223e27eeb35991352ebc1f67423d4ebc252adb7)',
    ' 1: (()+0x946e4e) [0x55c286ce5e4e]',
    ' 2: (()+0x11390) [0x7f37b1d9a390]',
    ' 3: (gsignal()+0x38) [0x7f37b038c428]',
    ' 4: (abort()+0x16a) [0x7f37b038e02a]',
    ' NOTE: a copy of the executable, or `objdump -rdS <executable>` is needed to interpret this.',
    '2017-07-05 19:31:51.000000 7f37b2d01a40  0 done',
  ]);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['stack-frames', 6], ['single', 1]]);
  // Rust frames with their locations, under a header the grouper does not join.
  const rust = collecting();
  pushAll(rust.g, 'rust', [
    'stack backtrace:',
    '   0:     0x555555834934 - backtrace::backtrace::libunwind::trace::h65597d255cb1398b',
    '                               at /cargo/registry/src/github.com-1ecc6299db9ec823/backtrace-0.3.40/src/backtrace/libunwind.rs:88',
    '   1:     0x555555856e9c - core::fmt::write::h1f444f4312eb6c27',
    '                               at src/libcore/fmt/mod.rs:1028',
  ]);
  rust.g.flushAll();
  t.equal(rust.out.at(-1)?.kind, 'stack-frames');
  // An Elixir exit reason over its entries.
  const ex = collecting();
  pushAll(ex.g, 'ex', [
    '** (stop) exited in: GenServer.call(Postgrex.TypeManager, {:get, Ecto.Adapters.Postgres.TypeModule}, 5000)',
    "    ** (EXIT) no process: the process is not alive or there's no process currently associated with the given name",
    '    (elixir) lib/gen_server.ex:729: GenServer.call/3',
    '    lib/postgrex/protocol.ex:621: Postgrex.Protocol.bootstrap/3',
    '    (stdlib) proc_lib.erl:247: :proc_lib.init_p_do_apply/3',
  ]);
  ex.g.flushAll();
  t.equal(ex.out.at(-1)?.kind, 'stack-frames');
});

void t.test('an indented block with a frame or two in prose stays indented', async (t) => {
  t.notOk(mostlyFrames(['  Usage: server [options]', '    --port   the port', '    --host   the host', '  main.main']));
  t.notOk(mostlyFrames(['    @     0x7f2818efd666  google::LogMessage::SendToLog()']), 'one frame is not enough');
  const { g, out } = collecting();
  pushAll(g, 'x', ['Config:', '  listen: 0.0.0.0:80', '  workers: 4', '  see lib/app.ex for more']);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['indented', 3]]);
});

void t.test('paths and file names are not Go function names', async (t) => {
  for (const line of ['etc/nginx/nginx.conf', 'docs.example.com/setup.html', 'github.com/foo/bar/README.md', 'config/app.settings', 'main.go', 'runtime.log']) {
    t.notOk(isFrameLine(line), line);
  }
  for (const line of ['net/http.(*conn).serve', 'go.etcd.io/etcd/server/v3/etcdserver.(*EtcdServer).run', 'github.com/grafana/dskit/modules.(*Manager).initModule', 'main.init.0']) {
    t.ok(isFrameLine(line), line);
  }
});

void t.test("the lines a runtime prints inside its trace are part of it", async (t) => {
  // Rust's default panic hook, the JVM's enclosed traces and logback's omission, Seastar, Ceph.
  for (const line of [
    'stack backtrace:',
    'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
    'note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.',
    'Caused by: java.net.ConnectException: Connection timed out: connect',
    'Caused by: org.neo4j.kernel.lifecycle.LifecycleException',
    '\t... 28 more',
    '... 12 common frames omitted',
    '[Backtrace #0]',
    ' NOTE: a copy of the executable, or `objdump -rdS <executable>` is needed to interpret this.',
  ]) {
    t.ok(isFrameLine(line), line);
  }
  for (const line of ['note: the build uses 4 workers', 'Caused by the upgrade, the index is rebuilt', '... and more', 'backtrace: enabled']) {
    t.notOk(isFrameLine(line), line);
  }
});
