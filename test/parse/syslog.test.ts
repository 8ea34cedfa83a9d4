import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

const REF = Date.UTC(2023, 9, 12);

void t.test('RFC 3164 with priority (RFC example)', async (t) => {
  t.same(parseAppLine("<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8", REF), {
    timeMs: Date.UTC(2023, 9, 11, 22, 14, 15), severityNumber: 21, levelText: '<34>',
    message: "'su root' failed for lonvick on /dev/pts/8", format: 'syslog', logger: 'su', pid: 123,
  });
  t.equal(parseAppLine('<13>Oct  1 02:03:04 host app: hi', REF).severityNumber, 10);
  t.equal(parseAppLine('<13>Oct  1 02:03:04 host app: hi', REF).timeMs, Date.UTC(2023, 9, 1, 2, 3, 4));
});

void t.test('RFC 3164 as files keep it: no priority, level from the message', async (t) => {
  t.same(parseAppLine('Mar 15 09:42:07 node-1 kubelet[1234]: ERROR failed to sync pod dev/api-7f9c6d5b8-x2x9k', Date.UTC(2023, 2, 16)), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7), severityNumber: 17, levelText: 'ERROR',
    message: 'ERROR failed to sync pod dev/api-7f9c6d5b8-x2x9k', format: 'syslog', logger: 'kubelet', pid: 1234,
  });
  t.equal(parseAppLine('Mar 15 09:42:07 node-1 systemd: Started Session 4.', Date.UTC(2023, 2, 16)).severityNumber, 0);
});

void t.test('RFC 5424 (RFC example with structured data)', async (t) => {
  t.same(parseAppLine('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] An application event log entry...'), {
    timeMs: Date.UTC(2003, 9, 11, 22, 14, 15, 3), severityNumber: 10, levelText: '<165>',
    message: 'An application event log entry...', format: 'syslog',
  });
  t.equal(parseAppLine('<11>1 - host app 42 - - boom').severityNumber, 17);
  t.equal(parseAppLine('<11>1 - host app 42 - - boom').timeMs, undefined);
});

void t.test('look-alikes', async (t) => {
  t.equal(parseAppLine('Foo 15 09:42:07 host app: x', REF).format, 'plain');
  t.equal(parseAppLine('<html>', REF).format, 'plain');
});

void t.test('BSD lines whose tag has a space, or no tag at all', async (t) => {
  const ref = Date.UTC(2023, 2, 16);
  const version = parseAppLine('Mar 15 09:42:07 web01 syslogd 1.4.1: restart.', ref);
  t.same([version.format, version.logger, version.message], ['syslog', 'syslogd 1.4.1', 'restart.']);
  const dashes = parseAppLine('Mar 15 09:42:07 web01  -- root[2421]: ROOT LOGIN ON tty2', ref);
  t.same([dashes.format, dashes.logger, dashes.pid, dashes.message], ['syslog', '-- root', 2421, 'ROOT LOGIN ON tty2']);
  const bare = parseAppLine('Mar 15 09:42:07 web01 Started Session 4 of user root.', ref);
  t.same([bare.format, bare.logger, bare.message], ['syslog', undefined, 'Started Session 4 of user root.']);
  const pam = parseAppLine('Mar 15 09:42:07 web01 sshd(pam_unix)[19939]: session closed for user news', ref);
  t.same([pam.logger, pam.pid, pam.message], ['sshd(pam_unix)', 19939, 'session closed for user news']);
});

void t.test("rsyslog's ISO file format", async (t) => {
  t.same(parseAppLine('2023-03-15T09:42:07.123456+00:00 web01 kernel: Out of memory: Killed process 4321 (python3)'), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123) + 0.456, severityNumber: 0, message: 'Out of memory: Killed process 4321 (python3)',
    format: 'syslog', logger: 'kernel',
  });
  const sshd = parseAppLine('2023-03-15T09:42:07Z web01 sshd[812]: Accepted publickey for deploy from 10.0.0.7 port 50022 ssh2');
  t.same([sshd.logger, sshd.pid, sshd.message.slice(0, 18)], ['sshd', 812, 'Accepted publickey']);
  t.not(parseAppLine('2023-03-15T09:42:07Z ERROR payment: declined').format, 'syslog');
});

void t.test('a day without its padding space', async (t) => {
  const l = parseAppLine('Mar 5 09:42:07 web1 nginx[12]: reload', Date.UTC(2023, 2, 15));
  t.same([l.format, l.logger, l.pid, l.message, l.timeMs], ['syslog', 'nginx', 12, 'reload', Date.UTC(2023, 2, 5, 9, 42, 7)]);
});

void t.test("journald's lower-case month (a locale's %b) is a syslog line", async (t) => {
  const line = parseAppLine('oct 10 12:15:50 cfdev02 systemd[1]: conntrackd.service: Watchdog timeout (limit 10s)!', REF);
  t.equal(line.format, 'syslog');
  t.equal(line.timeMs, Date.UTC(2023, 9, 10, 12, 15, 50));
  t.equal(line.logger, 'systemd');
  t.equal(line.message, 'conntrackd.service: Watchdog timeout (limit 10s)!');
  t.equal(parseAppLine('nox 20 12:15:50 host app: x', REF).format, 'plain', 'not a month');
});

void t.test("the program's own line under the syslog header gives the level the header lacks", async (t) => {
  // pulsar via journald (heldout9 pulsar): log4j2's pattern after the tag, its level past the 64th character.
  const pulsar = parseAppLine(
    'Sep 30 12:21:35 ip-10-0-0-160 pulsar[21529]: 2022-09-30T12:21:35,214+0000 [metadata-store-zk-session-watcher-7-1] WARN  org.apache.pulsar.metadata.impl.ZKSessionWatcher - ZooKeeper client is disconnected. Waiting to reconnect, time remaining = 20.245 seconds',
    REF,
  );
  t.equal(pulsar.format, 'syslog');
  t.equal(pulsar.severityNumber, 13);
  t.equal(pulsar.logger, 'pulsar');
  t.match(pulsar.message, /^2022-09-30T12:21:35,214\+0000 \[metadata-store/, 'the message stays whole');
  // containerd's logrus text format under journald.
  t.equal(parseAppLine('Nov 06 06:08:32 myhost containerd[31892]: time="2023-11-06T06:08:32.48Z" level=error msg="failed to delete task"', REF).severityNumber, 17);
  t.equal(parseAppLine('Nov 06 06:08:32 myhost containerd[31892]: time="2023-11-06T06:08:32.48Z" level=debug msg="event published"', REF).severityNumber, 0, "debug stays in the text, read with the line's words");
  t.equal(parseAppLine('Nov 06 06:08:32 myhost kibana[5720]: at node.js:814:3', REF).severityNumber, 0, 'no inner level: none');
  t.equal(parseAppLine('<13>Oct  1 02:03:04 host app: level=error msg=x', REF).severityNumber, 10, 'a priority decides before the message');
});
