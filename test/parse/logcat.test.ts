import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// liblog's logprint.cpp formats: threadtime (logcat's default), time, brief, with `-v year`.
const REF = Date.UTC(2023, 2, 16);

void t.test('threadtime: MM-dd time pid tid L tag: msg', async (t) => {
  t.same(parseAppLine('03-15 09:42:07.123  1702  2395 W ActivityManager: Slow operation: 120ms so far, now at startProcess', REF), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123), severityNumber: 13, levelText: 'W', message: 'Slow operation: 120ms so far, now at startProcess',
    format: 'logcat', logger: 'ActivityManager', thread: '2395', pid: 1702,
  });
  const padded = parseAppLine('03-15 09:42:07.123   912   912 I chatty  : uid=1000 system_server identical 4 lines', REF);
  t.same([padded.logger, padded.message, padded.severityNumber], ['chatty', 'uid=1000 system_server identical 4 lines', 9]);
  t.equal(parseAppLine('2023-03-15 09:42:07.123  1702  2395 D PowerManagerService: acquire lock', REF).timeMs, Date.UTC(2023, 2, 15, 9, 42, 7, 123));
});

void t.test('time and brief: L/tag( pid): msg', async (t) => {
  const time = parseAppLine('03-15 09:42:07.123 E/AndroidRuntime( 4321): FATAL EXCEPTION: main', REF);
  t.same([time.format, time.severityNumber, time.logger, time.pid, time.message], ['logcat', 17, 'AndroidRuntime', 4321, 'FATAL EXCEPTION: main']);
  const brief = parseAppLine('D/dalvikvm(  512): GC_CONCURRENT freed 512K, 49% free', REF);
  t.same([brief.format, brief.severityNumber, brief.logger, brief.pid, brief.timeMs], ['logcat', 5, 'dalvikvm', 512, undefined]);
});

void t.test('look-alikes', async (t) => {
  t.not(parseAppLine('03-15 09:42:07.123 something else entirely', REF).format, 'logcat');
  t.not(parseAppLine('D/x', REF).format, 'logcat');
});
