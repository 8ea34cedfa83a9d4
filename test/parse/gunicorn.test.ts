import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';
import { parseGunicorn } from '../../src/parse/gunicorn.js';
import { fixtureLines } from '../decode/fixture.js';

void t.test('the incident lines', async (t) => {
  t.same(parseAppLine('[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9'), {
    timeMs: Date.UTC(2023, 2, 15, 0, 42, 7), severityNumber: 9, levelText: 'INFO', message: 'Booting worker with pid: 9', format: 'gunicorn', pid: 9,
  });
  t.same(parseAppLine('[2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9)'), {
    timeMs: Date.UTC(2023, 2, 15, 0, 42, 37), severityNumber: 21, levelText: 'CRITICAL', message: 'WORKER TIMEOUT (pid:9)', format: 'gunicorn', pid: 1,
  });
  t.same(parseAppLine('[2023-03-15 09:42:38 +0900] [1] [WARNING] Worker with pid 9 was terminated due to signal 9'), {
    timeMs: Date.UTC(2023, 2, 15, 0, 42, 38), severityNumber: 13, levelText: 'WARNING', message: 'Worker with pid 9 was terminated due to signal 9', format: 'gunicorn', pid: 1,
  });
  t.same(parseAppLine('[2023-03-15 09:42:40 +0900] [12] [ERROR] quote=" backslash=\\ tab=\tend').message, 'quote=" backslash=\\ tab=\tend');
});

void t.test('the cached timestamp is only reused for the same stamp', async (t) => {
  const a = parseAppLine('[2023-03-15 09:42:07 +0900] [9] [INFO] a');
  const b = parseAppLine('[2023-03-15 09:42:07 +0900] [10] [INFO] b');
  const c = parseAppLine('[2023-03-15 09:42:07 -0500] [10] [INFO] c');
  t.equal(a.timeMs, b.timeMs);
  t.equal(c.timeMs, Date.UTC(2023, 2, 15, 14, 42, 7));
});

void t.test('every gunicorn line of the crashing pod', async (t) => {
  const parsed = fixtureLines('seed-incident/gunicorn-numpy.log').filter((l) => l.startsWith('[')).map((l) => parseAppLine(l));
  t.equal(parsed.length, 83);
  t.same(parsed.filter((p) => p.format !== 'gunicorn'), []);
  const count = (level: string): number => parsed.filter((p) => p.levelText === level).length;
  t.same([count('INFO'), count('CRITICAL'), count('WARNING')], [43, 20, 20]);
  t.equal(parsed[82].timeMs, Date.UTC(2023, 2, 15, 0, 47, 17));
});

void t.test('bracketed lines that are not gunicorn', async (t) => {
  for (const l of ['[2023-03-15 09:42:07 +0900] hello', '[main] INFO started', '[2023-03-15 09:42:07 +0900] [9] INFO x', '[']) {
    t.equal(parseGunicorn(l), undefined, l);
  }
  t.same(parseAppLine('[main] INFO com.example.App - started'), {
    timeMs: undefined, severityNumber: 9, levelText: 'INFO', message: '[main] INFO com.example.App - started', format: 'plain',
  });
});

void t.test('each of gunicorn levels has its severity, and a level of another logger keeps its own', async (t) => {
  const sev = (level: string): [number, string | undefined] => {
    const p = parseGunicorn(`[2023-03-15 09:42:07 +0900] [9] [${level}] Closing connection.`);
    return [p?.severityNumber ?? -1, p?.levelText];
  };
  t.same(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'].map(sev), [[5, 'DEBUG'], [9, 'INFO'], [13, 'WARNING'], [17, 'ERROR'], [21, 'CRITICAL']]);
  t.same(sev('NOTICE'), [10, 'NOTICE'], 'a level word gunicorn does not write, read as a level word');
  t.same(sev('WARN'), [13, 'WARN'], 'a prefix of one of its own is not taken for it');
  t.same(sev('HELLO'), [0, 'HELLO'], 'an upper-case word that is no level');
});
