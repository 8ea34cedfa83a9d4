import t from 'tap';
import { decodeContainerLine } from '../../src/decode/container-line.js';
import { stripLinePrefix, LINE_PREFIXES } from '../../src/decode/line-prefixes.js';
import { looksGenerated } from '../../src/decode/prefix-stern.js';

const ESC = '\x1b';
const GUNICORN = '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9';

/** The line after decoding and prefix removal: its text, identity parts, stream and time. */
function strip(line: string) {
  const d = stripLinePrefix(decodeContainerLine(line));
  const p = d.prefix;
  return {
    text: d.text,
    tool: p?.tool,
    namespace: p?.namespace,
    pod: p?.pod,
    container: p?.container,
    stream: d.stream,
    timeMs: d.timeMs,
  };
}

void t.test('docker compose logs: v2 and v1, plain and coloured, with timestamps', async (t) => {
  // docker/compose cmd/formatter/logs.go: fmt.Sprintf("%-<width>s | ", name), width = longest name + 1,
  // coloured as a whole by ansiColor (cmd/formatter/colors.go): ESC[<code>m ... ESC[0m.
  const web = { tool: 'compose', pod: 'web-1', container: 'web' };
  t.match(strip(`web-1     | ${GUNICORN}`), { ...web, text: GUNICORN });
  t.match(strip(`postgres-1  | 2024-05-06 10:00:00.123 UTC [1] LOG:  database system is ready`), {
    tool: 'compose', pod: 'postgres-1', container: 'postgres', text: '2024-05-06 10:00:00.123 UTC [1] LOG:  database system is ready',
  });
  t.match(strip(`${ESC}[36mweb-1  | ${ESC}[0m${GUNICORN}`), { ...web, text: GUNICORN });
  t.match(strip(`${ESC}[33;1mworker-2  | ${ESC}[0mcelery@worker ready.`), { pod: 'worker-2', container: 'worker', text: 'celery@worker ready.' });
  // A custom container_name has no replica number: recognised coloured.
  t.match(strip(`${ESC}[32mmy-api  | ${ESC}[0mhello`), { pod: 'my-api', container: 'my-api', text: 'hello' });
  // compose v1 (compose/cli/log_printer.py): color(name.ljust(width) + ' |') + ' ' + line.
  t.match(strip(`web_1  | ${GUNICORN}`), { tool: 'compose', pod: 'web_1', container: 'web', text: GUNICORN });
  t.match(strip(`${ESC}[36mweb_1  |${ESC}[0m ${GUNICORN}`), { pod: 'web_1', container: 'web', text: GUNICORN });
  // --timestamps: RFC 3339 after the prefix dates the line.
  const ts = strip(`web-1  | 2024-05-06T10:00:01.250000000Z ${GUNICORN}`);
  t.equal(ts.text, GUNICORN);
  t.equal(ts.timeMs, Date.parse('2024-05-06T10:00:01.250Z'));
  // An empty line keeps its prefix's trailing space only.
  t.match(strip('web-1  | '), { pod: 'web-1', text: '' });
});

void t.test('kubectl logs --prefix: pod and container, with --timestamps', async (t) => {
  // kubernetes/kubectl pkg/cmd/logs/logs.go addPrefixIfNeeded: "[pod/%s/%s] ".
  t.match(strip(`[pod/api-7f9c6d5b8-x2x9k/api] ${GUNICORN}`), {
    tool: 'kubectl', pod: 'api-7f9c6d5b8-x2x9k', container: 'api', namespace: undefined, text: GUNICORN,
  });
  const ts = strip('[pod/db-0/postgres] 2024-05-06T10:00:00.000000001Z LOG:  database system is ready to accept connections');
  t.match(ts, { pod: 'db-0', container: 'postgres', text: 'LOG:  database system is ready to accept connections' });
  t.equal(ts.timeMs, Date.parse('2024-05-06T10:00:00.000Z'));
  t.match(strip('[pod/db-0/] hello'), { pod: 'db-0', container: undefined, text: 'hello' });
});

