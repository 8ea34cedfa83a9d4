import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// ZooKeeper conf/log4j.properties (3.4-3.7) and conf/logback.xml (3.8+):
// "%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n".
void t.test('time, level, thread and class are read; the message is what follows the bracket', async (t) => {
  t.same(parseAppLine('2022-03-30 19:45:52,348 [myid:1] - INFO  [main:NIOServerCnxnFactory@686] - binding to port 0.0.0.0/0.0.0.0:2181'), {
    timeMs: Date.UTC(2022, 2, 30, 19, 45, 52, 348), severityNumber: 9, levelText: 'INFO',
    message: 'binding to port 0.0.0.0/0.0.0.0:2181', format: 'zookeeper', logger: 'NIOServerCnxnFactory', thread: 'main', pid: undefined,
  });
  // A quorum thread name holds brackets, colons and an IPv6 address; an empty myid (3.4 standalone).
  const q = parseAppLine('2024-01-05 10:00:03,120 [myid:2] - WARN  [QuorumPeer[myid=2](plain=[0:0:0:0:0:0:0:0]:2181)(secure=disabled):QuorumPeer@1661] - PeerState set to LOOKING');
  t.same([q.format, q.severityNumber, q.logger, q.thread, q.message], ['zookeeper', 13, 'QuorumPeer', 'QuorumPeer[myid=2](plain=[0:0:0:0:0:0:0:0]:2181)(secure=disabled)', 'PeerState set to LOOKING']);
  const e = parseAppLine('2019-01-01 00:00:00,000 [myid:] - ERROR [main:QuorumPeerMain@101] - Unexpected exception, exiting abnormally');
  t.same([e.severityNumber, e.logger, e.message], [17, 'QuorumPeerMain', 'Unexpected exception, exiting abnormally']);
  // A message that itself contains "] - " keeps it.
  const m = parseAppLine('2024-01-05 10:00:00,000 [myid:1] - INFO  [main:Foo@1] - a [b] - c');
  t.equal(m.message, 'a [b] - c');
});

void t.test('not the ZooKeeper layout', async (t) => {
  for (const line of [
    '2022-03-30 19:45:52,348 INFO  [main:NIOServerCnxnFactory@686] - no myid',
    '2022-03-30 19:45:52,348 [myid:1] - NOTE  [main:X@1] - unknown level',
    '2022-03-30 19:45:52,348 [myid:1] - INFO  main:X@1 - no bracket',
    '[2022-03-30 19:45:52,348] INFO binding to port 0.0.0.0/0.0.0.0:2181 (org.apache.zookeeper.server.NIOServerCnxnFactory)',
  ]) {
    t.not(parseAppLine(line).format, 'zookeeper', line);
  }
});
