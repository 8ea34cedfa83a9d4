import t from 'tap';
import { failureLine } from '../../src/group/failure-line.js';

void t.test('the line that says what failed', async (t) => {
  const traceback = ['Traceback (most recent call last):', '  File "/app/main.py", line 3, in <module>', "KeyError: 'DATABASE_URL'  "].join('\n');
  t.equal(failureLine('python-traceback', traceback), "KeyError: 'DATABASE_URL'", "a traceback's exception line");
  const heap = [
    '<--- Last few GCs --->',
    '[1:0x5f1e2a0]    61234 ms: Mark-Compact 2040.1 (2083.4) -> 2038.9 (2083.9) MB, 1401.2 / 0.0 ms',
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    ' 1: 0xb8ced0 node::Abort() [node]',
  ].join('\n');
  t.equal(failureLine('node-fatal', heap), 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', "V8's heap report: its FATAL ERROR line");
  t.equal(failureLine('node-fatal', 'FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal.'), undefined, 'the first line says it');
  t.equal(failureLine('java-stack', 'java.lang.OutOfMemoryError: Java heap space\n\tat x.y(Z.java:1)'), undefined);
});
