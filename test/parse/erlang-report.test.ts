import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// erlang/otp lib/stdlib/src/error_logger_tty_h.erl write_event: "~n=~s REPORT==== ~s ===~n".
void t.test('the report kind is the level; the time is the header date', async (t) => {
  const a = parseAppLine('=INFO REPORT==== 6-Nov-2017::17:31:17 ===');
  t.same([a.format, a.severityNumber, a.levelText, a.message, a.timeMs], ['erlang-report', 9, 'INFO', 'INFO REPORT==== 6-Nov-2017::17:31:17 ===', Date.UTC(2017, 10, 6, 17, 31, 17)]);
  const w = parseAppLine('=WARNING REPORT==== 29-Nov-2024::01:45:03.263098 ===');
  t.same([w.severityNumber, w.timeMs], [13, Date.UTC(2024, 10, 29, 1, 45, 3, 263) + 0.098]);
  for (const [kind, sev] of [['ERROR', 17], ['CRASH', 17], ['SUPERVISOR', 17], ['PROGRESS', 9]] as const) {
    t.equal(parseAppLine(`=${kind} REPORT==== 3-Mar-2021::10:00:00 ===`).severityNumber, sev, kind);
  }
});

void t.test('not a report header', async (t) => {
  for (const line of ['=INFO REPORT==== yesterday ===', '=DEBUG REPORT==== 3-Mar-2021::10:00:00 ===', '==== 3-Mar-2021::10:00:00 ===']) {
    t.not(parseAppLine(line).format, 'erlang-report', line);
  }
});
