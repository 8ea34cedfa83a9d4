import t from 'tap';
import { collecting, pushAll, shape } from './group-helpers.js';

/*
 * java.util.logging's SimpleFormatter writes one record on two lines (time and source, then
 * `LEVEL: message`), then the throwable's trace: the pair is one record, the trace its own group.
 */
void t.test('a header and its level line are one record; the stack trace after them stays a JVM stack', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'tomcat', [
    'Mar 15, 2023 9:42:07 PM org.apache.catalina.core.StandardContext listenerStart',
    'SEVERE: Exception sending context initialized event to listener instance of class com.example.Boot',
    'java.lang.IllegalStateException: no datasource',
    '\tat com.example.Boot.contextInitialized(Boot.java:12)',
    'Mar 15, 2023 9:42:08 PM org.apache.catalina.startup.Catalina start',
    'INFO: Server startup in 1234 ms',
  ]);
  g.flushAll();
  t.same(shape(out), [['jul', 2], ['java-stack', 2], ['jul', 2]]);
});

void t.test('a header whose next line is no level line stays alone, as does a level line without a header', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'tomcat', [
    'Mar 15, 2023 9:42:07 PM org.apache.catalina.startup.Catalina start',
    '',
    'INFO: Server startup in 1234 ms',
    'Mar 15, 2023 9:42:07 PM org.apache.catalina.startup.Catalina start',
    'Mar 15, 2023 9:42:08 PM org.apache.catalina.startup.Catalina start',
    'INFO: Server startup in 1234 ms',
    'INFO: Server startup in 1234 ms',
  ]);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['single', 1], ['single', 1], ['single', 1], ['jul', 2], ['single', 1]]);
});
