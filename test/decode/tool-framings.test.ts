import t from 'tap';
import { decodeContainerLine } from '../../src/decode/container-line.js';
import { stripLinePrefix, stripLinePrefixOrTentative } from '../../src/decode/line-prefixes.js';
import { toolTimeAt } from '../../src/decode/tool-time.js';

/** The line after decoding and prefix removal. */
function strip(line: string, tentative = false) {
  const d = (tentative ? stripLinePrefixOrTentative : stripLinePrefix)(decodeContainerLine(line));
  return { text: d.text, tool: d.prefix?.tool, pod: d.prefix?.pod, container: d.prefix?.container, stream: d.stream, timeMs: d.timeMs, tentative: d.tentative };
}

void t.test('viewing tools put their time before each line: it dates the line and is taken off', async (t) => {
  // openSUSE/supportutils#196: `docker logs -t` (moby RFC3339NanoFixed, nine digits).
  t.match(strip('2024-04-09T17:33:12.238986028Z nginx: [emerg] host not found in upstream in /etc/nginx/conf.d/proxy.conf:6'), {
    text: 'nginx: [emerg] host not found in upstream in /etc/nginx/conf.d/proxy.conf:6', tool: undefined,
  });
  t.equal(Math.floor(strip('2024-04-09T17:33:12.238986028Z x').timeMs ?? 0), Date.parse('2024-04-09T17:33:12.238Z'));
  // kubectl logs --timestamps: the node's zone as an offset.
  t.equal(strip('2024-04-09T19:33:12.238986028+02:00   File "/app/main.py", line 3, in <module>').text, '  File "/app/main.py", line 3, in <module>');
  t.equal(Math.floor(strip('2024-04-09T19:33:12.238986028+02:00 x').timeMs ?? 0), Date.parse('2024-04-09T17:33:12.238Z'));
  // GitHub Actions job logs (seven digits).
  t.equal(strip('2020-04-04T19:03:57.3243649Z   File "../../src/tools/publish_toolstate.py", line 305, in <module>').text, '  File "../../src/tools/publish_toolstate.py", line 305, in <module>');
  // Docker Desktop's log view (docker/getting-started-app#39): the caret and the blank line stay what they are.
  t.equal(strip('2024-03-27 23:54:24   ^').text, '  ^');
  t.equal(strip('2024-03-27 23:54:24 ').text, '');
  t.equal(strip('2024-03-27 23:54:24').text, '');
  t.equal(strip('2024-03-27 23:54:24 }').timeMs, Date.parse('2024-03-27T23:54:24Z'));
  // Docker Desktop's view of a compose project: its time, then compose's prefix (jammsen/docker-palworld-dedicated-server#187).
  t.match(strip('2024-02-09 16:56:30 palworld-dedicated-server  | Killed', true), {
    text: 'Killed', tool: 'compose', container: 'palworld-dedicated-server', tentative: true, timeMs: Date.parse('2024-02-09T16:56:30Z'),
  });
  t.match(strip('2024-03-27 23:54:24 api-1  | Listening on port 3000'), { text: 'Listening on port 3000', tool: 'compose', container: 'api' });
  // A time the application wrote in front of its own header goes too; the header stays.
  t.equal(strip('2023-12-10 19:09:12 [2023-12-10 17:09:12,272: INFO/MainProcess] Task received').text, '[2023-12-10 17:09:12,272: INFO/MainProcess] Task received');
});

void t.test("dmesg's time before the kernel's lines is taken off and dates nothing (-T's drifts)", async (t) => {
  // kubernetes/kubernetes#56891 (dmesg -T of a node's OOM kill): the report's frames keep their indentation.
  t.match(strip('[Wed Dec  6 23:54:11 2017] java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=-998'), {
    text: 'java invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=-998', timeMs: undefined,
  });
  t.equal(strip('[Wed Dec  6 23:54:11 2017]  [<ffffffff8163515c>] dump_stack+0x19/0x1b').text, ' [<ffffffff8163515c>] dump_stack+0x19/0x1b');
  t.equal(strip('[Mon Aug 31 18:23:18 2015] php.bin invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0').text, 'php.bin invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0');
  // printk's own time (aerokube/ggr#341 under a journal; here as dmesg prints it).
  t.match(strip('[ 2061.906248] docker0: port 2(vethcafc1bd) entered disabled state'), { text: 'docker0: port 2(vethcafc1bd) entered disabled state', timeMs: undefined });
  t.equal(strip('[1234567.000001] Out of memory: Killed process 1877 (influxd)').text, 'Out of memory: Killed process 1877 (influxd)');
  for (const line of [
    '[Tue Jan 32 20:38:58 2022] not a day',
    '[Foo Jan  4 20:38:58 2022] not a weekday',
    '[Tue Jan  4 20:38:58 22] a short year',
    '[ 2061.9062] five digits are no printk time',
    '[2061] a bracketed number',
    '[INFO] a level',
    // Apache httpd 2.2's error log: the same ctime is its own header, its level follows in brackets.
    '[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties',
    '[Mon Dec 05 10:21:07 2005] [error] mod_jk child workerEnv in error state 6',
  ]) t.equal(strip(line).text, line, line);
});

