import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';
import { parseLearnedHeader } from '../../src/parse/learned-header.js';

void t.test('leading time, level, pid and context fields of an unknown layout are set aside', async (t) => {
  t.same(parseAppLine('2023-03-15 09:42:07.123 [worker-3] <warn> cache miss for key user:42'), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123), severityNumber: 13, levelText: 'warn', message: 'cache miss for key user:42',
    format: 'learned', thread: 'worker-3',
  });
  const withLogger = parseAppLine('[2023-03-15 09:42:07] 4242 <error> app.jobs.Importer: row 17 rejected');
  t.same([withLogger.format, withLogger.pid, withLogger.logger, withLogger.message], ['learned', 4242, 'app.jobs.Importer', 'row 17 rejected']);
  const date = parseAppLine('Mar 15 2023 09:42:07 WARNING disk almost full');
  t.same([date.format, date.severityNumber, date.message], ['learned', 13, 'disk almost full']);
});

void t.test('lines without such a header keep their text', async (t) => {
  for (const l of [
    '10.0.0.1 - - [15/Mar/2023:09:42:07 +0000] "GET / HTTP/1.1" 200 2 "-" "curl/8.0"',
    '2 workers started',
    'Starting the server on port 8080',
  ]) {
    t.equal(parseAppLine(l).message, l, l);
  }
});

void t.test('a zone after the time, a bracketed pid and a level ending with a colon (PostgreSQL)', async (t) => {
  t.same(parseAppLine('2024-05-06 10:00:01.000 UTC [27] FATAL:  password authentication failed for user "app"'), {
    timeMs: Date.UTC(2024, 4, 6, 10, 0, 1), severityNumber: 21, levelText: 'FATAL', message: 'password authentication failed for user "app"',
    format: 'learned', pid: 27,
  });
  // LOG is PostgreSQL's, not a level word: it stays in the message.
  const log = parseAppLine('2024-05-06 10:00:00.123 UTC [1] LOG:  database system is ready to accept connections');
  t.same([log.format, log.pid, log.severityNumber, log.message], ['learned', 1, 0, 'LOG:  database system is ready to accept connections']);
  t.equal(parseAppLine('2024-05-06 10:00:01 +0900 WARN disk almost full').timeMs, Date.UTC(2024, 4, 6, 1, 0, 1), 'a numeric offset is applied');
  const named = parseAppLine('2024-05-06 10:00:01 CET ERROR: disk full');
  t.same([named.timeMs, named.message], [undefined, 'disk full'], 'a zone name without an offset: header set aside, time not guessed');
  t.equal(parseAppLine('10:00:01 GET /health').message, 'GET /health', 'a word after a clock is not a zone');
});

void t.test("MySQL's [Note] and [System] labels are levels", async (t) => {
  // mysql-server log_label_from_prio (8.0): System, Error, Warning, Note; 5.x sql/log.cc: ERROR, Warning, Note.
  const note = parseLearnedHeader('2016-03-17 05:16:30 116 [Note] Giving 0 client threads a chance to die gracefully');
  t.same([note?.severityNumber, note?.levelText, note?.pid, note?.message], [9, 'Note', 116, 'Giving 0 client threads a chance to die gracefully']);
  const system = parseLearnedHeader('2020-01-01T00:00:00.000000Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.19) starting as process 1');
  t.same([system?.severityNumber, system?.levelText], [10, 'System']);
  t.equal(parseLearnedHeader('2016-03-17 05:16:30 116 [Warning] IP address could not be resolved')?.severityNumber, 13);
  // Only as MySQL writes them: other bracketed words stay a context field.
  t.equal(parseLearnedHeader('2016-03-17 05:16:30 [notes] x')?.severityNumber, 0);
});
