import type { AppFormat, AppLine } from './app-format.js';
import { DIGITS } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { Severity } from '../model/severity.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * MongoDB's text log of 3.0-4.2 (mongo src/mongo/logger/message_event_utf8_encoder.cpp, r3.0-r4.2):
 * `<iso8601-local> <S> <COMPONENT> [<context>] <message>`, the component padded to 8 columns or
 * `-` (the default component): `2019-10-15T13:04:29.754+0000 I  SHARDING [initandlisten] ...`.
 * S is LogSeverity::toStringDataCompact (logger/log_severity.cpp): F E W I, D or D1-D5.
 * 4.4 and later log JSON (the json format). The component and context are the logger and
 * thread; the message keeps the letter and component, as capnslog's does, because the pack keys
 * on both (`E STORAGE [conn1] ...` is a storage error whatever its words).
 */
function severityOf(c: number, next: number): number {
  if (next !== 32 && !(c === 68 && next >= 49 && next <= 53)) return 0;
  switch (c) {
    case 70: return Severity.FATAL; // F
    case 69: return Severity.ERROR; // E
    case 87: return Severity.WARN; // W
    case 73: return Severity.INFO; // I
    case 68: return Severity.DEBUG; // D, D1-D5
    default: return 0;
  }
}

export function parseMongodbLegacy(s: string): AppLine | undefined {
  // `2019-10-15T13:04:29.754+0000 ` or `...754Z ` / `...754+01:00 `
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(19) !== 46) return undefined;
  const sp = s.indexOf(' ', 23);
  if (sp < 0 || sp > 30) return undefined;
  const at = sp + 1;
  const severity = severityOf(s.charCodeAt(at), s.charCodeAt(at + 1));
  if (severity === 0) return undefined;
  let i = at + 1;
  if (s.charCodeAt(i) !== 32) i++;
  while (s.charCodeAt(i) === 32) i++;
  const compFrom = i;
  while (i < s.length && i < compFrom + 16 && s.charCodeAt(i) !== 32) i++;
  const component = s.slice(compFrom, i);
  if (!/^(-|[A-Z][A-Z_]{1,15})$/.test(component)) return undefined;
  while (s.charCodeAt(i) === 32) i++;
  if (s.charCodeAt(i) !== 91) return undefined;
  const close = s.indexOf('] ', i);
  if (close < 0 || close - i > 80) return undefined;
  const timeMs = parseIsoTime(s, 0, sp);
  if (timeMs !== timeMs) return undefined;
  const thread = s.slice(i + 1, close);
  return makeAppLine(timeMs, severity, s.slice(at, s.charCodeAt(at + 1) === 32 ? at + 1 : at + 2), s.slice(at), 'mongodb', component === '-' ? undefined : component, thread);
}

export const mongodbLegacyFormat: AppFormat = { name: 'mongodb', firstChars: DIGITS, afterDigits: '-', parse: parseMongodbLegacy };
