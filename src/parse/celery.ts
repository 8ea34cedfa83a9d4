import type { AppFormat, AppLine } from './app-format.js';
import { readClock, timeEnd, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';
import { twoDigits } from '../decode/timestamp.js';

/**
 * Celery's worker log format (celery/app/defaults.py, 3.1 to 5.5: worker_log_format
 * `[%(asctime)s: %(levelname)s/%(processName)s] %(message)s`, worker_task_log_format the same with
 * `%(task_name)s[%(task_id)s]: ` before the message):
 *   `[2023-03-15 09:42:07,123: ERROR/ForkPoolWorker-2] Task app.tasks.add[6f1c…] raised unexpected: …`
 *   `[2023-03-15 09:42:07,123: WARNING/MainProcess] consumer: Connection to broker lost.`
 * The level gives the record its severity and the process name its thread. The message kept starts
 * at the level, as the line-learned header read it before: the celery pack tells a pool process's
 * redirected print (`WARNING/ForkPoolWorker-1] hello`) from the main process's lines by that name.
 */
export function parseCelery(s: string): AppLine | undefined {
  if (s.charCodeAt(5) !== 45 || s.charCodeAt(8) !== 45 || s.charCodeAt(11) !== 32) return undefined;
  const clock = readClock(s, 12);
  if (clock !== clock || s.charCodeAt(timeEnd) !== 58 || s.charCodeAt(timeEnd + 1) !== 32) return undefined;
  const levelAt = timeEnd + 2;
  const slash = s.indexOf('/', levelAt);
  if (slash < levelAt + 4 || slash > levelAt + 8) return undefined;
  const severity = severityInRange(s, levelAt, slash);
  if (severity === 0) return undefined;
  const close = s.indexOf('] ', slash);
  if (close < 0 || close - slash > 64) return undefined;
  const year = twoDigits(s, 1) * 100 + twoDigits(s, 3);
  const month = twoDigits(s, 6);
  const day = twoDigits(s, 9);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const timeMs = utcDayMs(year, month, day) + clock;
  return makeAppLine(timeMs, severity, s.slice(levelAt, slash), s.slice(levelAt), 'celery', undefined, s.slice(slash + 1, close));
}

export const celeryFormat: AppFormat = { name: 'celery', firstChars: '[', parse: parseCelery };
