import { UPPER, type AppFormat, type AppLine } from './app-format.js';
import { digitsEnd, intIn, skipSpaces } from './header-fields.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';
import { Severity } from '../model/severity.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * Ruby's standard Logger (logger gem, lib/logger/formatter.rb, Ruby 1.8 to 3.4): Logger::Formatter
 * prints `"%.1s, [%s #%d] %5s -- %s: %s\n"` (severity's initial, the time as
 * `%Y-%m-%dT%H:%M:%S.%6N`, pid, the severity right-aligned in five, progname, message); before
 * logger 1.4 the pid followed the time without a space (`[%s#%d]`). Rails, unicorn, Sidekiq's
 * early versions and most Ruby daemons log through it:
 *   `E, [2022-07-20T15:03:42.585844 #473] ERROR -- : adding listener failed addr=0.0.0.0:3000 (in use)`
 * The progname is the logger and the message keeps it (`-- : msg`, `-- sidekiq: msg`), as the
 * packs read these lines: a bare `process finished code=6` is Fluentd's own supervisor, the same
 * words after `-- :` another Ruby daemon's ServerEngine. `ANY` (the unknown severity) reads as an error, as Logger ranks it
 * above FATAL.
 */
export function parseRubyLogger(s: string): AppLine | undefined {
  if (s.charCodeAt(1) !== 44 || s.charCodeAt(2) !== 32 || s.charCodeAt(3) !== 91) return undefined;
  const hash = s.indexOf('#', 4);
  if (hash < 23 || hash > 45) return undefined;
  const timeEnd = s.charCodeAt(hash - 1) === 32 ? hash - 1 : hash;
  const timeMs = parseIsoTime(s, 4, timeEnd);
  if (timeMs !== timeMs) return undefined;
  const pidEnd = digitsEnd(s, hash + 1);
  if (pidEnd < 0 || s.charCodeAt(pidEnd) !== 93 || s.charCodeAt(pidEnd + 1) !== 32) return undefined;
  const levelStart = skipSpaces(s, pidEnd + 1);
  const levelEnd = s.indexOf(' -- ', levelStart);
  if (levelEnd < levelStart + 3 || levelEnd > levelStart + 5 || s.charCodeAt(levelStart) !== s.charCodeAt(0)) return undefined;
  const severity = s.startsWith('ANY', levelStart) ? Severity.ERROR : severityInRange(s, levelStart, levelEnd);
  if (severity === 0) return undefined;
  const colon = s.indexOf(': ', levelEnd + 4);
  const atEnd = colon < 0 && s.charCodeAt(s.length - 1) === 58;
  if (colon < 0 && !atEnd) return undefined;
  const progEnd = colon < 0 ? s.length - 1 : colon;
  const logger = progEnd > levelEnd + 4 ? s.slice(levelEnd + 4, progEnd) : undefined;
  return makeAppLine(timeMs, severity, s.slice(levelStart, levelEnd), s.slice(levelEnd + 1), 'ruby-logger', logger, undefined, intIn(s, hash + 1, pidEnd));
}

export const rubyLoggerFormat: AppFormat = { name: 'ruby-logger', firstChars: UPPER, parse: parseRubyLogger };
