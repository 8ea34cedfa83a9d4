import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';
import { Severity } from '../../src/model/severity.js';

/* PgBouncer's log_generic: `%Y-%m-%d %H:%M:%S.%03d %Z [pid] TAG message`. */
void t.test('time, zone, pid and tag come off; LOG is info and NOISE trace', async (t) => {
  const up = parseAppLine('2023-01-19 14:26:52.969 UTC [7] LOG process up: PgBouncer 1.17.0, libevent 2.1.12-stable (epoll), adns: c-ares 1.18.1, tls: OpenSSL 1.1.1s  1 Nov 2022');
  t.same([up.format, up.timeMs, up.severityNumber, up.levelText, up.pid, up.message], [
    'pgbouncer', Date.UTC(2023, 0, 19, 14, 26, 52, 969), Severity.INFO, 'LOG', 7,
    'process up: PgBouncer 1.17.0, libevent 2.1.12-stable (epoll), adns: c-ares 1.18.1, tls: OpenSSL 1.1.1s  1 Nov 2022',
  ]);
  const warn = parseAppLine('2024-06-12 13:02:23.005 +03 [2865569] WARNING C-0x56059d2f0410: db/user@10.0.0.5:64507 pooler error: server conn crashed?');
  t.same([warn.severityNumber, warn.pid, warn.timeMs, warn.message], [
    Severity.WARN, 2865569, Date.UTC(2024, 5, 12, 10, 2, 23, 5), 'C-0x56059d2f0410: db/user@10.0.0.5:64507 pooler error: server conn crashed?',
  ], 'a numeric zone is applied');
  t.equal(parseAppLine("2022-08-10 08:30:21.492 CEST [1] FATAL pidfile '/tmp/pgbouncer.pid' exists, another instance running?").severityNumber, Severity.FATAL);
  t.equal(parseAppLine('2025-11-20 02:01:30.992 UTC [83] NOISE new fd from accept=3').severityNumber, Severity.TRACE, 'NOISE (-vv) is trace');
});

void t.test("PostgreSQL's own lines and other dated lines are not this format", async (t) => {
  for (const line of [
    '2024-01-01 10:00:00.123 UTC [12] LOG:  database system is ready to accept connections',
    '2024-01-01 10:00:00.123 UTC [12] FATAL:  password authentication failed for user "app"',
    '2024-01-01 10:00:00,123 INFO: Lock owner: pg-0; I am pg-1',
    '2024-01-01 10:00:00.123 [main] INFO  com.example.App - started',
    '2024-01-01 10:00:00.123 UTC [12] NOTICE something',
    '2014-02-27 02:16:42.518 7854 ERROR nova.openstack.common.threadgroup [-] \'NoneType\' object has no attribute \'numOfDomains\'',
  ]) {
    t.not(parseAppLine(line).format, 'pgbouncer', line);
  }
});