void t.test('stern: pod and container, the namespace form, colours and timestamps', async (t) => {
  // stern/stern cmd/cmd.go generateTemplate (v1.34): pod, container, [timestamp], message;
  // fatih/color: ESC[96m...ESC[0m (pod, FgHiCyan) and ESC[36m...ESC[0m (container, FgCyan).
  t.match(strip(`api-7f9c6d5b8-x2x9k api ${GUNICORN}`), { tool: 'stern', pod: 'api-7f9c6d5b8-x2x9k', container: 'api', text: GUNICORN });
  t.match(strip(`${ESC}[96mapi-7f9c6d5b8-x2x9k${ESC}[0m ${ESC}[36mapi${ESC}[0m ${GUNICORN}`), {
    pod: 'api-7f9c6d5b8-x2x9k', container: 'api', text: GUNICORN,
  });
  // --all-namespaces: the namespace in the pod's colour.
  t.match(strip(`${ESC}[92mdev${ESC}[0m ${ESC}[92mdb-0${ESC}[0m ${ESC}[32mpostgres${ESC}[0m LOG:  ready`), {
    namespace: 'dev', pod: 'db-0', container: 'postgres', text: 'LOG:  ready',
  });
  // A DaemonSet pod (one generated suffix with a digit); --timestamps.
  const ts = strip('fluent-bit-x2x9k fluent-bit 2024-05-06T10:00:00.5Z [info] [engine] started');
  t.match(ts, { pod: 'fluent-bit-x2x9k', container: 'fluent-bit', text: '[info] [engine] started' });
  t.equal(ts.timeMs, Date.parse('2024-05-06T10:00:00.500Z'));
  t.ok(looksGenerated('web-5d8c7b9f4-q7k2m', 0, 19), 'Deployment pod');
  t.ok(looksGenerated('web-q7k2m', 0, 9), 'DaemonSet or Job pod: one suffix with a digit');
  t.notOk(looksGenerated('web-https', 0, 9), 'five consonants and no digit: could be a word');
  t.notOk(looksGenerated('worker-thread-1', 0, 15));
  t.notOk(looksGenerated('nginx-https', 0, 11));
});

void t.test('supervisord programs through supervisor-stdout: the program is the container', async (t) => {
  // coderanger/supervisor-stdout supervisor_stdout.py event_handler: '%s | %s | %s' and its colours.
  t.match(strip(`web | stdout | ${GUNICORN}`), { tool: 'supervisor', container: 'web', pod: undefined, stream: 'stdout', text: GUNICORN });
  t.match(strip(`${ESC}[1;33mcelery${ESC}[1;m | ${ESC}[1;31mstderr${ESC}[1;m | worker: Warm shutdown (MainProcess)`), {
    container: 'celery', stream: 'stderr', text: 'worker: Warm shutdown (MainProcess)',
  });
  // Inside a kubelet CRI line: the prefix is found in the message.
  const cri = strip(`2024-05-06T10:00:00.000000000Z stdout F app:web | stderr | ${GUNICORN}`);
  t.match(cri, { container: 'app:web', stream: 'stdout', text: GUNICORN }, 'the CRI stream wins over the channel');
});

