import t from 'tap';
import { collecting, JAVA_STACK, pushAll, shape } from './group-helpers.js';

void t.test('a JVM stack with Caused by, ... N more and Suppressed', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [...JAVA_STACK, '2023-03-15 09:42:08.000 INFO  [main] c.e.Main - retrying']);
  t.same(shape(out), [['java-stack', 8], ['single', 1]]);
  t.same(out[0].lines, JAVA_STACK);
});

void t.test('a dotted exception without the thread header', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['java.lang.OutOfMemoryError: Java heap space', '\tat java.util.Arrays.copyOf(Arrays.java:3332)', 'done']);
  t.same(shape(out), [['java-stack', 2], ['single', 1]]);
});

void t.test('an exception line with no frames is just a single line', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['java.net.SocketTimeoutException: Read timed out', 'next']);
  t.same(shape(out), [['single', 1], ['single', 1]]);
});
