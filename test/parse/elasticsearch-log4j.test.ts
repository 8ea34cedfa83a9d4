import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// elastic/elasticsearch distribution/src/config/log4j2.properties (5.x-8.x):
// [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n; 1.x-2.x logging.yml: [%d{ISO8601}][%-5p][%-25c] %m%n.
void t.test('time, padded level and logger are the header; the node name is dropped', async (t) => {
  const a = parseAppLine('[2019-01-15T19:22:07,765][INFO ][o.e.n.Node               ] [Fo-B3LF] starting ...');
  t.same([a.format, a.severityNumber, a.levelText, a.logger, a.message, a.timeMs], ['elasticsearch', 9, 'INFO', 'o.e.n.Node', 'starting ...', Date.UTC(2019, 0, 15, 19, 22, 7, 765)]);
  const b = parseAppLine('[2016-07-29 11:51:45,979][DEBUG][action.admin.indices.stats] [Black Bolt] failed to execute [indices:monitor/stats]');
  t.same([b.format, b.severityNumber, b.logger, b.message], ['elasticsearch', 5, 'action.admin.indices.stats', 'failed to execute [indices:monitor/stats]']);
  const c = parseAppLine('[2018-11-06T17:01:53,609][INFO ][o.e.x.m.j.p.NativeController] Native controller process has stopped - no new native processes can be started');
  t.same([c.severityNumber, c.logger, c.message], [9, 'o.e.x.m.j.p.NativeController', 'Native controller process has stopped - no new native processes can be started']);
  const d = parseAppLine('[2020-01-01T00:00:00,000][WARN ][o.e.m.j.JvmGcMonitorService] [es-0] [gc][1234] overhead, spent [1.2s] collecting in the last [1.5s]');
  t.same([d.severityNumber, d.message], [13, '[gc][1234] overhead, spent [1.2s] collecting in the last [1.5s]']);
  const e = parseAppLine('[2019-01-15T19:23:09,705][INFO ][o.e.n.Node               ] [] initializing ...');
  t.equal(e.message, 'initializing ...');
});

void t.test('not the elasticsearch layout', async (t) => {
  for (const line of ['[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', '[2019-01-15T19:22:07,765][NOPE ][x] msg', '[2019-01-15T19:22:07,765] INFO x']) {
    t.not(parseAppLine(line).format, 'elasticsearch', line);
  }
});