void t.test('kail: namespace/pod[container]: , plain and coloured, empty messages', async (t) => {
  // boz/kail writers/default.go (v0.17.4): fmt.Sprintf("%v/%v[%v]", ns, pod, container) then ": ",
  // each in prefixColor (fatih/color FgHiWhite, Bold: ESC[97;1m ... ESC[0m).
  const envoy = '[2020-09-08 16:08:59.138][14][debug][http] [source/common/http/conn_manager_impl.cc:1377] [C6912][S1589] request end stream';
  t.match(strip(`contour-external/envoy-54hfm[envoy]: ${envoy}`), {
    tool: 'kail', namespace: 'contour-external', pod: 'envoy-54hfm', container: 'envoy', text: envoy,
  });
  t.match(strip(`${ESC}[97;1mdev/api-7f9c6d5b8-x2x9k[api]${ESC}[0m${ESC}[97;1m: ${ESC}[0m${GUNICORN}`), {
    tool: 'kail', namespace: 'dev', pod: 'api-7f9c6d5b8-x2x9k', container: 'api', text: GUNICORN,
  });
  // An empty line of the container: the prefix alone, with or without its trailing space.
  t.match(strip('dev/db-0[postgres]: '), { tool: 'kail', pod: 'db-0', container: 'postgres', text: '' });
  t.match(strip('dev/db-0[postgres]:'), { tool: 'kail', pod: 'db-0', text: '' });
  // Paths and bracketed words are not kail's.
  for (const line of ['usr/lib/x[1]: y', 'app/models/user.rb:12:in `save\'', 'dev/db-0[postgres]:x', 'dev/Db-0[pg]: x', 'dev/db-0 [pg]: x', 'a/b[]: c']) {
    t.equal(strip(line).tool, undefined, line);
  }
});

void t.test("Passenger: its app processes' output, `App <pid> <channel>: `", async (t) => {
  // phusion/passenger src/cxx_supportlib/LoggingKit/Implementation.cpp realLogAppOutput (6.0.24):
  // "App " pid " " channel ": " line; `output` in Passenger 6, `stdout` / `stderr` in Passenger 5.
  t.match(strip('App 8728 output: 192.168.1.4 - - [01/Feb/2022:07:43:09 -0500] "GET /favicon.ico HTTP/1.1" 404 498 0.0100'), {
    tool: 'passenger', pod: undefined, container: undefined, text: '192.168.1.4 - - [01/Feb/2022:07:43:09 -0500] "GET /favicon.ico HTTP/1.1" 404 498 0.0100',
  });
  t.match(strip('App 32328 stderr: /gems/net/smtp.rb:806: warning: already initialized constant SMTPSession'), {
    tool: 'passenger', stream: 'stderr', text: '/gems/net/smtp.rb:806: warning: already initialized constant SMTPSession',
  });
  t.match(strip('App 32397 stdout: '), { tool: 'passenger', stream: 'stdout', text: '' });
  const one = stripLinePrefix(decodeContainerLine('App 1 output: a')).prefix;
  const two = stripLinePrefix(decodeContainerLine('App 2 output: a')).prefix;
  t.ok(one !== undefined && two !== undefined && one !== two, 'one identity per app process (each its own multi-line groups)');
  for (const line of ['App 12 started', 'App 12 output', 'App x output: y', 'Apps 12 output: y', 'App 12 outputs: y', 'Worker 0 booted']) {
    t.equal(strip(line).tool, undefined, line);
  }
});

void t.test('real output from public bug reports', async (t) => {
  // docker-compose v1, docker/compose#1942 (the longest name has one space before the bar).
  t.match(strip('db_1   | 2015-08-28T14:04:13.287+0000 I NETWORK  [initandlisten] connection accepted from 172.17.0.41:35459 #35 (5 connections now open)'), {
    pod: 'db_1', container: 'db', text: '2015-08-28T14:04:13.287+0000 I NETWORK  [initandlisten] connection accepted from 172.17.0.41:35459 #35 (5 connections now open)',
  });
  t.match(strip('web_1  | App listening at http://0.0.0.0:8000'), { pod: 'web_1', container: 'web', text: 'App listening at http://0.0.0.0:8000' });
  t.match(strip('cron_1 |   % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current'), {
    pod: 'cron_1', container: 'cron', text: '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
  });
  // kubectl logs --prefix, kubernetes/kubernetes#124732.
  t.match(strip('[pod/y-844fbc9777-vhl79/nginx] 2024/03/07 21:10:16 [notice] 1#1: nginx/1.25.4'), {
    tool: 'kubectl', pod: 'y-844fbc9777-vhl79', container: 'nginx', text: '2024/03/07 21:10:16 [notice] 1#1: nginx/1.25.4',
  });
  // stern, stern/stern#216.
  t.match(strip('nginx-cfbcb7b98-96xsv nginx 2023/01/27 13:20:48 [notice] 1#1: start worker process 46'), {
    tool: 'stern', pod: 'nginx-cfbcb7b98-96xsv', container: 'nginx', text: '2023/01/27 13:20:48 [notice] 1#1: start worker process 46',
  });
  t.equal(strip('+ nginx-cfbcb7b98-29wn7 › nginx').tool, undefined, "stern's own status line is not a container's");
});

