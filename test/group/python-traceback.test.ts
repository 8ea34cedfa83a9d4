import t from 'tap';
import { CHAINED_TRACEBACK, collecting, GUNICORN_TRACEBACK, pushAll, shape } from './group-helpers.js';

void t.test('a worker boot traceback between two gunicorn lines', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'dev/api', GUNICORN_TRACEBACK);
  t.same(shape(out), [['single', 1], ['python-traceback', 8], ['single', 1]]);
  t.same(out[1].lines, GUNICORN_TRACEBACK.slice(1, 9));
  t.equal(out[1].first.text, 'Traceback (most recent call last):');
  t.equal(g.pendingStreams, 0);
});

void t.test('chained tracebacks with their blank lines are one group', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [...CHAINED_TRACEBACK, '[2023-03-15 09:42:08 +0900] [1] [INFO] Shutting down: Master']);
  t.same(shape(out), [['python-traceback', 13], ['single', 1]]);
  t.same(out[0].lines, CHAINED_TRACEBACK);
});

void t.test('"direct cause" chains too', async (t) => {
  const { g, out } = collecting();
  const tb = [
    'Traceback (most recent call last):', '  File "a.py", line 1, in <module>', "KeyError: 'x'", '',
    'The above exception was the direct cause of the following exception:', '',
    'Traceback (most recent call last):', '  File "a.py", line 3, in <module>', 'RuntimeError: lookup failed',
  ];
  pushAll(g, 'k', [...tb, 'next line']);
  t.same(shape(out), [['python-traceback', 9], ['single', 1]]);
});

void t.test('the traceback waits for the next line (or a flush) since a chain may follow', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['Traceback (most recent call last):', '  File "a.py", line 1, in <module>', 'KeyboardInterrupt']);
  t.equal(out.length, 0);
  t.equal(g.pendingStreams, 1);
  g.flushAll();
  t.same(shape(out), [['python-traceback', 3]]);
  t.equal(g.pendingStreams, 0);
});

void t.test('a log line where the exception line should be ends the traceback without joining it', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [
    'Traceback (most recent call last):', '  File "a.py", line 1, in <module>',
    '[2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9)',
    'E0315 09:42:07.123456   12345 reflector.go:138] x',
  ]);
  t.same(shape(out), [['python-traceback', 2], ['single', 1], ['single', 1]]);
});

/** CPython 3.11+ (Lib/traceback.py) prints an uncaught exception group indented as a whole. */
const EXCEPTION_GROUP = [
  '  + Exception Group Traceback (most recent call last):',
  '  |   File "/usr/local/lib/python3.12/site-packages/hypercorn/asyncio/run.py", line 84, in worker_serve',
  '  |     async with TaskGroup() as task_group:',
  '  | ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)',
  '  +-+---------------- 1 ----------------',
  '    | Traceback (most recent call last):',
  '    |   File "/app/main.py", line 12, in lifespan',
  '    |     await db.connect()',
  "    | ConnectionRefusedError: [Errno 111] Connect call failed ('10.0.0.5', 5432)",
  '    +------------------------------------',
];

void t.test('an exception group traceback is one traceback, ended by the first line that is not indented', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['[2024-05-30 12:34:24 +0900] [1] [ERROR] ASGI Framework Lifespan error', ...EXCEPTION_GROUP, 'Application shutdown failed']);
  t.same(shape(out), [['single', 1], ['python-traceback', EXCEPTION_GROUP.length], ['single', 1]]);
  t.same(out[1].lines, EXCEPTION_GROUP);
});

void t.test('other indented lines are still indented continuations, not tracebacks', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['  + not a traceback', '  | a table row', 'next']);
  t.same(shape(out), [['indented', 2], ['single', 1]]);
});
