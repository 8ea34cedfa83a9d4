import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';
import { fixtureLines } from '../decode/fixture.js';

const WARNING_LINE = "/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:499: UserWarning: The value of the smallest subnormal for <class 'numpy.float32'> type is zero.";

void t.test('the numpy warning is WARN with its category as the level', async (t) => {
  t.same(parseAppLine(WARNING_LINE), {
    timeMs: undefined, severityNumber: 13, levelText: 'UserWarning',
    message: "UserWarning: The value of the smallest subnormal for <class 'numpy.float32'> type is zero.", format: 'plain',
  });
  t.equal(parseAppLine('<frozen importlib._bootstrap>:219: RuntimeWarning: scipy._lib.messagestream.MessageStream size changed').levelText, 'RuntimeWarning');
  t.equal(parseAppLine('app/views.py:12: DeprecationWarning: use bar').severityNumber, 13);
});

void t.test('the echoed source line has no level', async (t) => {
  t.same(parseAppLine('  setattr(self, word, getattr(machar, word).flat[0])'), {
    timeMs: undefined, severityNumber: 0, levelText: undefined, message: '  setattr(self, word, getattr(machar, word).flat[0])', format: 'plain',
  });
});

void t.test('Python and JVM exception lines are ERROR', async (t) => {
  const table: [string, string][] = [
    ['Traceback (most recent call last):', 'Traceback'],
    ['ValueError: boom', 'ValueError'],
    ['myapp.errors.ConfigError: missing DATABASE_URL', 'myapp.errors.ConfigError'],
    ['KeyboardInterrupt', 'KeyboardInterrupt'],
    ['java.lang.IllegalStateException: pool exhausted', 'java.lang.IllegalStateException'],
    ['Exception in thread "main" java.lang.NullPointerException', 'Exception'],
  ];
  for (const [line, level] of table) {
    const p = parseAppLine(line);
    t.same([p.severityNumber, p.levelText, p.message], [17, level, line], line);
  }
  t.equal(parseAppLine('Exit').severityNumber, 0);
  t.equal(parseAppLine('Errors were found').severityNumber, 0);
});

void t.test('level words near the start, with the prefix dropped only when it is a stamp', async (t) => {
  t.same(parseAppLine('2023-03-15T00:42:07.123Z ERROR payment failed: card declined'), {
    timeMs: Date.UTC(2023, 2, 15, 0, 42, 7, 123), severityNumber: 17, levelText: 'ERROR', message: 'payment failed: card declined', format: 'learned',
  });
  t.same(parseAppLine('[2023-03-15T00:42:07Z] [warn] low memory'), {
    timeMs: Date.UTC(2023, 2, 15, 0, 42, 7), severityNumber: 13, levelText: 'warn', message: 'low memory', format: 'learned',
  });
  t.equal(parseAppLine('WARN - cache miss').message, 'cache miss');
  t.equal(parseAppLine('FATAL: the database system is shutting down').severityNumber, 21);
  t.equal(parseAppLine('panic: runtime error: index out of range [5] with length 3').severityNumber, 21);
  t.equal(parseAppLine('NOTICE: table created').severityNumber, 10);
  t.equal(parseAppLine('SEVERE: Servlet.service() threw exception').severityNumber, 17);
  t.equal(parseAppLine('<error> disk full').severityNumber, 17);
});

void t.test('ordinary words are not levels', async (t) => {
  for (const l of [
    'an error occurred while reading', 'Listening at: http://0.0.0.0:8000 (1)', 'Using worker: sync',
    '10.1.0.0 - - [15/Mar/2023:09:42:09 +0900] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.25"',
    'INFO2 is not a word', 'x'.repeat(70) + ' ERROR late', 'MY_ERROR_CODE=5', '', '\u0000',
  ]) {
    t.equal(parseAppLine(l).severityNumber, 0, l.slice(0, 40));
  }
});