void t.test('ordinary lines are never taken for a prefix', async (t) => {
  const ordinary = [
    GUNICORN,
    'GET /api/v1/items | 200 | 12ms',
    'INFO | server started',
    'step-1 | done',
    'step-1  done | x',
    'worker-1 | picked up job 42',
    'main  | starting',
    '2024-05-06 10:00:00.123 | INFO     | app.main:run:12 - started',
    '| name | value |',
    'a | stdout-like | text',
    'web | stdout',
    'Booting worker with pid: 9',
    'starting server on port 8080',
    'starting api-7f9c6d5b8-x2x9k now',
    'worker-thread-1 running job 42',
    'nginx-https reload requested',
    'I0315 09:42:07.123456       1 main.go:12] Starting',
    'level=info msg="started" pod=api-7f9c6d5b8-x2x9k',
    '[pod] something',
    '[pod/not a name/x] y',
    `${ESC}[32mINFO${ESC}[0m:     Started server process [1]`,
    `${ESC}[32mINFO${ESC}[0m | message`,
    `${ESC}[2mdebug${ESC}[0m cache warm`,
    `${ESC}[31mERROR  | ${ESC}[0mcoloured level word padded like a prefix`,
    '{"level":"info","msg":"web-1  | x"}',
    '  File "/app/x.py", line 1, in <module>',
    '',
  ];
  for (const line of ordinary) {
    const d = stripLinePrefix(decodeContainerLine(line));
    t.equal(d.prefix, undefined, JSON.stringify(line));
    t.equal(d.text, line);
  }
});

void t.test('the registry: each tool once, in order, each declaring how its prefix starts', async (t) => {
  t.same(LINE_PREFIXES.map((p) => p.tool), ['kubectl', 'supervisor', 'compose', 'stern', 'kail', 'heroku', 'cloud-foundry', 'passenger']);
  for (const p of LINE_PREFIXES) t.ok(p.starts.length > 0, p.tool);
});

void t.test('identities are interned: one object per origin', async (t) => {
  const a = stripLinePrefix(decodeContainerLine('web-1  | one')).prefix;
  const b = stripLinePrefix(decodeContainerLine('web-1  | two')).prefix;
  const c = stripLinePrefix(decodeContainerLine('db-1   | three')).prefix;
  const d = stripLinePrefix(decodeContainerLine('web-1  | four')).prefix;
  t.equal(a, b);
  t.equal(a, d);
  t.not(a, c);
});

void t.test('hostile input never throws and stays bounded', async (t) => {
  const lines = [
    ESC.repeat(10_000),
    `${ESC}[${'1;'.repeat(5000)}m`,
    'a'.repeat(100_000) + '  | x',
    '[pod/' + 'a'.repeat(100_000) + '/b] c',
    'x-1' + ' '.repeat(100_000) + '| y',
    `${ESC}[36m`.repeat(2000) + 'web-1 | x',
  ];
  for (const line of lines) t.doesNotThrow(() => stripLinePrefix(decodeContainerLine(line)));
});

