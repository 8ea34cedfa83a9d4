import type { AppFormat, AppLine } from './app-format.js';
import { readClock, timeEnd } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * Apache Airflow 1.x-2.x's log format (airflow/config_templates/config.yml `log_format`:
 * `[%(asctime)s] {%(filename)s:%(lineno)d} %(levelname)s - %(message)s`), as the scheduler,
 * webserver, workers and task logs print it:
 * `[2021-08-15 15:28:46,200] {logging_config.py:47} INFO - Successfully imported ...`,
 * 2.7+ with an ISO time `[2026-08-05T22:32:01.214+0300]`, and the task log view's
 * `[2025-03-20, 14:50:12 UTC]`. The source file becomes the logger.
 */

const MAX_TIME = 40;

function airflowTime(s: string, end: number): number {
  // `2025-03-20, 14:50:12 UTC` (the task log view)
  if (s.charCodeAt(11) === 44 && s.charCodeAt(12) === 32) {
    const day = parseIsoTime(`${s.slice(1, 11)} 00:00:00`);
    const clock = readClock(s, 13);
    if (day !== day || clock !== clock || timeEnd > end) return NaN;
    return day + clock;
  }
  return parseIsoTime(s, 1, end);
}

export function parseAirflow(s: string): AppLine | undefined {
  if (s.charCodeAt(5) !== 45) return undefined;
  let close = 20;
  while (close < MAX_TIME && s.charCodeAt(close) !== 93) close++;
  if (s.charCodeAt(close) !== 93 || s.charCodeAt(close + 1) !== 32 || s.charCodeAt(close + 2) !== 123) return undefined;
  const timeMs = airflowTime(s, close);
  if (timeMs !== timeMs) return undefined;
  const fileAt = close + 3;
  const fileEnd = s.indexOf('} ', fileAt);
  if (fileEnd < 0 || fileEnd - fileAt > 120 || s.lastIndexOf(':', fileEnd) < fileAt) return undefined;
  const levelAt = fileEnd + 2;
  const levelEnd = s.indexOf(' - ', levelAt);
  if (levelEnd < 0 || levelEnd - levelAt > 9) return undefined;
  const severity = severityInRange(s, levelAt, levelEnd);
  if (severity === 0) return undefined;
  const colon = s.lastIndexOf(':', fileEnd);
  return makeAppLine(timeMs, severity, s.slice(levelAt, levelEnd), s.slice(levelEnd + 3), 'airflow', s.slice(fileAt, colon));
}

export const airflowFormat: AppFormat = { name: 'airflow', firstChars: '[', parse: parseAirflow };