void t.test("pihole-FTL's name is no level; zerolog's FTL after its time is", async (t) => {
  // pi-hole/FTL issues 19 and 475 (signals.c crash report), and v5's pid in the bracket.
  for (const l of [
    '[2019-01-24 12:14:00.432] FTL has been running for 155925 seconds',
    '[2019-01-24 12:14:00.432] FTL branch: release/v4.2',
    '[2017-04-12 02:56:58.378] FTL terminated!',
    '[2020-05-21 10:00:01.123 1234] ########## FTL started on pi.hole! ##########',
    'FTL started!',
  ]) {
    const line = parseAppLine(l);
    t.equal(line.severityNumber, 0, l);
    t.match(line.message, /\bFTL\b/, `${l}: the name stays in the message`);
  }
  // zerolog's ConsoleWriter: the time (time.Kitchen, or a layout that ends in a digit), then the level.
  t.equal(parseAppLine('3:04PM FTL failed to open the database error="permission denied"').severityNumber, 21);
  t.equal(parseAppLine('2024-05-01T10:00:00+02:00 FTL failed to open the database').severityNumber, 21);
  t.equal(parseAppLine('[FTL] bracketed is a level').severityNumber, 21);
});

void t.test('a level word that ends a heading is no level: the heading keeps its words', async (t) => {
  // Redis/KeyDB's crash report (debug.c) titles its sections `------ STACK TRACE ------`.
  const heading = parseAppLine('------ STACK TRACE ------');
  t.equal(heading.severityNumber, 0);
  t.equal(heading.message, '------ STACK TRACE ------');
  t.equal(parseAppLine('2024-01-01 10:00:00 ERROR').severityNumber, 17, 'a level after a time alone is still a level');
  t.equal(parseAppLine('APP ERROR: disk full').severityNumber, 17, 'a message after the level keeps it');
});

void t.test('the whole crashing-pod log: severities as the README counts them', async (t) => {
  const parsed = fixtureLines('seed-incident/gunicorn-numpy.log').map((l) => parseAppLine(l));
  const by = new Map<number, number>();
  for (const p of parsed) by.set(p.severityNumber, (by.get(p.severityNumber) ?? 0) + 1);
  t.same(Object.fromEntries([...by].sort((a, b) => a[0] - b[0])), { 0: 80, 9: 43, 13: 100, 21: 20 });
});

void t.test('a level word is read whole, at the end of a line and across the scan limit', async (t) => {
  const { scanLevelWord } = await import('../../src/parse/plain.js');
  t.equal(scanLevelWord('10.0.0.9 - - [15/Mar/2023:12:06:51 +0900] "GET /api/v1/items HTTP/1.1" 200 12')?.word, undefined, 'an access log line has none');
  t.same(scanLevelWord('queue drained -- WARN'), { severity: 13, word: 'WARN', end: 21, start: 17 }, 'the last word of the line');
  const pad = 'x'.repeat(64) + ' ';
  t.equal(scanLevelWord(pad + 'ERROR boom')?.word, undefined, 'starts past the limit: not a level');
  t.equal(scanLevelWord('x'.repeat(58) + ' CRITICAL hit')?.word, 'CRITICAL', 'starts inside the limit, ends past it');
  t.equal(scanLevelWord('ERROR2 and INFO_X then <warn> then')?.word, 'warn', 'a word glued to a digit or `_` is none; a bracketed one in any case is');
  t.equal(scanLevelWord('Info: fine')?.severity, 9, 'leading before a colon, any case');
  t.equal(scanLevelWord('the Info: fine'), undefined, 'not leading');
});

void t.test('the level scan steps over non-letters three at a time and still finds every level word', async (t) => {
  const { scanLevelWord } = await import('../../src/parse/plain.js');
  // Every start offset (so every phase of the 3-char step), behind digits and punctuation or
  // behind short letter runs (two-letter words, which cannot be levels) that the step lands on.
  for (const filler of ['1', '.', '12:', 'ab ', 'a ', '[9] ']) {
    for (let at = 0; at < 70; at++) {
      const prefix = filler.repeat(Math.ceil((at + 1) / filler.length)).slice(0, at);
      const line = prefix + ' WARN tail';
      const start = at + 1;
      const lvl = scanLevelWord(line);
      const label = JSON.stringify(line.slice(0, 24)) + ` at ${start}`;
      if (start < 64) t.equal(lvl?.start, start, label);
      else t.equal(lvl, undefined, label);
    }
  }
  t.equal(scanLevelWord('ab WARN')?.word, 'WARN', 'a level word right after a short run');
  t.equal(scanLevelWord('a-b-WARN x')?.word, 'WARN', 'after one-letter runs');
  t.equal(scanLevelWord('xWARN x'), undefined, 'a level word inside a longer run is none');
  t.equal(scanLevelWord('12 WARNINGS x'), undefined, 'nor one that starts a longer run');
  t.equal(scanLevelWord('12 err x'), undefined, 'a lower-case word in the middle is prose');
});
