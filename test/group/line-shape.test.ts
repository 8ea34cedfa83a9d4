import t from 'tap';
import { looksLikeRecordStart, Start, startOf } from '../../src/group/line-shape.js';

void t.test('what a line can start', async (t) => {
  const table: [string, Start][] = [
    ['Traceback (most recent call last):', Start.Traceback],
    ["/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:89: UserWarning: The value of the smallest subnormal for <class 'numpy.float64'> type is zero.", Start.Warning],
    ['Exception in thread "main" java.lang.IllegalStateException: x', Start.Jvm],
    ['java.lang.IllegalStateException: x', Start.Jvm],
    ['  return self._float_to_str(self.smallest_subnormal)', Start.Indented],
    ['\tat com.example.Main.main(Main.java:10)', Start.Indented],
    ['[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', Start.None],
    ['ValueError: boom', Start.None],
    ['   ', Start.None],
    ['', Start.None],
    ['plain words', Start.None],
    ['panic: runtime error: index out of range [5] with length 3', Start.GoPanic],
    ['fatal error: concurrent map writes', Start.GoFatal],
    ['runtime: out of memory: cannot allocate 4194304-byte block (3221225472 in use)', Start.GoFatal],
    ['SIGSEGV: segmentation violation', Start.GoFatal],
    ['SIG: not a Go header', Start.None],
    ['<--- Last few GCs --->', Start.NodeFatal],
    ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', Start.NodeFatal],
    ['FATAL: the database system is shutting down', Start.None],
    ['/app/server.js:14', Start.NodeUncaught],
    ['node:internal/process/promises:288', Start.NodeUncaught],
    ['file:///app/index.mjs:3', Start.NodeUncaught],
    ['/app/server.js:14 is where it failed', Start.None],
    ['events.js:174', Start.NodeUncaught],
    ['goroutine 391 [running]:', Start.GoStack],
    ['      Reason:       OOMKilled', Start.None],
    ['  Warning  BackOff    2m (x12 over 8m)  kubelet  Back-off restarting failed container', Start.None],
    ['    Mounts:', Start.None],
    ['  File "/app/x.py", line 3, in <module>', Start.Indented],
  ];
  for (const [line, start] of table) t.equal(startOf(line), start, line);
});

void t.test('record starts', async (t) => {
  for (const l of ['[2023-03-15 09:42:07 +0900] [9] [INFO] x', '2023-03-15T00:42:07Z x', '{"a":1}', '<34>Oct', 'E0315 09:42:07.1 1 a.go:1] x', 'ERROR: x', 'WARN x', 'INFO] x']) {
    t.ok(looksLikeRecordStart(l), l);
  }
  for (const l of ['ValueError: boom', 'KeyboardInterrupt', 'app.db.ConnectionError: no primary', 'ERRORS: 3', 'Everything']) {
    t.notOk(looksLikeRecordStart(l), l);
  }
});
