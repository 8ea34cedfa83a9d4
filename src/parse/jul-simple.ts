import { UPPER, type AppFormat, type AppLine } from './app-format.js';
import { julHeaderMs, julHeaderSource, julLevelLineSeverity } from './jul-header.js';
import { makeAppLine } from './make-app-line.js';

/**
 * java.util.logging's SimpleFormatter, the JDK's default console and file format (and Tomcat 6/7's
 * catalina.out, Jenkins, Payara, Quarkus's bootstrap): one record on two lines (jul-header.ts):
 *   `Jan 15, 2019 5:29:14 PM org.apache.catalina.startup.Catalina start`
 *   `INFO: Server startup in 1234 ms`
 * The grouper joins the two lines (group/jul-shapes.ts) and the pipeline hands this the pair, as
 * its kind asks; this reads the pair, or the header alone when no level line followed it. The
 * level line gives the record its level and its message; the class becomes the logger.
 */
export const JUL_FORMAT = 'jul';

export function parseJulSimple(s: string): AppLine | undefined {
  const nl = s.indexOf('\n');
  const first = nl < 0 ? s : s.slice(0, nl);
  const sourceAt = julHeaderSource(first);
  if (sourceAt < 0) return undefined;
  const timeMs = julHeaderMs();
  const space = first.indexOf(' ', sourceAt);
  const logger = space < 0 ? first.slice(sourceAt) : first.slice(sourceAt, space);
  if (nl < 0) return makeAppLine(timeMs, 0, undefined, first.slice(sourceAt), JUL_FORMAT, logger);
  const endOfSecond = s.indexOf('\n', nl + 1);
  const second = endOfSecond < 0 ? s.slice(nl + 1) : s.slice(nl + 1, endOfSecond);
  const severity = julLevelLineSeverity(second);
  if (severity === 0) return makeAppLine(timeMs, 0, undefined, first.slice(sourceAt), JUL_FORMAT, logger);
  const colon = second.indexOf(': ');
  return makeAppLine(timeMs, severity, second.slice(0, colon), second.slice(colon + 2), JUL_FORMAT, logger);
}

export const julSimpleFormat: AppFormat = { name: JUL_FORMAT, firstChars: UPPER, parse: parseJulSimple };
