import t from 'tap';
import { collecting, pushAll, shape } from './group-helpers.js';

/** Node 20 running out of heap (V8 heap.cc "Last few GCs", node_errors.cc OOMErrorHandler). */
export const NODE_HEAP_OOM = [
  '<--- Last few GCs --->',
  '',
  '[1:0x5d3c7e0]    35412 ms: Mark-Compact 2036.6 (2082.3) -> 2035.0 (2082.3) MB, 1532.30 / 0.00 ms  (average mu = 0.145, current mu = 0.010) allocation failure; scavenge might not succeed',
  '[1:0x5d3c7e0]    37019 ms: Mark-Compact 2050.1 (2085.6) -> 2049.2 (2087.8) MB, 1598.11 / 0.00 ms  (average mu = 0.082, current mu = 0.006) allocation failure; scavenge might not succeed',
  '',
  '',
  '<--- JS stacktrace --->',
  '',
  'FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory',
  '----- Native stack trace -----',
  '',
  ' 1: 0xb7a940 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]',
  ' 2: 0xef4d10 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]',
  ' 9: 0x1914d7e  [node]',
  '10: 0x18f1a3c v8::internal::Runtime_AllocateInYoungGeneration(int, unsigned long*, v8::internal::Isolate*) [node]',
];

/** An uncaught exception in Node 18 (node_errors.cc ReportFatalException, extra_info_on_fatal_exception). */
export const NODE_UNCAUGHT = [
  'node:events:495',
  "      throw er; // Unhandled 'error' event",
  '      ^',
  '',
  'Error: listen EADDRINUSE: address already in use :::3000',
  '    at Server.setupListenHandle [as _listen2] (node:net:1817:16)',
  '    at listenInCluster (node:net:1865:12)',
  "Emitted 'error' event on Server instance at:",
  '    at emitErrorNT (node:net:1844:8)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:82:21) {',
  "  code: 'EADDRINUSE',",
  '  port: 3000',
  '}',
  '',
  'Node.js v18.17.1',
];

void t.test("V8's heap report, then Node's FATAL ERROR with its native stack: the FATAL ERROR opens the record that counts the death", async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['', ...NODE_HEAP_OOM, 'npm ERR! code ELIFECYCLE']);
  const fatal = NODE_HEAP_OOM.findIndex((l) => l.startsWith('FATAL ERROR: '));
  t.same(shape(out), [['single', 1], ['node-fatal', fatal], ['node-fatal', NODE_HEAP_OOM.length - fatal], ['single', 1]]);
});

void t.test('a FATAL ERROR line alone starts the same kind of record', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal.', ' 1: 0xb09c10 node::Abort() [node]', ' 2: 0xa1c193 node::FatalError(char const*, char const*) [node]', 'next']);
  t.same(shape(out), [['node-fatal', 3], ['single', 1]]);
});

void t.test('an uncaught exception, from file:line to the Node.js version line, is one record', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [...NODE_UNCAUGHT, '> api@1.0.0 start']);
  t.same(shape(out), [['node-uncaught', NODE_UNCAUGHT.length], ['single', 1]]);
});

void t.test('an unhandled rejection, whose error line starts with a bracket', async (t) => {
  const lines = [
    'node:internal/process/promises:288',
    '            triggerUncaughtException(err, true /* fromPromise */);',
    '            ^',
    '',
    '[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "db down".] {',
    "  code: 'ERR_UNHANDLED_REJECTION'",
    '}',
    '',
    'Node.js v18.17.1',
  ];
  const { g, out } = collecting();
  pushAll(g, 'k', [...lines, 'Server listening on port 3000']);
  t.same(shape(out), [['node-uncaught', lines.length], ['single', 1]]);
});

void t.test('without the version line (Node 16) the report ends at the next ordinary line', async (t) => {
  const lines = ['/app/server.js:12', "    throw new Error('config missing');", '    ^', '', 'Error: config missing', '    at Object.<anonymous> (/app/server.js:12:11)'];
  const { g, out } = collecting();
  pushAll(g, 'k', [...lines, '[2023-03-15T09:42:07.000Z] INFO starting']);
  t.same(shape(out), [['node-uncaught', lines.length], ['single', 1]]);
});

void t.test('a path with a line number but nothing after it is a single line', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['/app/server.js:12']);
  g.flushAll();
  t.same(shape(out), [['single', 1]]);
});

void t.test('before Node 16 the report names the internal module: events.js:174', async (t) => {
  const lines = ['events.js:174', "      throw er; // Unhandled 'error' event", '      ^', '', 'Error: listen EADDRINUSE: address already in use :::8080', '    at Server.setupListenHandle [as _listen2] (net.js:1270:14)', "Emitted 'error' event at:", '    at emitErrorNT (net.js:1297:8)'];
  const { g, out } = collecting();
  pushAll(g, 'k', [...lines, 'listening again']);
  t.same(shape(out), [['node-uncaught', lines.length], ['single', 1]]);
});

void t.test('host:port or a word with a number is not a script header', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['redis:6379', 'INFO:123', 'next']);
  t.same(shape(out), [['single', 1], ['single', 1], ['single', 1]]);
});
