import { DIGITS, type AppFormat, type AppLine } from './app-format.js';
import { isLower, isUpper } from './char-codes.js';
import { readClock, readYear, timeEnd, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';
import { twoDigits } from '../decode/timestamp.js';

/**
 * SonarQube's sonar.log and container stdout (SonarSource/sonarqube server/sonar-process
 * LogbackHelper, 6.x to 10.x: `%d{yyyy.MM.dd HH:mm:ss} %-5level <process>[%X{ID}][%logger{20}] %msg`):
 *   `2019.12.16 15:41:43 INFO  app[][o.s.a.SchedulerImpl] Process[es] is up`
 *   `2021.03.02 10:11:12 ERROR web[AXf3…][o.s.s.p.Platform] Web server startup failed`
 * The process key (app, web, ce, es) and the request id are left out of the message with the
 * time and level; the logger is kept. The time has no zone (the server's): read as UTC.
 */
export function parseSonarqube(s: string): AppLine | undefined {
  if (s.charCodeAt(4) !== 46 || s.charCodeAt(7) !== 46 || s.charCodeAt(10) !== 32) return undefined;
  const year = readYear(s, 0);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const clock = readClock(s, 11);
  if (clock !== clock || year !== year || timeEnd !== 19 || s.charCodeAt(19) !== 32 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  let i = 20;
  while (isUpper(s.charCodeAt(i))) i++;
  const severity = severityInRange(s, 20, i);
  if (severity === 0 || s.charCodeAt(i) !== 32) return undefined;
  const level = s.slice(20, i);
  while (s.charCodeAt(i) === 32 && i < 27) i++;
  const process = i;
  while (isLower(s.charCodeAt(i))) i++;
  if (i === process || s.charCodeAt(i) !== 91) return undefined;
  const idEnd = s.indexOf(']', i + 1);
  if (idEnd < 0 || idEnd - i > 80 || s.charCodeAt(idEnd + 1) !== 91) return undefined;
  const loggerEnd = s.indexOf(']', idEnd + 2);
  if (loggerEnd < 0 || loggerEnd - idEnd > 120 || (s.charCodeAt(loggerEnd + 1) !== 32 && loggerEnd + 1 !== s.length)) return undefined;
  const timeMs = utcDayMs(year, month, day) + clock;
  return makeAppLine(timeMs, severity, level, s.slice(loggerEnd + 2), 'sonarqube', s.slice(idEnd + 2, loggerEnd));
}

export const sonarqubeFormat: AppFormat = { name: 'sonarqube', firstChars: DIGITS, afterDigits: '.', parse: parseSonarqube };
