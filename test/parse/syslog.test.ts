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
