import t from 'tap';
import { collecting, pushAll, shape } from './group-helpers.js';

/** A nil-pointer panic in an HTTP handler as Go 1.21 prints it (runtime/panic.go, traceback.go). */
export const GO_PANIC = [
  'panic: runtime error: invalid memory address or nil pointer dereference',
  '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b3c2e]',
  '',
  'goroutine 42 [running]:',
  'main.(*Server).handle(0x0, {0x7f4a60, 0xc0001b8000}, 0xc0001a6100)',
  '\t/app/server.go:57 +0x2e',
  'net/http.HandlerFunc.ServeHTTP(0xc000012345?, {0x7f4a60?, 0xc0001b8000?}, 0x0?)',
  '\t/usr/local/go/src/net/http/server.go:2136 +0x29',
  'created by net/http.(*Server).Serve in goroutine 1',
  '\t/usr/local/go/src/net/http/server.go:3086 +0x5cb',
];

/** The heap cannot grow (runtime/mheap.go grow, then throw("out of memory")). */
export const GO_OOM = [
  'runtime: out of memory: cannot allocate 4194304-byte block (3221225472 in use)',
  'fatal error: out of memory',
  '',
  'goroutine 1 [running]:',
  'runtime.throw({0x4b1d2f?, 0x0?})',
  '\t/usr/local/go/src/runtime/panic.go:1047 +0x5d fp=0xc000067e10 sp=0xc000067de0 pc=0x433c7d',
  'runtime.(*mcache).refill(0x7f3c1a5d0108, 0x0?)',
  '\t/usr/local/go/src/runtime/mcache.go:182 +0x1fa fp=0xc000067e60 sp=0xc000067e10 pc=0x411efa',
  '...additional frames elided...',
  '',
  'goroutine 18 [IO wait]:',
  'internal/poll.runtime_pollWait(0x7f3c1a4e8ed8, 0x72)',
  '\t/usr/local/go/src/runtime/netpoll.go:343 +0x85',
];

void t.test('a Go panic with its goroutine dump is one record', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [...GO_PANIC, '2023/03/15 09:42:09 listening on :8080']);
  t.same(shape(out), [['go-panic', GO_PANIC.length], ['single', 1]]);
});

void t.test('runtime: lines and the fatal error that follows them form one go-fatal record', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [...GO_OOM, '{"level":"info","msg":"starting"}']);
  t.same(shape(out), [['go-fatal', GO_OOM.length], ['single', 1]]);
});

void t.test('a signal in non-Go code, with its register dump', async (t) => {
  const lines = [
    'SIGSEGV: segmentation violation',
    'PC=0x7f5e3c2b1a40 m=3 sigcode=1',
    'signal arrived during cgo execution',
    '',
    'goroutine 7 [syscall]:',
    'runtime.cgocall(0x4a5b30, 0xc000051d38)',
    '\t/usr/local/go/src/runtime/cgocall.go:157 +0x4b fp=0xc000051d10 sp=0xc000051cd8 pc=0x404f2b',
    'rax    0x0',
    'rip    0x7f5e3c2b1a40',
  ];
  const { g, out } = collecting();
  pushAll(g, 'k', [...lines, 'done']);
  t.same(shape(out), [['go-fatal', lines.length], ['single', 1]]);
});

void t.test('a dump cut by the line limit carries on as go-stack, so only its first part is the panic', async (t) => {
  const { g, out } = collecting({ maxLines: 4 });
  pushAll(g, 'k', GO_PANIC);
  g.flushAll();
  t.same(out.map((o) => o.kind), ['go-panic', 'go-stack', 'go-stack']);
  t.same(out.flatMap((o) => o.lines), GO_PANIC);
});

void t.test('a lone runtime: line is an ordinary line; a lone panic: line is still a panic', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['runtime: 5s elapsed', 'next', 'panic: boom', 'next']);
  t.same(shape(out), [['single', 1], ['single', 1], ['go-panic', 1], ['single', 1]]);
});

void t.test('ordinary lines after a panic are not swallowed', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['panic: boom', '', 'goroutine 1 [running]:', 'main.main()', '\t/app/main.go:5 +0x1d', 'exit status 2', 'Starting server (version 1.2)']);
  t.same(shape(out), [['go-panic', 5], ['single', 1], ['single', 1]]);
});

void t.test('a goroutine dump after a log line (a recovered panic) is one stack record', async (t) => {
  const lines = [
    'goroutine 391 [running]:',
    'k8s.io/apimachinery/pkg/util/runtime.logPanic(0x2251700, 0x3277540)',
    '\t/go/pkg/mod/k8s.io/apimachinery@v0.19.9/pkg/util/runtime/runtime.go:74 +0xa3',
    'panic(0x2251700, 0x3277540)',
    '\t/usr/local/go/src/runtime/panic.go:969 +0x166',
  ];
  const { g, out } = collecting();
  pushAll(g, 'k', ['E0803 15:09:22.068987   83123 runtime.go:78] Observed a panic: "invalid memory address or nil pointer dereference"', ...lines, 'I0803 15:09:23.000001   83123 controller.go:12] next']);
  t.same(shape(out), [['single', 1], ['go-stack', lines.length], ['single', 1]]);
});

void t.test('goroutine words in a sentence do not start a dump', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['goroutine leak detected: 41 [running]', 'next']);
  t.same(shape(out), [['single', 1], ['single', 1]]);
});
