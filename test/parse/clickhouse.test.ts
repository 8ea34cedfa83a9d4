import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// ClickHouse src/Loggers/OwnPatternFormatter.cpp formatExtended: date with dots, microseconds,
// ` [ thread ] `, `{query_id} `, `<Priority> `, the logger and `: `. Lines from heldout7 excerpts.
void t.test('time, Poco priority and logger are read; the message keeps the priority the pack keys on', async (t) => {
  const line = parseAppLine('2021.11.17 19:34:25.995664 [ 9331 ] {} <Trace> BaseDaemon: Received signal 15');
  t.same(line, {
    timeMs: Date.UTC(2021, 10, 17, 19, 34, 25, 995) + 0.664, severityNumber: 1, levelText: 'Trace',
    message: '<Trace> BaseDaemon: Received signal 15', format: 'clickhouse', logger: 'BaseDaemon', thread: undefined, pid: undefined,
  });
  const q = parseAppLine('2021.11.17 19:34:25.995446 [ 9338 ] {45e11e5e-487f-46b1-8505-cc9be54c8bcd} <Debug> ContextAccess (default): Access granted: SYSTEM SHUTDOWN ON *.*');
  t.same([q.format, q.severityNumber, q.logger], ['clickhouse', 5, 'ContextAccess (default)']);
  const priorities: [string, number][] = [['Fatal', 21], ['Critical', 21], ['Error', 17], ['Warning', 13], ['Notice', 10], ['Information', 9], ['Debug', 5], ['Trace', 1], ['Test', 1]];
  for (const [p, severity] of priorities) {
    t.equal(parseAppLine(`2024.03.19 15:19:26.915467 [ 303767 ] {} <${p}> Application: x`).severityNumber, severity, p);
  }
  // Releases before the query id was written.
  t.equal(parseAppLine('2019.02.04 10:12:01.110153 [ 1 ] <Information> Application: Ready for connections.').format, 'clickhouse');
});

void t.test('not ClickHouse', async (t) => {
  for (const line of ['2021.11.17 19:34:25.995664 [ 9331 ] {} <Bogus> BaseDaemon: x', '2021-11-17 19:34:25.995664 [ 9331 ] {} <Trace> BaseDaemon: x', '2021.11.17 19:34:25.995664 9331 <Trace> x']) {
    t.not(parseAppLine(line).format, 'clickhouse', line);
  }
});
