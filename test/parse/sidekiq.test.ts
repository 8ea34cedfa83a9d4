import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// Sidekiq 3-5 lib/sidekiq/logging.rb Pretty: "#{time.utc.iso8601(3)} #{::Process.pid}
// TID-#{tid}#{context} #{severity}: #{message}" (WithoutTimestamp: no time); Sidekiq 6-7
// lib/sidekiq/logger.rb Pretty: "#{time} pid=#{pid} tid=#{tid}#{format_context} #{severity}: #{message}".
void t.test('time, pid and thread are the header; the level is read, the job context stays in the message', async (t) => {
  t.same(parseAppLine('2016-11-01T11:25:16.776Z 621 TID-b250c DEBUG: Autoload disabled in production, Sidekiq will not reload changed classes'), {
    timeMs: Date.UTC(2016, 10, 1, 11, 25, 16, 776), severityNumber: 5, levelText: 'DEBUG',
    message: 'DEBUG: Autoload disabled in production, Sidekiq will not reload changed classes', format: 'sidekiq', logger: undefined, thread: 'b250c', pid: 621,
  });
  const job = parseAppLine('2013-02-02T00:03:32Z 25855 TID-1avpvw UpdateMembershipLevelWorker JID-21e7d2eabc51aee443ec6652 INFO: done: 0.075 sec');
  t.same([job.severityNumber, job.message, job.timeMs], [9, 'UpdateMembershipLevelWorker JID-21e7d2eabc51aee443ec6652 INFO: done: 0.075 sec', Date.UTC(2013, 1, 2, 0, 3, 32)]);
  const six = parseAppLine('2019-03-01T10:00:00.123Z pid=7 tid=ouy5nmn6b class=HardWorker jid=b4a577edbccf1d805744efa9 elapsed=0.001 INFO: done');
  t.same([six.format, six.severityNumber, six.pid, six.thread, six.message], ['sidekiq', 9, 7, 'ouy5nmn6b', 'class=HardWorker jid=b4a577edbccf1d805744efa9 elapsed=0.001 INFO: done']);
  // WithoutTimestamp (Heroku, systemd): no time.
  const bare = parseAppLine('pid=4 tid=gpxi9dzc4 WARN: Terminating 1 busy threads');
  t.same([bare.format, bare.severityNumber, bare.timeMs, bare.message], ['sidekiq', 13, undefined, 'WARN: Terminating 1 busy threads']);
  const old = parseAppLine('25855 TID-1avpvw ERROR: Error fetching job: Error connecting to Redis on 127.0.0.1:6379 (ECONNREFUSED)');
  t.same([old.format, old.severityNumber], ['sidekiq', 17]);
});

void t.test('not sidekiq', async (t) => {
  for (const line of [
    '2016-11-01T11:25:16.776Z 621 TID-b250c no level here',
    '2016-11-01T11:25:16.776Z 621 tid-b250c INFO: lower-case tid',
    'pid=7 INFO: no tid',
    '621 worker INFO: x',
    '2016-11-01T11:25:16.776Z 621 TID-b250c Info: mixed case',
  ]) {
    t.not(parseAppLine(line).format, 'sidekiq', line);
  }
});
