import { DIGITS, type AppFormat, type AppLine } from './app-format.js';
import { isDigit } from './char-codes.js';
import { bracketEnd, digitsEnd, intIn, levelSeverity, nameEnd, readLevel } from './header-fields.js';
import { makeAppLine } from './make-app-line.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * OpenStack's oslo.log default: `2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server
 * [req-38101a0b-... 113d3a99... 54fadb41... - - -] msg` (`%(asctime)s.%(msecs)03d %(process)d
 * %(levelname)s %(name)s [%(request_id)s %(user_identity)s] %(instance)s%(message)s`); the context
 * field is `[-]` outside a request. Times without a zone are UTC.
 *
 * `%(instance)s` (`[instance: <uuid>] `, oslo_log/_options.py `instance_format`) stays in the
 * message: set aside as a header field it grouped no line better on the Loghub OpenStack sample,
 * and the template would no longer say that the event is about an instance.
 */
export function parseOslo(s: string): AppLine | undefined {
  if (s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 32 || !isDigit(s.charCodeAt(24))) return undefined;
  const t = parseIsoTime(s, 0, 23);
  if (t !== t) return undefined;
  const pidEnd = digitsEnd(s, 24);
  if (s.charCodeAt(pidEnd) !== 32) return undefined;
  const levelEnd = readLevel(s, pidEnd + 1);
  if (levelEnd < 0) return undefined;
  const severity = levelSeverity;
  const loggerEnd = nameEnd(s, levelEnd + 1);
  if (loggerEnd < 0 || s.charCodeAt(loggerEnd) !== 32) return undefined;
  const ctxEnd = bracketEnd(s, loggerEnd + 1, 91, 93, 512);
  if (ctxEnd < 0) return undefined;
  const msg = s.charCodeAt(ctxEnd) === 32 ? ctxEnd + 1 : ctxEnd;
  return makeAppLine(t, severity, s.slice(pidEnd + 1, levelEnd), s.slice(msg), 'oslo', s.slice(levelEnd + 1, loggerEnd), undefined, intIn(s, 24, pidEnd));
}

export const osloFormat: AppFormat = { name: 'oslo', firstChars: DIGITS, afterDigits: '-', parse: parseOslo };
