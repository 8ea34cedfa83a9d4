import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// coreos/pkg capnslog/formatters.go PrettyFormatter: "2006-01-02 15:04:05" ".%06d" [" [file:line]"]
// " " + LogLevel.Char() + " | " then "pkg: " (writeEntries); logmap.go Char(): C E W N I D T.
void t.test('time, level letter and package are read; the message keeps the letter and package packs key on', async (t) => {
  t.same(parseAppLine('2018-08-15 16:17:34.063210 W | rafthttp: lost the TCP streaming connection with peer 414489680d6828eb (stream Message reader)'), {
    timeMs: Date.UTC(2018, 7, 15, 16, 17, 34, 63) + 0.21, severityNumber: 13, levelText: 'W',
    message: 'W | rafthttp: lost the TCP streaming connection with peer 414489680d6828eb (stream Message reader)', format: 'capnslog', logger: 'rafthttp',
    thread: undefined, pid: undefined,
  });
  const letters: [string, number][] = [['C', 21], ['E', 17], ['W', 13], ['N', 10], ['I', 9], ['D', 5], ['T', 1]];
  for (const [l, severity] of letters) {
    const line = parseAppLine(`2018-08-15 16:17:34.063449 ${l} | etcdserver: published {Name:infra1} to cluster 7e27652122e8b2ae`);
    t.same([line.format, line.severityNumber, line.logger, line.message], ['capnslog', severity, 'etcdserver', `${l} | etcdserver: published {Name:infra1} to cluster 7e27652122e8b2ae`], l);
  }
  // With the debug flag, the caller's file:line; a message with no package.
  const dbg = parseAppLine('2018-08-15 16:17:34.063449 [server.go:1234] I | starting member 8e9e05c52164694d in cluster cdf818194e3a8c32');
  t.same([dbg.severityNumber, dbg.logger, dbg.message], [9, undefined, 'I | starting member 8e9e05c52164694d in cluster cdf818194e3a8c32']);
});

void t.test('not capnslog', async (t) => {
  for (const line of ['2018-08-15 16:17:34.063210 X | rafthttp: unknown letter', '2018-08-15 16:17:34.063210 W rafthttp: no bar', '2018-08-15 16:17:34,063 W | comma']) {
    t.not(parseAppLine(line).format, 'capnslog', line);
  }
});