void t.test('Heroku: `heroku logs` and drain framing give the dyno and the time', async (t) => {
  // Heroku Dev Center "Logging": `<timestamp> <source>[<dyno>]: <message>`; drains keep the RFC 5424
  // fields (APP-NAME PROCID MSGID [SD]).
  const cli = strip('2010-09-16T15:13:46.677020+00:00 app[web.1]: Processing PostController#list (for 208.39.138.12)');
  t.match(cli, { tool: 'heroku', pod: 'web.1', container: 'web', text: 'Processing PostController#list (for 208.39.138.12)' });
  t.equal(Math.floor(cli.timeMs ?? 0), Date.parse('2010-09-16T15:13:46.677Z'));
  t.match(strip('2010-09-16T15:13:47.893472+00:00 heroku[router]: at=info method=GET path="/" status=200'), {
    pod: 'router', container: 'router', text: 'at=info method=GET path="/" status=200',
  });
  t.match(strip('2019-02-28T15:57:59.939794+00:00 app background.1 - - 4 TID-oxr838ra4 DEBUG: Client Middleware:'), {
    pod: 'background.1', container: 'background', text: '4 TID-oxr838ra4 DEBUG: Client Middleware:',
  });
  // One `-` (MSGID) only before a message that starts with `- Word`.
  t.match(strip('2019-02-28T15:57:59+00:00 app web.1 - - Worker 0 (pid: 9) booted, phase: 0'), { text: '- Worker 0 (pid: 9) booted, phase: 0' });
  // Ordinary lines that start with a time stay as they are.
  for (const line of [
    '2024-05-06T10:00:00.000Z app started on port 3000',
    '2024-05-06T10:00:00+0000 app[web.1]: not an RFC 3339 zone',
    '2024-05-06T10:00:00.000Z INFO application ready',
  ]) t.equal(strip(line).text, line, line);
  // Docker Desktop's time (tool-time.ts) is framing of its own, not Heroku's.
  t.match(strip('2024-05-06 10:00:00 app[web.1]: no T'), { tool: undefined, text: 'app[web.1]: no T' });
});

void t.test('stern -o json: the names of the Log struct give the identity, the message is the line', async (t) => {
  // stern/stern stern/tail_utils.go (v1.34) Log: message, timestamp (--timestamps), nodeName,
  // namespace, podName, containerName, labels, annotations; cmd/cmd.go renders `{{json .}}`.
  const line = JSON.stringify({
    message: GUNICORN, timestamp: '2024-05-06T10:00:01.250000000Z', nodeName: 'node-1', namespace: 'dev',
    podName: 'api-7f9c6d5b8-x2x9k', containerName: 'api', labels: { app: 'api' }, annotations: {},
  });
  const d = strip(line);
  t.match(d, { tool: 'stern', namespace: 'dev', pod: 'api-7f9c6d5b8-x2x9k', container: 'api', text: GUNICORN });
  t.equal(d.timeMs, Date.parse('2024-05-06T10:00:01.250Z'));
  // wercker/stern 1.x: no timestamp, labels or annotations; the message keeps its newline.
  t.match(strip('{"message":"ready\\n","nodeName":"n","namespace":"ns","podName":"db-0","containerName":"pg"}'), {
    tool: 'stern', namespace: 'ns', pod: 'db-0', container: 'pg', text: 'ready',
  });
  // One identity object per origin, as for the text prefixes.
  const a = stripLinePrefix(decodeContainerLine(line)).prefix;
  const b = stripLinePrefix(decodeContainerLine(line.replace('WORKER', 'W'))).prefix;
  t.equal(a, b);
  // An application's own JSON line with a `message` is not stern's.
  t.match(strip('{"message":"x","level":"info"}'), { tool: undefined, text: '{"message":"x","level":"info"}' });
  t.match(strip('{"message":"x","podName":7,"containerName":"c"}'), { tool: undefined });
});
