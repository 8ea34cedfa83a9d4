import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// loguru's default format: `{time:YYYY-MM-DD HH:mm:ss.SSS} | {level: <8} | {name}:{function}:{line} - {message}`.
const REF = Date.UTC(2023, 2, 16);

void t.test('time, padded level and name:function:line are the header', async (t) => {
  t.same(parseAppLine('2023-03-15 09:42:07.123 | DEBUG    | app.routes.users:get_user:93 - user 42 found', REF), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123), severityNumber: 5, levelText: 'DEBUG', message: 'user 42 found',
    format: 'loguru', logger: 'app.routes.users',
  });
  const levels = ['TRACE', 'DEBUG', 'INFO', 'SUCCESS', 'WARNING', 'ERROR', 'CRITICAL'].map(
    (l) => parseAppLine(`2023-03-15 09:42:07.123 | ${l.padEnd(8)} | __main__:<module>:7 - x`, REF).severityNumber,
  );
  t.same(levels, [1, 5, 9, 9, 13, 17, 21], 'SUCCESS is an INFO');
  t.equal(parseAppLine('2023-03-15 09:42:07.123 | ERROR    | __main__:<module>:7 - a - b', REF).message, 'a - b', 'the first " - " ends the header');
});

void t.test('lines that only look like it are left to other formats', async (t) => {
  t.not(parseAppLine('2023-03-15 09:42:07.123 | NOTALEVEL | x:y:1 - m', REF).format, 'loguru');
  t.not(parseAppLine('2023-03-15 09:42:07.123 | INFO | no location here', REF).format, 'loguru');
  t.not(parseAppLine('2023-03-15 09:42:07,123 INFO app: started', REF).format, 'loguru');
});
