import type { AppFormat, AppLine } from './app-format.js';
import { bracketEnd } from './header-fields.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * Elasticsearch's (and OpenSearch's) plain-text log4j layout, from its config/log4j2.properties:
 * `[%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n` (5.x-7.x; 8.x keeps it for the
 * console), and 1.x-2.x's logging.yml `[%d{ISO8601}][%-5p][%-25c] %m%n` with the node name as
 * the message's first field: `[2019-01-15T19:22:07,765][INFO ][o.e.n.Node               ]
 * [Fo-B3LF] starting ...`. The level is padded inside its bracket (`[INFO ]`), which no generic
 * header reader takes for a level. Time, level and logger are the header; the node name
 * (`[Fo-B3LF] `, `[] ` before it has one) is dropped so the message is what the code logged.
 */
export function parseElasticsearchLog4j(s: string): AppLine | undefined {
  // `[2019-01-15T19:22:07,765][` or `[2016-07-29 11:51:45,979][`
  if (s.charCodeAt(0) !== 91 || s.charCodeAt(5) !== 45 || s.charCodeAt(24) !== 93 || s.charCodeAt(25) !== 91) return undefined;
  const timeMs = parseIsoTime(s, 1, 24);
  if (timeMs !== timeMs) return undefined;
  const levelEnd = s.indexOf(']', 26);
  if (levelEnd < 0 || levelEnd > 33 || s.charCodeAt(levelEnd + 1) !== 91) return undefined;
  let wordEnd = levelEnd;
  while (wordEnd > 26 && s.charCodeAt(wordEnd - 1) === 32) wordEnd--;
  const severity = severityInRange(s, 26, wordEnd);
  if (severity === 0) return undefined;
  const loggerEnd = bracketEnd(s, levelEnd + 1, 91, 93, 120);
  if (loggerEnd < 0) return undefined;
  const logger = s.slice(levelEnd + 2, loggerEnd - 1).trim();
  let i = loggerEnd;
  if (s.charCodeAt(i) === 32) i++;
  // The node name (1.x-2.x's random names have spaces: `[Black Bolt]`), followed by a space;
  // `[gc][12] overhead` is a message.
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf(']', i);
    if (close > 0 && close - i <= 64 && s.charCodeAt(close + 1) === 32) i = close + 2;
  }
  return makeAppLine(timeMs, severity, s.slice(26, wordEnd), s.slice(i), 'elasticsearch', logger);
}

export const elasticsearchLog4jFormat: AppFormat = { name: 'elasticsearch', firstChars: '[', parse: parseElasticsearchLog4j };
