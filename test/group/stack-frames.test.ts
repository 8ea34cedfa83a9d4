import t from 'tap';
import { isAtFrameLine } from '../../src/group/frame-lines.js';
import { collecting, pushAll, shape } from './group-helpers.js';
import { STACK_KINDS } from '../../src/group/stack-kinds.js';

void t.test('indented `at` frames with no exception line before them are a stack trace', async (t) => {
  // Node: the UnhandledPromiseRejectionWarning line, then V8's Error.stack frames.
  const { g, out } = collecting();
  pushAll(g, 'node', [
    '(node:31) UnhandledPromiseRejectionWarning: SequelizeConnectionRefusedError: connect ECONNREFUSED 127.0.0.1:3306',
    '    at ConnectionManager.connect (/app/node_modules/sequelize/lib/dialects/mysql/connection-manager.js:92:17)',
    '    at processTicksAndRejections (internal/process/task_queues.js:95:5)',
    '    at async /app/node_modules/sequelize/lib/dialects/abstract/connection-manager.js:174:32',
    '(node:31) UnhandledPromiseRejectionWarning: Error: connect ECONNREFUSED 172.25.0.2:5432',
    '    at TCPConnectWrap.afterConnect [as oncomplete] (net.js:1159:16)',
  ]);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['stack-frames', 3], ['single', 1], ['stack-frames', 1]]);
  // The JVM (Throwable.printStackTrace), where an excerpt starts inside the trace.
  const jvm = collecting();
  pushAll(jvm.g, 'jvm', ['\tat java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:624)', '\tat java.lang.Thread.run(Thread.java:748)', 'Caused by: java.lang.OutOfMemoryError: Metaspace']);
  jvm.g.flushAll();
  t.same(shape(jvm.out), [['stack-frames', 2], ['single', 1]]);
  t.ok(STACK_KINDS.has('stack-frames'), 'a signal without a rule, and evidence of an application error');
});

void t.test('other indented text stays an indented block', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'x', ['Usage:', '  at least one of --a or --b', '  at most three values', 'Done']);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['indented', 2], ['single', 1]]);
  for (const line of ['    at fn (file.js:12:5)', '\tat a.B.c(B.java:1)', '    at file.js:12:5', '\tat a.B$$Lambda$337/0x0000000800e8a8c0.apply(Unknown Source)', '    at async Promise.all (index 0)',
    // logback's and JBoss's packaging data after the location (heldout7 keycloak: WildFly 3.0.8's start failure).
    '        at org.jboss.as.server.ServerService.start(ServerService.java:296) [wildfly-server-3.0.8.Final.jar:3.0.8.Final]',
    '\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:883) ~[spring-webmvc-5.3.9.jar:5.3.9]']) {
    t.ok(isAtFrameLine(line), line);
  }
  for (const line of ['at fn (file.js:12:5)', '    at least one', '    at 12:30 the job ran', '    at home (sweet)x', '    at ()', '    at noon [local time]', '    at least (two) [of them]x']) {
    t.notOk(isAtFrameLine(line), line);
  }
});

void t.test('banner art and rules do not continue an indented block', async (t) => {
  // RabbitMQ 3.6's start banner (rabbit.erl print_banner): the logo drawn with `#`.
  const { g, out } = collecting();
  pushAll(g, 'rabbit', [
    '              RabbitMQ 3.6.3. Copyright (C) 2007-2016 Pivotal Software, Inc.',
    '  ##  ##      Licensed under the MPL.  See http://www.rabbitmq.com/',
    '  ##  ##',
    '  ##########  Logs: tty',
    '  ######  ##        tty',
    '  ##########',
    '              Starting broker...',
  ]);
  g.flushAll();
  t.same(shape(out), [['indented', 2], ['single', 1], ['indented', 2], ['single', 1], ['single', 1]]);
});
