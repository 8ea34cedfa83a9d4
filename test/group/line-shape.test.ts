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
