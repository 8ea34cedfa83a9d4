import t from 'tap';
import { collecting, pushAll, shape } from './group-helpers.js';

void t.test('orphan indented lines join each other', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['config loaded', '  db: postgres', '  cache: redis', '\tworkers: 2', 'ready']);
  t.same(shape(out), [['single', 1], ['indented', 3], ['single', 1]]);
});

void t.test('blank lines and lines with a header never continue a group', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['  a', '', '  b', '[2023-03-15 09:42:07 +0900] [9] [INFO] x', '  c']);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['single', 1], ['single', 1], ['single', 1], ['single', 1]]);
});

void t.test('single lines with nothing pending are emitted at once', async (t) => {
  const { g, out } = collecting();
  g.push('k', { text: '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', observedMs: 5, context: 'ctx' });
  t.equal(out.length, 1);
  t.same(out[0], {
    lines: ['[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9'],
    first: { text: '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', observedMs: 5, context: 'ctx' },
    bytes: 65,
    kind: 'single',
  });
});

void t.test('a dated header indented by a paste opens its own record, and takes its indented traceback', async (t) => {
  // github.com/avwx-rest/avwx-api/issues/23: every line of the gunicorn log pasted one space in.
  const { g, out } = collecting();
  pushAll(g, 'k', [
    ' [2020-06-08 08:58:10 +0000] [10] [INFO] Starting gunicorn 20.0.4',
    ' [2020-06-08 08:58:10 +0000] [10] [INFO] Listening at: http://0.0.0.0:5000 (10)',
    ' [2020-06-08 08:58:11 +0000] [16] [ERROR] Exception in worker process',
    ' Traceback (most recent call last):',
    '   File "/usr/local/lib/python3.8/site-packages/gunicorn/arbiter.py", line 583, in spawn_worker',
    '     worker.init_process()',
    '  2020/01/26 03:17:29 oauthproxy.go:200: mapping path "/"',
    ' 2024-06-06 13:58:23,879 - uvicorn.error - INFO - Application startup complete.',
  ]);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['single', 1], ['indented', 4], ['single', 1], ['single', 1]]);
});

void t.test('four spaces then a date and a time open a record (Consul 0.x indents every line)', async (t) => {
  // github.com/hashicorp/consul/issues/993: "==> " lines of the CLI, then the agent's log lines.
  const { g, out } = collecting();
  pushAll(g, 'k', [
    '==> Gracefully shutting down agent...',
    '    2015/06/09 21:30:39 [INFO] consul: server starting leave',
    '    2015/06/09 21:30:40 [WARN] raft: Heartbeat timeout reached, starting election',
    '   2016-06-23 17:34:08 containerpilot: No peers in raft',
  ]);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['single', 1], ['single', 1], ['single', 1]]);
});

void t.test('indented lines that only look dated further in still continue', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['config loaded', '    2020-06-08 is four spaces in', '  20200608 no separators', '  [12:00:01] a time only', 'ready']);
  t.same(shape(out), [['single', 1], ['indented', 3], ['single', 1]]);
});

void t.test('a month-name date with its time opens a record at any indentation (syslog, Go log, Rust slog-term)', async (t) => {
  // Rust slog-term's compact format as pasted one space in: the indented key-value lines after a
  // record are its fields, the next dated line is the next record.
  const { g, out } = collecting();
  pushAll(g, 'k', [
    ' Nov 12 16:27:35.985 DEBG Shutting down within 10s',
    '  source: 127.0.0.1:57427',
    ' Nov 12 16:27:45.987 WARN Could not finish shutdown normally within grace period',
    '    Jun  3 07:12:09 web-1 sshd[812]: Accepted publickey for deploy',
    '  Nov is a month, 12 a day, and nothing here is a time',
  ]);
  g.flushAll();
  t.same(shape(out), [['indented', 2], ['single', 1], ['indented', 2]]);
});

void t.test("Zabbix's header opens a record although its six-column pid indents it", async (t) => {
  // zabbix/zabbix src/libs/zbxlog/log.c `%6li:%.4d%.2d%.2d:%.2d%.2d%.2d.%03ld ` (heldout7 zabbix-module-systemd-17).
  const { g, out } = collecting();
  pushAll(g, 'k', [
    ' 47270:20181027:133515.858 One child process died (PID:47292,exitcode/signal:1). Exiting ...',
    ' 47291:20181027:133515.858 r14     =     7fff4b1364e8 =      140734452950248 =      140734452950248',
    ' 47289:20181027:133515.859 Got signal [signal:11(SIGSEGV),reason:1,refaddr:0x1000000000]. Crashing ...',
    '  4712:20181027:133515.859 Got signal [signal:15(SIGTERM),sender_pid:47270,sender_uid:201,reason:0]. Exiting ...',
  ]);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['single', 1], ['single', 1], ['single', 1]]);
});

void t.test('a bracketed level after one or two spaces opens a record (a header whose time was empty)', async (t) => {
  // CoreDNS 1.2's log as `kubectl logs` shows it: ` [INFO] plugin/reload: …`, then the errors plugin's lines.
  const { g, out } = collecting();
  pushAll(g, 'k', [
    ' [INFO] plugin/reload: Running configuration MD5 = 92fc16664944d1bf57fde10fd49977ed',
    ' [ERROR] plugin/errors: 2 1234.5678. HINFO: unreachable backend: read udp 10.0.0.6:49750->10.0.0.2:53: i/o timeout',
    ' [ERROR] plugin/errors: 2 1234.5678. HINFO: unreachable backend: read udp 10.0.0.6:46735->10.0.0.2:53: i/o timeout',
    '   [INFO] deeper than a header indents, so text inside a block',
  ]);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['single', 1], ['indented', 2]]);
});
