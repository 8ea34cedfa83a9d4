import t from 'tap';
import { isPythonExceptionLine, isPythonFrameLine } from '../../src/group/python-shapes.js';
import { collecting, pushAll, shape } from './group-helpers.js';

void t.test('a Python traceback pasted without its indentation is still one record', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [
    'Traceback (most recent call last):',
    'File "/usr/local/lib/python3.9/site-packages/billiard/pool.py", line 1265, in mark_as_worker_lost',
    'raise WorkerLostError(',
    'File "<frozen importlib._bootstrap>", line 219, in _call_with_frames_removed',
    'File "/app/main.py", line 3, in <module>',
    'import numpy',
    'billiard.exceptions.WorkerLostError: Worker exited prematurely: signal 9 (SIGKILL) Job: 10.',
    '[2022-11-08 10:22:13,375: ERROR/MainProcess] next record',
  ]);
  g.flushAll();
  t.same(shape(out), [['python-traceback', 7], ['single', 1]]);
  t.equal(out[0].lines[6], 'billiard.exceptions.WorkerLostError: Worker exited prematurely: signal 9 (SIGKILL) Job: 10.');
});

void t.test('after an unindented frame, an exception-shaped line ends the frames', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['Traceback (most recent call last):', 'File "/app/a.py", line 1, in <module>', "KeyError: 'x'", 'after']);
  g.flushAll();
  t.same(shape(out), [['python-traceback', 3], ['single', 1]]);
  t.ok(isPythonFrameLine('File "/app/a.py", line 1, in <module>'));
  t.notOk(isPythonFrameLine('File "x" was not found'));
  t.ok(isPythonExceptionLine('mymod.Timeout'));
  t.ok(isPythonExceptionLine('requests.exceptions.ConnectTimeout: timed out'));
  t.notOk(isPythonExceptionLine('raise WorkerLostError('));
  t.notOk(isPythonExceptionLine('return value'));
});

void t.test("Node's failed C++ assertion and its native stack are one record (before and since v20)", async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [
    "node[1]: ../src/node_platform.cc:61:std::unique_ptr<long unsigned int> node::WorkerThreadsTaskRunner::DelayedTaskScheduler::Start(): Assertion `(0) == (uv_thread_create(t.get(), start_thread, this))' failed.",
    ' 1: 0xb090e0 node::Abort() [node]',
    ' 2: 0xb0915e  [node]',
    '10: 0xacbf74 node::InitializeOncePerProcess(int, char**) [node]',
    'Aborted (core dumped)',
    '  #  node[1]: void node::WorkerThreadsTaskRunner::DelayedTaskScheduler::Start() at ../src/node_platform.cc:68',
    '  #  Assertion failed: (0) == (uv_thread_create(t.get(), start_thread, this))',
    '',
    '----- Native stack trace -----',
    '',
    ' 1: 0x1004c5c node::Assert(node::AssertionInfo const&) [node]',
    'Aborted (core dumped)',
  ]);
  g.flushAll();
  t.same(shape(out), [['node-fatal', 4], ['single', 1], ['node-fatal', 6], ['single', 1]]);
});

void t.test('a Python warning from a Windows path takes its echoed source line', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [
    'C:\\app\\config\\conf.py:12: YAMLLoadWarning: calling yaml.load() without Loader=... is deprecated, as the default Loader is unsafe.',
    '  cf = load(cont)',
    '  -------------- celery@host v4.4.2 (cliffs)',
  ]);
  g.flushAll();
  t.same(shape(out), [['python-warning', 2], ['single', 1]]);
});
