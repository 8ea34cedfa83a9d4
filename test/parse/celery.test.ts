import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';
import { Severity } from '../../src/model/severity.js';

// celery/app/defaults.py worker_log_format: `[%(asctime)s: %(levelname)s/%(processName)s] %(message)s`.
const REF = Date.UTC(2023, 2, 16);

void t.test('the level, the process name and the time are the header; the message keeps the level and process', async (t) => {
  const l = parseAppLine('[2023-03-15 09:42:07,123: ERROR/ForkPoolWorker-2] Task app.tasks.add[6f1c] raised unexpected: ValueError()', REF);
  t.same([l.format, l.timeMs, l.severityNumber, l.levelText, l.thread, l.message], [
    'celery', Date.UTC(2023, 2, 15, 9, 42, 7, 123), Severity.ERROR, 'ERROR', 'ForkPoolWorker-2', 'ERROR/ForkPoolWorker-2] Task app.tasks.add[6f1c] raised unexpected: ValueError()',
  ]);
  t.equal(parseAppLine('[2023-03-15 09:42:07,123: WARNING/MainProcess] consumer: Connection to broker lost.', REF).severityNumber, Severity.WARN);
  t.equal(parseAppLine('[2023-03-15 09:42:07,123: CRITICAL/MainProcess] Unrecoverable error', REF).severityNumber, Severity.FATAL);
});

void t.test('other bracketed time headers are not celery lines', async (t) => {
  t.not(parseAppLine('[2023-03-15 09:42:07,123] {scheduler_job.py:12} INFO - Starting', REF).format, 'celery');
  t.not(parseAppLine('[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', REF).format, 'celery');
  t.not(parseAppLine('[2023-03-15 09:42:07,123: LOUD/MainProcess] x', REF).format, 'celery');
});
