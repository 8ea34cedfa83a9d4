import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

void t.test('basicConfig default LEVEL:logger:message', async (t) => {
  t.same(parseAppLine('WARNING:root:The value of the smallest subnormal is zero'), {
    timeMs: undefined, severityNumber: 13, levelText: 'WARNING', message: 'The value of the smallest subnormal is zero', format: 'python', logger: 'root',
  });
  t.same(parseAppLine('CRITICAL:gunicorn.error:WORKER TIMEOUT (pid:9)'), {
    timeMs: undefined, severityNumber: 21, levelText: 'CRITICAL', message: 'WORKER TIMEOUT (pid:9)', format: 'python', logger: 'gunicorn.error',
  });
  t.equal(parseAppLine('INFO:app.db:pool: 5 connections').message, 'pool: 5 connections');
});

void t.test('asctime - name - level - message', async (t) => {
  t.same(parseAppLine('2023-03-15 09:42:07,123 - app.worker - ERROR - could not reach db: timeout'), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123), severityNumber: 17, levelText: 'ERROR', message: 'could not reach db: timeout', format: 'python', logger: 'app.worker',
  });
});

void t.test('asctime level name: message', async (t) => {
  t.same(parseAppLine('2023-03-15 09:42:08,500 WARNING urllib3.connectionpool: Retrying (Retry(total=2))'), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 8, 500), severityNumber: 13, levelText: 'WARNING', message: 'Retrying (Retry(total=2))', format: 'python', logger: 'urllib3.connectionpool',
  });
});

void t.test('look-alikes are not python', async (t) => {
  t.equal(parseAppLine('ERROR: relation "users" does not exist').format, 'plain');
  t.equal(parseAppLine('ERROR: relation "users" does not exist').severityNumber, 17);
  t.equal(parseAppLine('INFORMATION:x:y').format, 'plain');
  // Not Python's layout, but a time then text: the learned header sets the time aside.
  t.same(parseAppLine('2023-03-15 09:42:07,123 something else'), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123), severityNumber: 0, message: 'something else', format: 'learned',
  });
});
