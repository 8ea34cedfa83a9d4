import type { AppFormat, AppLine } from './app-format.js';
import { monthAt, readClock, readDay, readYear, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { Severity } from '../model/severity.js';

/**
 * The header Erlang/OTP's error_logger tty handler writes before each report (otp
 * lib/stdlib/src/error_logger_tty_h.erl and logger_formatter's legacy header, as RabbitMQ 3.6 and
 * older log, and 3.7+ print for OTP reports on the console): `=INFO REPORT==== 6-Nov-2017::17:31:17 ===`,
 * with microseconds on newer OTP (`::01:45:03.263098`). The report text follows on the next lines.
 * The kinds (error_logger_tty_h.erl write_event): INFO, WARNING, ERROR, CRASH (a process died),
 * SUPERVISOR (a supervisor's child terminated), PROGRESS (an application or child started).
 * Local time, read as UTC. The message is the header without its `=`, so it reads as written.
 */
const KINDS: readonly (readonly [string, number])[] = [
  ['INFO', Severity.INFO],
  ['WARNING', Severity.WARN],
  ['ERROR', Severity.ERROR],
  ['CRASH', Severity.ERROR],
  ['SUPERVISOR', Severity.ERROR],
  ['PROGRESS', Severity.INFO],
];

export function parseErlangReport(s: string): AppLine | undefined {
  if (s.charCodeAt(0) !== 61) return undefined;
  const sp = s.indexOf(' REPORT==== ', 1);
  if (sp < 0 || sp > 11) return undefined;
  let severity = 0;
  for (const [k, sev] of KINDS) if (sp - 1 === k.length && s.startsWith(k, 1)) severity = sev;
  if (severity === 0) return undefined;
  // ` 6-Nov-2017::17:31:17 ===`: the day may be one digit, after a space.
  const d = sp + 12;
  const day = readDay(s, d);
  if (day !== day) return undefined;
  const dash = s.indexOf('-', d);
  if (dash < 0 || dash > d + 3) return undefined;
  const month = monthAt(s, dash + 1);
  if (month === 0 || s.charCodeAt(dash + 4) !== 45) return undefined;
  const year = readYear(s, dash + 5);
  if (year !== year || s.charCodeAt(dash + 9) !== 58 || s.charCodeAt(dash + 10) !== 58) return undefined;
  const clock = readClock(s, dash + 11);
  if (clock !== clock || !s.endsWith(' ===')) return undefined;
  return makeAppLine(utcDayMs(year, month, day) + clock, severity, s.slice(1, sp), s.slice(1), 'erlang-report');
}

export const erlangReportFormat: AppFormat = { name: 'erlang-report', firstChars: '=', parse: parseErlangReport };
