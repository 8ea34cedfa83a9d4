import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// Layouts from the log4j 2 PatternLayout and logback docs, Hadoop/Spark/Zookeeper's shipped
// log4j.properties, Spring Boot's default console pattern, Tomcat's OneLineFormatter.
const REF = Date.UTC(2023, 2, 16);

void t.test('Hadoop: time LEVEL [thread] logger: msg', async (t) => {
  t.same(parseAppLine('2023-03-15 09:42:07,123 INFO [main] org.apache.hadoop.ipc.Server: Starting Socket Reader #1 for port 8030', REF), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123), severityNumber: 9, levelText: 'INFO', message: 'Starting Socket Reader #1 for port 8030',
    format: 'java', logger: 'org.apache.hadoop.ipc.Server', thread: 'main',
  });
});

void t.test('Zookeeper: time - LEVEL [thread:Class@line] - msg', async (t) => {
  t.same(parseAppLine('2023-03-15 09:42:07,123 - WARN  [QuorumPeer[myid=2]/0.0.0.0:2181:QuorumCnxManager@584] - Cannot open channel to 3 at election address zk-3/10.0.0.3:3888', REF), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123), severityNumber: 13, levelText: 'WARN', message: 'Cannot open channel to 3 at election address zk-3/10.0.0.3:3888',
    format: 'java', logger: 'QuorumCnxManager', thread: 'QuorumPeer[myid=2]/0.0.0.0:2181',
  });
});

void t.test("Spark's yy/MM/dd and HDFS's yyMMdd HHmmss pid", async (t) => {
  t.same(parseAppLine('23/03/15 09:42:07 INFO storage.BlockManager: Registering executor with local external shuffle service.', REF), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7), severityNumber: 9, levelText: 'INFO', message: 'Registering executor with local external shuffle service.',
    format: 'java', logger: 'storage.BlockManager',
  });
  t.same(parseAppLine('230315 094207 1234 INFO dfs.DataNode$DataXceiver: Receiving block blk_-17 src: /10.0.0.1:5000', REF), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7), severityNumber: 9, levelText: 'INFO', message: 'Receiving block blk_-17 src: /10.0.0.1:5000',
    format: 'java', logger: 'dfs.DataNode$DataXceiver', pid: 1234,
  });
});

void t.test('Spring Boot 2 and 3: pid --- [thread] padded logger : msg', async (t) => {
  t.same(parseAppLine("2023-03-15 09:42:07.123  INFO 12345 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat started on port(s): 8080 (http) with context path ''", REF), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123), severityNumber: 9, levelText: 'INFO', message: "Tomcat started on port(s): 8080 (http) with context path ''",
    format: 'java', logger: 'o.s.b.w.embedded.tomcat.TomcatWebServer', thread: 'main', pid: 12345,
  });
  const boot3 = parseAppLine('2023-03-15T09:42:07.123+09:00  WARN 12345 --- [orders] [nio-8080-exec-1] c.e.orders.OrderController               : Slow query took 2300 ms', REF);
  t.same([boot3.timeMs, boot3.severityNumber, boot3.thread, boot3.logger, boot3.message], [Date.UTC(2023, 2, 15, 0, 42, 7, 123), 13, 'nio-8080-exec-1', 'c.e.orders.OrderController', 'Slow query took 2300 ms']);
});

void t.test('log4j %d [%t] %-5p %c - %m, logback default, Tomcat OneLineFormatter', async (t) => {
  const log4j = parseAppLine('2023-03-15 09:42:07,123 [pool-1-thread-3] ERROR com.example.Worker - Job 42 failed', REF);
  t.same([log4j.format, log4j.severityNumber, log4j.thread, log4j.logger, log4j.message], ['java', 17, 'pool-1-thread-3', 'com.example.Worker', 'Job 42 failed']);
  const logback = parseAppLine('09:42:07.123 [main] DEBUG com.example.App - Starting App using Java 17', REF);
  t.same([logback.format, logback.timeMs, logback.severityNumber, logback.message], ['java', undefined, 5, 'Starting App using Java 17']);
  const tomcat = parseAppLine('15-Mar-2023 09:42:07.123 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [1234] milliseconds', REF);
  t.same([tomcat.timeMs, tomcat.logger, tomcat.message], [Date.UTC(2023, 2, 15, 9, 42, 7, 123), 'org.apache.catalina.startup.Catalina.start', 'Server startup in [1234] milliseconds']);
});

void t.test('look-alikes are not java', async (t) => {
  t.not(parseAppLine('2023-03-15 09:42:07,123 not a level here', REF).format, 'java');
  t.not(parseAppLine('2023-03-15 09:42:07 ERROR plain time and level only', REF).format, 'java');
  t.not(parseAppLine('10.0.0.1 - - [15/Mar/2023:09:42:07 +0000] "GET / HTTP/1.1" 200 2', REF).format, 'java');
});
