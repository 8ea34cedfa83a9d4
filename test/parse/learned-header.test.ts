import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

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
