import t from 'tap';
import {
  isPythonWarningCategory, severityFromKlogLetter, severityFromNumericLevel, severityFromSyslogPriority, severityFromWord,
} from '../../src/parse/severity-words.js';

void t.test('level words map to OpenTelemetry SeverityNumbers', async (t) => {
  const table: [string, number][] = [
    ['TRACE', 1], ['DEBUG', 5], ['INFO', 9], ['NOTICE', 10], ['WARN', 13], ['WARNING', 13],
    ['ERR', 17], ['ERROR', 17], ['SEVERE', 17], ['SEVER', 17], ['WARNI', 13], ['FATAL', 21], ['CRITICAL', 21], ['CRIT', 21],
    ['PANIC', 21], ['ALERT', 21], ['EMERG', 21],
    ['warning', 13], ['Error', 17], ['info', 9], ['dpanic', 21], ['critical', 21],
    ['WORKER', 0], ['', 0], ['INFORMATIONALLY', 0],
  ];
  for (const [word, n] of table) t.equal(severityFromWord(word), n, word);
});

void t.test('syslog priorities: severity is PRI mod 8', async (t) => {
  const expected = [21, 21, 21, 17, 13, 10, 9, 5];
  for (let s = 0; s < 8; s++) t.equal(severityFromSyslogPriority(s), expected[s], `severity ${s}`);
  t.equal(severityFromSyslogPriority(34), 21, 'auth.crit');
  t.equal(severityFromSyslogPriority(165), 10, 'local4.notice');
  t.equal(severityFromSyslogPriority(11), 17, 'user.err');
});

void t.test('numeric JSON levels: pino/bunyan and GELF syslog numbers', async (t) => {
  const table: [number, number][] = [[10, 1], [20, 5], [30, 9], [35, 9], [40, 13], [50, 17], [60, 21], [100, 21],
    [3, 17], [6, 9], [7, 5], [0, 21], [-1, 0], [NaN, 0], [8, 0]];
  for (const [n, sev] of table) t.equal(severityFromNumericLevel(n), sev, String(n));
});

void t.test('klog letters and python warning categories', async (t) => {
  t.same(['I', 'W', 'E', 'F', 'X'].map((l) => severityFromKlogLetter(l.charCodeAt(0))), [9, 13, 17, 21, 0]);
  for (const w of ['UserWarning', 'DeprecationWarning', 'RuntimeWarning', 'FutureWarning', 'PendingDeprecationWarning', 'NumbaPerformanceWarning']) {
    t.ok(isPythonWarningCategory(w), w);
  }
  for (const w of ['Warning', 'warning', 'userWarning', 'UserWarnings']) t.notOk(isPythonWarningCategory(w), w);
});

void t.test('words are matched in any case, including letters that upper-case into ASCII', async (t) => {
  for (const [w, n] of [['wArNiNg', 13], ['Informational', 9], ['dbg', 5], ['ınfo', 9], ['ﬁne', 5], ['GET', 0], ['HTTP', 0], ['INFO1', 0]] as const) {
    t.equal(severityFromWord(w), n, w);
  }
});
