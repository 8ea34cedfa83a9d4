import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// Airflow's log_format: `[%(asctime)s] {%(filename)s:%(lineno)d} %(levelname)s - %(message)s`.
void t.test('the time, the source file and the level are the header', async (t) => {
  const line = parseAppLine('[2021-08-15 15:28:46,200] {logging_config.py:47} INFO - Successfully imported user-defined logging config from logging_config.LOGGING_CONFIG');
  t.same([line.format, line.severityNumber, line.levelText, line.logger, line.message, line.timeMs], [
    'airflow', 9, 'INFO', 'logging_config.py', 'Successfully imported user-defined logging config from logging_config.LOGGING_CONFIG', Date.UTC(2021, 7, 15, 15, 28, 46, 200),
  ]);
});

void t.test('2.7+ ISO times with an offset, and the task log view', async (t) => {
  const iso = parseAppLine('[2026-08-05T22:32:01.214+0300] {local_task_job_runner.py:266} INFO - Task exited with return code 1');
  t.same([iso.format, iso.message, iso.timeMs], ['airflow', 'Task exited with return code 1', Date.UTC(2026, 7, 5, 19, 32, 1, 214)]);
  const view = parseAppLine('[2025-03-20, 14:50:12 UTC] {local_task_job.py:208} ERROR - Received SIGTERM. Terminating subprocesses.');
  t.same([view.format, view.severityNumber, view.message, view.timeMs], ['airflow', 17, 'Received SIGTERM. Terminating subprocesses.', Date.UTC(2025, 2, 20, 14, 50, 12)]);
});

void t.test('other bracketed times are not taken', async (t) => {
  for (const line of [
    '[2023-03-15 09:42:37 +0900] [1] [INFO] Starting gunicorn 20.1.0',
    '[2021-08-15 15:28:46,200] {logging_config.py:47} NOTALEVEL - text',
    '[2021-08-15 15:28:46,200] {no colon} INFO - text',
  ]) {
    t.not(parseAppLine(line).format, 'airflow', line);
  }
});
