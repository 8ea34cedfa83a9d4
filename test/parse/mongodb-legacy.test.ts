import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// mongodb/mongo src/mongo/logger/message_event_utf8_encoder.cpp (r3.0-r4.2): date, severity
// letter (log_severity.cpp toStringDataCompact: F E W I D1-D5), component padded to 8, [context].
void t.test('time, severity letter, component and context; the message keeps letter and component', async (t) => {
  const a = parseAppLine('2019-10-15T13:04:29.754+0000 I  SHARDING [initandlisten] Marking collection local.startup_log as collection version: <unsharded>');
  t.same([a.format, a.severityNumber, a.levelText, a.logger, a.thread, a.timeMs], ['mongodb', 9, 'I', 'SHARDING', 'initandlisten', Date.UTC(2019, 9, 15, 13, 4, 29, 754)]);
  t.equal(a.message, 'I  SHARDING [initandlisten] Marking collection local.startup_log as collection version: <unsharded>');
  const e = parseAppLine('2019-06-23T10:34:43.917+0100 E STORAGE  [conn37641] WiredTiger error (0)');
  t.same([e.severityNumber, e.logger, e.timeMs], [17, 'STORAGE', Date.UTC(2019, 5, 23, 9, 34, 43, 917)]);
  const f = parseAppLine('2017-02-01T10:00:00.000Z F -        [main] Fatal Assertion 28595 at src/mongo/db/storage/wiredtiger/wiredtiger_kv_engine.cpp 267');
  t.same([f.severityNumber, f.logger, f.thread], [21, undefined, 'main']);
  const d = parseAppLine('2018-03-01T10:00:00.000+0000 D1 NETWORK  [conn5] received message');
  t.same([d.severityNumber, d.levelText, d.logger], [5, 'D1', 'NETWORK']);
});

void t.test('not the mongodb layout', async (t) => {
  for (const line of ['2019-10-15T13:04:29.754+0000 X  SHARDING [initandlisten] no letter', '2019-10-15T13:04:29.754+0000 I  sharding [x] lower', '2019-10-15 13:04:29.754 I  SHARDING [x] space']) {
    t.not(parseAppLine(line).format, 'mongodb', line);
  }
});
