import t from 'tap';
import { UNIT_CONTEXT, UNIT_NOISE, UNIT_RESTART, UNIT_SIGNAL, systemctlStatusLine } from '../../src/classify/systemctl-status.js';

// systemd's print_status_info (src/systemctl/systemctl-show.c): the lines of two real pastes
// (heldout7 jellyfin-9358, matrix-ansible-813) and the other fields it prints.
void t.test("a failed unit: its glyph, its state and its main process's end are signals", async (t) => {
  t.equal(systemctlStatusLine('× jellyfin.service - Jellyfin Media Server'), UNIT_SIGNAL);
  t.equal(systemctlStatusLine('     Active: failed (Result: exit-code) since Sun 2023-02-19 15:45:36 EST; 6s ago'), UNIT_SIGNAL);
  t.equal(systemctlStatusLine('    Process: 1679 ExecStart=/usr/bin/jellyfin $JELLYFIN_WEB_OPT $JE>   Main PID: 1679 (code=exited, status=137)'), UNIT_SIGNAL);
  t.equal(systemctlStatusLine('   Main PID: 812 (code=killed, signal=KILL)'), UNIT_SIGNAL);
  t.equal(systemctlStatusLine('   Main PID: 812 (code=dumped, signal=SEGV)'), UNIT_SIGNAL);
  t.equal(systemctlStatusLine('     Loaded: not-found (Reason: Unit foo.service not found.)'), UNIT_SIGNAL);
});

void t.test('a unit waiting out RestartSec= (sub-state auto-restart) is restarting, whatever ended it', async (t) => {
  // heldout11 nats tacticalrmm-201, heldout12 netbox-5131; systemd 254+ queues it first.
  t.equal(systemctlStatusLine('     Active: activating (auto-restart) (Result: exit-code) since Fri 2020-12-11 11:38:33 UTC; 3s ago'), UNIT_RESTART);
  t.equal(systemctlStatusLine('     Active: activating (auto-restart) (Result: signal) since Mon 2024-01-08 10:00:01 UTC; 3s ago'), UNIT_RESTART);
  t.equal(systemctlStatusLine('     Active: activating (auto-restart-queued) (Result: exit-code) since Mon 2024-01-08 10:00:01 UTC; 1s ago'), UNIT_RESTART);
  t.equal(systemctlStatusLine('     Active: activating (start) since Thu 2023-11-23 17:58:39 CET; 348ms ago'), UNIT_CONTEXT, 'a first start is no restart');
});

void t.test("a running unit's state is context, a helper's failure context, what describes the unit noise", async (t) => {
  t.equal(systemctlStatusLine('● matrix-synapse.service - Synapse server'), UNIT_NOISE);
  t.equal(systemctlStatusLine('     Active: active (running) since Sat 2021-01-23 06:11:38 UTC; 6s ago'), UNIT_CONTEXT);
  t.equal(systemctlStatusLine('    Process: 39931 ExecStartPre=/usr/bin/env docker kill matrix-synapse (code=exited, status=1/FAILURE)'), UNIT_CONTEXT);
  t.equal(systemctlStatusLine('    Process: 39940 ExecStartPre=/usr/bin/mkdir -p /run/app (code=exited, status=0/SUCCESS)'), UNIT_NOISE);
  t.equal(systemctlStatusLine('   Main PID: 39943 (docker)'), UNIT_NOISE);
  t.equal(systemctlStatusLine('   Main PID: 39943 (code=killed, signal=TERM)'), UNIT_NOISE, 'a stop signal is a clean end');
  for (const line of [
    '     Loaded: loaded (/usr/lib/systemd/system/jellyfin.service; disabled; preset: disabled)',
    '    Drop-In: /etc/systemd/system/jellyfin.service.d',
    '             └─override.conf',
    '       Docs: man:sshd(8)',
    '      Tasks: 7 (limit: 1072)',
    '     Memory: 27.2M',
    '        CPU: 28ms',
    '     CGroup: /system.slice/matrix-synapse.service',
    '             └─39943 docker run --rm --name matrix-synapse --log-driver=none',
    '             |-1043 /usr/sbin/nginx -g daemon on; master_process on;',
    'TriggeredBy: ● docker.socket',
  ]) {
    t.equal(systemctlStatusLine(line), UNIT_NOISE, line);
  }
  t.equal(systemctlStatusLine('   Duration: 47ms'), UNIT_CONTEXT);
});

void t.test('other lines are not read as status', async (t) => {
  for (const line of [
    'Feb 19 15:45:36 localhost.localdomain systemd[1]: jellyfin.service: Failed with result \'exit-code\'.',
    'Memory: 4k page, physical 16318852k(2330108k free), swap 0k(0k free)',
    'Active connections: 1',
    '* Serving Flask app "app"',
    '    at java.lang.Thread.run(Thread.java:748)',
  ]) {
    t.equal(systemctlStatusLine(line), 0, line);
  }
});
