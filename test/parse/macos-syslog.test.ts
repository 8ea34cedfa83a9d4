import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// macOS /var/log/system.log lines (excerpts written in the format): syslogd prints what the
// message is about in parentheses between the sender and the colon.
const REF = Date.UTC(2023, 6, 2);

void t.test("the subject in parentheses after the sender is header, not message", async (t) => {
  t.same(parseAppLine('Jul  1 09:01:05 mbp-7 com.apple.xpc.launchd[1] (com.apple.preference.displays.MirrorDisplays): Service only ran for 0 seconds. Pushing respawn out by 10 seconds.', REF), {
    timeMs: Date.UTC(2023, 6, 1, 9, 1, 5), severityNumber: 0, levelText: undefined,
    message: 'Service only ran for 0 seconds. Pushing respawn out by 10 seconds.', format: 'syslog',
    logger: 'com.apple.xpc.launchd', thread: undefined, pid: 1,
  });
  const sandbox = parseAppLine('Jul  1 09:03:12 mbp-7 sandboxd[129] ([412]): mds(412) deny file-read-data /Users/ana/Library', REF);
  t.same([sandbox.logger, sandbox.pid, sandbox.message], ['sandboxd', 129, 'mds(412) deny file-read-data /Users/ana/Library']);
  const nested = parseAppLine('Jul  1 09:04:00 mbp-7 com.apple.xpc.launchd[1] (com.apple.quicklook[2337]): Endpoint has been activated through legacy launch(3) APIs.', REF);
  t.same([nested.logger, nested.message], ['com.apple.xpc.launchd', 'Endpoint has been activated through legacy launch(3) APIs.'], 'brackets inside the subject');
  const words = parseAppLine('Jul  1 09:05:00 mbp-7 Google Chrome Helper[412] (com.google.Chrome.helper): Error: GPU process exited', REF);
  t.same([words.logger, words.severityNumber, words.message], ['Google Chrome Helper', 17, 'Error: GPU process exited'], 'a sender of three words; the level from the message');
});

void t.test('lines that only look alike stay plain syslog', async (t) => {
  const plain = parseAppLine('Jul  1 09:03:12 mbp-7 kernel[0]: Sandbox: mds(412) deny(1) file-read-data', REF);
  t.same([plain.format, plain.logger, plain.message], ['syslog', 'kernel', 'Sandbox: mds(412) deny(1) file-read-data']);
  const later = parseAppLine('Jul  1 09:03:12 mbp-7 backupd[88]: copied 12 items (3 MB) (slow): retrying', REF);
  t.same([later.logger, later.message], ['backupd', 'copied 12 items (3 MB) (slow): retrying'], 'parentheses inside the message');
  const bare = parseAppLine('Jul  1 09:03:12 mbp-7 --- last message repeated 1 time ---', REF);
  t.same([bare.format, bare.logger], ['syslog', undefined]);
});
