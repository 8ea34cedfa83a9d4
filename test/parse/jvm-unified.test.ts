import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';
import { Severity } from '../../src/model/severity.js';

/*
 * HotSpot's unified logging (-Xlog): decorations `[%-*s]` back to back in the decorators' order
 * (time, utctime, uptime, ..., pid, tid, level, tags), then a space and the message.
 */
const REF = Date.UTC(2023, 2, 16);

void t.test('the default decorations: uptime, level, tags', async (t) => {
  const l = parseAppLine('[2.404s][warning][gc,alloc] pool-3-thread-1: Retried waiting for GCLocker too often allocating 256 words', REF);
  t.same([l.format, l.severityNumber, l.levelText, l.logger, l.message], [
    'jvm-unified', Severity.WARN, 'warning', 'gc,alloc', 'pool-3-thread-1: Retried waiting for GCLocker too often allocating 256 words',
  ]);
  t.equal(l.timeMs, undefined, 'an uptime is no time of day');
});

void t.test('a time decoration dates the line; padded decorations are read trimmed', async (t) => {
  const l = parseAppLine('[2023-03-15T09:42:07.123+0000][0.011s][error  ][gc,heap     ] Failed to commit 8192 bytes', REF);
  t.same([l.timeMs, l.severityNumber, l.logger, l.message], [Date.UTC(2023, 2, 15, 9, 42, 7, 123), Severity.ERROR, 'gc,heap', 'Failed to commit 8192 bytes']);
  const pid = parseAppLine('[0.004s][12345][12346][info][gc,init] Version: 17.0.2+8 (release)', REF);
  t.same([pid.format, pid.severityNumber, pid.message], ['jvm-unified', Severity.INFO, 'Version: 17.0.2+8 (release)']);
});

void t.test('other bracketed headers are left to their formats', async (t) => {
  t.not(parseAppLine('[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', REF).format, 'jvm-unified');
  t.not(parseAppLine('[error] something failed', REF).format, 'jvm-unified', 'a level alone is not a decoration set');
  t.not(parseAppLine('[0.011s][notice][gc] x', REF).format, 'jvm-unified', 'notice is no HotSpot level');
  t.not(parseAppLine('[0.011s][info][GC Heap] x', REF).format, 'jvm-unified', 'tags are lower-case names');
});