void t.test("an application's own times are left alone", async (t) => {
  for (const line of [
    '2023-03-15 09:42:07,123 INFO root: python logging', // comma milliseconds
    '2024-01-05 10:00:00.000 UTC [28] LOG:  database system is ready', // a fraction
    '2024-01-05 10:00:00 UTC [28] LOG:  database system is ready', // PostgreSQL %t: a zone follows
    '2024-01-05 10:00:00 +0000 [28] started', // an offset follows
    '2024-01-05 10:00:00 CET started', // a zone name follows
    '2024-05-06T10:00:00.000Z INFO application ready', // milliseconds: an application's RFC 3339
    '2024-05-06T10:00:00.123456Z app started', // microseconds
    '2024-05-06T10:00:00Z app started', // no fraction
    '2024-05-06T10:00:00.123456789Zapp', // no space after it
    '2024-13-06 10:00:00 bad month',
  ]) t.equal(strip(line).text, line, line);
  // Container framing first: a CRI line's own text keeps its time.
  t.equal(stripLinePrefix(decodeContainerLine('2024-05-06T10:00:00.000000001Z stdout F 2024-03-27 23:54:24 hello')).text, '2024-03-27 23:54:24 hello');
  t.equal(toolTimeAt('2024-03-27 23:54:24x'), undefined);
  t.equal(toolTimeAt(''), undefined);
});

void t.test('Cloud Foundry `cf logs`: source, instance and stream, with or without the time', async (t) => {
  // cloudfoundry/multiapps-controller#294.
  const line = '2018-10-17T16:25:40.99+0300 [APP/PROC/WEB/0] ERR Cannot calculate JVM memory configuration: There is insufficient memory remaining for heap.';
  t.match(strip(line), { tool: 'cloud-foundry', pod: 'web-0', container: 'web', stream: 'stderr', text: 'Cannot calculate JVM memory configuration: There is insufficient memory remaining for heap.' });
  t.equal(strip(line).timeMs, Date.parse('2018-10-17T13:25:40.990Z'));
  // The CLI indents by three spaces; a paste may keep only the bracket.
  t.match(strip('   2018-08-31T13:17:57.67+0530 [APP/PROC/WEB/0] OUT Exit status 1'), { pod: 'web-0', stream: 'stdout', text: 'Exit status 1' });
  t.match(strip('[APP/PROC/WEB/0] OUT # java.lang.OutOfMemoryError: Java heap space'), { tool: 'cloud-foundry', text: '# java.lang.OutOfMemoryError: Java heap space' });
  t.match(strip('   2018-08-31T13:17:57.67+0530 [CELL/SSHD/0] OUT Exit status 0'), { pod: 'sshd-0', container: 'sshd' });
  t.match(strip('[RTR/1] OUT app.example.com - [2018-08-31T07:47:57.123+0000] "GET / HTTP/1.1" 200'), { pod: 'rtr-1', container: 'rtr' });
  t.match(strip('[APP/PROC/WEB/0] OUT'), { tool: 'cloud-foundry', text: '' });
  // Not Cloud Foundry: other bracketed headers, no stream word, lower case, no instance.
  for (const other of ['[INFO] started', '[Thu Jun 30 04:27:42 2022] nginx[101475]: segfault', '[APP/PROC/WEB/0] started', '[app/proc/web/0] OUT x', '[APP] OUT x', '[APP/PROC/WEB/x] OUT y', '[APP//0] OUT z']) {
    t.equal(strip(other).tool, undefined, other);
  }
});

void t.test("compose names without a replica number are only tentative (the pipeline confirms them)", async (t) => {
  // iamatypeofwalrus/logspout-loggly#9: `container_name: logging`.
  t.match(strip('logging      | panic: runtime error: invalid memory address or nil pointer dereference', true), {
    tool: 'compose', pod: 'logging', container: 'logging', tentative: true, text: 'panic: runtime error: invalid memory address or nil pointer dereference',
  });
  t.match(strip('logging      |', true), { tentative: true, text: '' });
  // docker-compose 1.23 names (onaio/onadata#1517).
  t.match(strip('web_1_e3a9308a6405 | CREATE EXTENSION', true), { pod: 'web_1_e3a9308a6405', container: 'web', tentative: true });
  // stripLinePrefix alone never takes them.
  t.equal(strip('logging      | panic: boom').text, 'logging      | panic: boom');
  // Route tables and level words are never names; a proven name is not tentative.
  t.equal(strip('GET      | /users', true).tool, undefined);
  t.equal(strip('ERROR    | disk full', true).tool, undefined);
  t.match(strip('api-1  | ready', true), { tool: 'compose', tentative: undefined });
});
