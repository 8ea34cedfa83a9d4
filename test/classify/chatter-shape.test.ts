import t from 'tap';
import { ARTEFACT, CONTINUATION, DEBUG_TEXT, FRAME, HTTP_REQUEST, PASTED_COMMAND, SHELL_TRACE, USAGE_TEXT, chatterShape, debugTextSeverity, httpFailure } from '../../src/classify/chatter-shape.js';
import { FAILURE_BEYOND_WARNING, FAILURE_VOCABULARY, LIFECYCLE_VOCABULARY, vocabularyBits, vocabularyOf } from '../../src/classify/line-vocabulary.js';
import { Severity } from '../../src/model/severity.js';

// Lines as the real-world excerpts hold them (test/fixtures/real-world/), after the header the parser strips.

t.test('lone paste artefacts: a ^C echo or a bare number, not a short line with letters or an address', async (t) => {
  t.equal(chatterShape('^C'), ARTEFACT);
  t.equal(chatterShape('^C^C'), ARTEFACT);
  t.equal(chatterShape('0'), ARTEFACT, 'a return value printed alone');
  t.equal(chatterShape('.:53') & ARTEFACT, 0, "CoreDNS's server block is not an artefact");
  t.equal(chatterShape('^CINFO:     Shutting down') & ARTEFACT, 0, 'a line after the echo is read');
  t.equal(chatterShape('^') & ARTEFACT, 0, "Node's caret under the failing source is not an artefact");
});

t.test("a start script's set -x trace", async (t) => {
  t.ok(chatterShape('+ export ZOOCFGDIR') & SHELL_TRACE);
  t.ok(chatterShape("+ '[' -f /data/zoo.cfg.dynamic ']'") & SHELL_TRACE);
  t.equal(chatterShape('+ Exception Group Traceback (most recent call last):') & SHELL_TRACE, SHELL_TRACE, 'the shape only; words decide after it');
  t.equal(chatterShape('++') & SHELL_TRACE, 0);
});

t.test('stack frames standing alone, in every runtime', async (t) => {
  for (const frame of [
    'runtime.throw(0x55a567d772fa, 0x2a)',
    'runtime.(*mcentral).uncacheSpan(0x55a569173238, 0x55a16916a9c0)',
    'main.main()',
    '/.GOROOT/src/runtime/mcentral.go:155 +0x38 fp=0x7f7657ffebe8 sp=0x7f7657ffebc0 pc=0x55a5',
    '#011/usr/local/go/src/runtime/signal_unix.go:719 +0x389',
    'runtime stack:',
    'goroutine 1 [running]:',
    ' 4: 0xbb7dc7 v8::internal::V8::FatalProcessOutOfMemory(v8::internal::Isolate*, char const*, bool) [/usr/bin/node]',
    '10: 0x109d21f v8::internal::Runtime_AllocateInYoungGeneration(int, unsigned long*, v8::internal::Isolate*) [/usr/bin/node]',
    '    at Object.<anonymous> (/app/index.js:3:9)',
    '\tat org.apache.catalina.core.StandardContext.startInternal(StandardContext.java:5099)',
    'File "/usr/lib/python3.6/site-packages/billiard/pool.py", line 1224, in mark_as_worker_lost',
    '[2017-06-09 16:20:00.954094] [ljeugk] [c2]   File "/usr/lib/python3.6/site-packages/billiard/pool.py", line 1224, in mark_as_worker_lost',
    '[2017-06-09 16:20:00.954078] [ljeugk] [c2] Traceback (most recent call last):',
    // Gitea's log.Stack (heldout7 gitea): a Go file line with the program counter in parentheses.
    '/go/src/code.gitea.io/gitea/modules/web/routing/logger_manager.go:116 (0x180eaa4)',
    // glibc's backtrace_symbols, as mysqld's handle_fatal_signal prints it (heldout7 mysql).
    'mysqld(my_print_stacktrace+0x2c)[0xe4258c]',
    '/lib/x86_64-linux-gnu/libpthread.so.0(+0xf8d0)[0x7f3dd79178d0]',
    // The same behind a process title and with a demangled C++ symbol (KeyDB/Redis debug.c logStackTrace).
    '/usr/bin/keydb-server *:6379(processInputBuffer(client*, int)+0x8c) [0x45deac]',
    // ClickHouse's StackTrace::toString, with and without a resolved symbol.
    '0. DB::Exception::Exception(String const&, int, bool) @ 0x000000000c7a6d7b in /usr/bin/clickhouse',
    '3. ? @ 0x1c4a016b in ?',
    // Varnish's pan_backtrace behind varnishtest's column, and gdb's bt.
    '***  v1    debug|  ip=0x4fdb14 sp=0x7ffc73b414c0 <VBT_format+0x2c>',
    '#0  0x00007f3c2a1b2e97 in raise () from /lib64/libc.so.6',
    // Frames whose header took their indentation: a journald prefix (heldout9 kibana), a Go dump
    // under syslog (heldout8 mattermost, telegraf), a Ruby backtrace as an error tracker prints it.
    'at Object.fs.openSync (fs.js:500:18)',
    'at node.js:814:3',
    'at Error (native)',
    'at org.apache.catalina.core.StandardContext.startInternal(StandardContext.java:5099)',
    'github.com/mattermost/platform/api.sendNotifications(0xc82092e5a0, 0xc820f1a000, 0xc8202e6a80)',
    'created by github.com/influxdata/telegraf/plugins/inputs/exec.(*Exec).Gather',
    'created by net/http.(*Server).Serve in goroutine 1',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x9d6b3a]',
    '[signal 0xb code=0x1 addr=0xd8 pc=0x5ec90c]',
    'vendor/bundle/ruby/2.2.0/gems/celluloid-0.17.1.2/lib/celluloid/actor.rb:208 in block in linking_request',
    "from /usr/lib/ruby/2.7.0/net/http.rb:960:in 'connect'",
    "app/models/user.rb:12:in `save'",
    // Seastar's backtrace (ScyllaDB's reactor-stall report, Redpanda): one address per line.
    '0x00000000016475d7',
    '/opt/scylladb/libreloc/libc.so.6+0x27b89',
  ]) {
    t.ok(chatterShape(frame) & FRAME, frame);
  }
  t.equal(chatterShape('at 10:00 (UTC) the backup starts') & FRAME, 0, 'a sentence that starts with `at` is not a frame');
  t.equal(chatterShape('at least one replica (of 3) is down') & FRAME, 0);
  t.equal(chatterShape('created by admin on 2020-01-01') & FRAME, 0, 'a sentence that starts with `created by` is not a frame');
  t.equal(chatterShape('config.rb:12 in section [server] has an unknown key') & FRAME, FRAME, 'the location-first shape, whatever follows `in`');
  t.equal(chatterShape('Loaded plugin from plugins/auth.js') & FRAME, 0);
  t.equal(chatterShape('/home/django/.local/lib/python3.11/site-packages/django/http/response.py:517: Warning: StreamingHttpResponse must consume') & FRAME, 0, "a warning's location is not a frame");
  t.equal(chatterShape('reload called by 0xc0001908c0') & FRAME, 0);
  t.equal(chatterShape('0x1f') & FRAME, 0, 'a short hex value alone is not an address');
  t.equal(chatterShape('value 0x00000000016475d7') & FRAME, 0, 'an address inside a sentence is not a frame');
  t.equal(chatterShape('1. Checking replicas @ 0x1f in 12 ms') & FRAME, 0, 'a numbered step is not a frame');
  t.equal(chatterShape('#1 build finished in 3s') & FRAME, 0, 'a numbered build step is not a frame');
  t.equal(chatterShape('oauthproxy.go:200: mapping path "/" => upstream "http://localhost:9093/"') & FRAME, 0, "Go's log file:line header is not a frame");
});

t.test('indented lines and source locations are continuations', async (t) => {
  t.ok(chatterShape('    await receive()') & CONTINUATION);
  t.ok(chatterShape('   └─ 7 (running for 24.25s, vm: 437m, rss: 37m): /opt/backend.ai/bin/python') & CONTINUATION);
  t.equal(chatterShape('Registering plugin') & CONTINUATION, 0);
});

t.test('a debug level left in the text, wherever the header put it', async (t) => {
  for (const line of [
    '2024-10-25T19:19:58\tDebug\tcaddy\t "debug","ts":"2024-10-25T19:19:58Z","logger":"layer4.handlers.proxy","msg":"dial upstream"',
    'DBUG[09-28|21:07:21] Scheduling update                        logger=alerting.scheduler ruleCount=8',
    'DEBU[2016-05-25T00:33:59Z] Global configuration loaded {"GraceTimeOut":10}',
    'time="2019-06-13T23:04:43.101748600Z" level=debug msg=event module=libcontainerd namespace=moby topic=/tasks/oom',
    '{"level":"debug","ts":"2023-09-01T10:00:00Z","msg":"peer stream"}',
    '"debug","ts":"2024-10-25T19:19:58Z","logger":"caddy.listeners.layer4","msg":"matching"',
    '2021-03-01 10:00:00 - app - DEBUG - cache warm',
    // Lower-case columns (heldout7 newrelic agent, zigbee2mqtt's winston) and Poco's angle brackets.
    '2024-03-20 09:49:16.178 +0000 (288 288) debug: APPINFO reply connected',
    '[2025-01-03 23:03:23] debug: \tzh:controller:database: Writing database',
    '[2024-05-01 10:00:00] [trace] session 4 idle',
    '2020.05.01 10:00:00.100 [ 7 ] <Debug> StorageKafka: polled batch',
  ]) {
    t.ok(chatterShape(line) & DEBUG_TEXT, line);
  }
  t.equal(debugTextSeverity('TRACE [main] o.a.z.Server - tick'), Severity.TRACE);
  t.equal(debugTextSeverity('DBUG[09-28|21:07:21] Scheduling update'), Severity.DEBUG);
  for (const line of ['Enable DEBUG logging to see more', 'VFS000002: Failed to clean existing content for temp file provider of type temp. Enable DEBUG', 'level=info msg="debug endpoint on :6060"', 'Stack trace: 0x7f3dd79178d0', 'see the debug endpoint for more']) {
    t.equal(chatterShape(line) & DEBUG_TEXT, 0, line);
  }
});

t.test("an HTTP request's status is read per line", async (t) => {
  const ok = '2020-08-25T11:58:14 11.11.11.11:9080 200 POST /tsturl1 HTTP/1.1 0';
  const bad = '2020-08-25T11:58:14 11.11.11.11:9080 503 POST /tsturl1 HTTP/1.1 0';
  t.ok(chatterShape(ok) & HTTP_REQUEST);
  t.notOk(httpFailure(ok));
  t.ok(httpFailure(bad));
  t.ok(httpFailure('192.168.58.11 - - [03/Nov/2024:06:09:30 +0000] "GET /favicon.ico HTTP/1.1" 502 559 "-" "Mozilla/5.0"'));
  t.notOk(httpFailure('"textPayload": "[2021-06-06T07:18:50.069Z] GET /source/prometheus **HTTP/1.1 200** - 0 175218 287 286'));
});

t.test('the vocabularies of failure and lifecycle, read through identifiers', async (t) => {
  t.equal(vocabularyOf('child_exit 10'), LIFECYCLE_VOCABULARY, "a hook's name counts as its words");
  t.equal(vocabularyOf('AsyncIOLoopKernelRestarter: restarting kernel (1/5), new random ports'), LIFECYCLE_VOCABULARY);
  t.equal(vocabularyOf('python-kernel: Out-of-memory detected!'), FAILURE_VOCABULARY);
  t.equal(vocabularyOf('ResourceExhausted! (1/0)'), FAILURE_VOCABULARY);
  t.equal(vocabularyOf('Task was destroyed but it is pending!'), FAILURE_VOCABULARY);
  t.equal(vocabularyOf('cluster is unavailable'), FAILURE_VOCABULARY);
  t.equal(vocabularyOf('Reading from client: Connection reset by peer'), FAILURE_VOCABULARY);
  t.equal(vocabularyOf('Worker exiting (pid: 9) after signal SIGKILL'), FAILURE_VOCABULARY | LIFECYCLE_VOCABULARY);
  t.equal(vocabularyOf('API server listening at: 127.0.0.1:38999'), LIFECYCLE_VOCABULARY);
  t.equal(vocabularyOf('FOLLOWING - LEADER ELECTION TOOK - 245'), LIFECYCLE_VOCABULARY, 'a cluster member changing role');
  t.equal(vocabularyOf('RAS KERNEL INFO generating core.862'), FAILURE_VOCABULARY, 'a core file written');
  t.equal(vocabularyOf('ClusterFileSystem: ServerFileSystem domain root10_domain is no longer served'), FAILURE_VOCABULARY);
  for (const chatter of [
    'Successfully imported user-defined logging config from logging_config.LOGGING_CONFIG',
    'Registering plugin',
    'metricsProvider.className is org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider',
    'waiting for Elasticsearch to be up (3/30)',
  ]) {
    t.equal(vocabularyOf(chatter), 0, chatter);
  }
  t.equal(vocabularyOf('errors: 0, warnings: 0'), FAILURE_VOCABULARY, 'a counter of failures keeps its line too: the vocabulary only keeps lines out of noise');
});

t.test('a word of failure beyond `warning` itself', async (t) => {
  t.equal(vocabularyBits('ZooKeeper client is disconnected. Waiting to reconnect') & FAILURE_BEYOND_WARNING, FAILURE_BEYOND_WARNING);
  t.equal(vocabularyBits('WARNING: --rest is specified without --httpinterface') & FAILURE_BEYOND_WARNING, 0, 'the level word alone');
  t.equal(vocabularyBits('WARNING: --rest is specified without --httpinterface') & FAILURE_VOCABULARY, FAILURE_VOCABULARY, 'still the failure vocabulary');
  t.equal(vocabularyOf('ZooKeeper client is disconnected'), FAILURE_VOCABULARY, 'vocabularyOf keeps its two bits');
});

t.test("a date or time alone and the tools' framing lines are artefacts; a line with words after them is not", async (t) => {
  for (const line of [
    '05/28/2024',
    '11:00:41 PM',
    ' 09:45:50.60 ',
    '2024-12-03 14:48:43.807\t',
    '-- Logs begin at Mon 2024-03-04 08:00:01 UTC, end at Tue 2024-03-05 09:12:44 UTC. --',
    '-- Journal begins at Mon 2024-03-04 08:00:01 UTC. --',
    '-- Boot 0a1b2c3d4e5f60718293a4b5c6d7e8f9 --',
    '-- Reboot --',
    '-- Subject: A start job for unit api.service has finished successfully',
    '-- Defined-By: systemd',
    // The catalog's text under -x explains the journal line above it (k3s 1545, heldout9, marks it noise).
    '-- Unit api.service has finished starting up.',
    '-- Unit k3s.service has failed.',
    '-- The result is failed.',
    "-- The process' exit code is 'exited' and its exit status is 1.",
    'Defaulted container "api" out of: api, istio-proxy, istio-init (init)',
    'lines 1-24/31 (END)',
  ]) {
    t.equal(chatterShape(line), ARTEFACT, line);
  }
  for (const line of [
    '1.2.3',
    '09:45:50.61 INFO  ==> Starting setup',
    'Defaulted to port 8080',
    '2024-03-04 08:00:01 api exited with code 1',
  ]) {
    t.equal(chatterShape(line) & ARTEFACT, 0, line);
  }
});

t.test('a pasted command is set aside; a command line that says it failed is not', async (t) => {
  t.equal(chatterShape('uvicorn --workers 1 --host 0.0.0.0 --port 8080 --lifespan on main:app'), PASTED_COMMAND);
  t.equal(chatterShape('➜  expresspress git:(master) npm start'), PASTED_COMMAND);
  t.not(chatterShape('certbot --nginx failed to install the certificate'), PASTED_COMMAND);
});

t.test("what the reporter left out, a program's usage text and more debug columns", async (t) => {
  // heldout15 quarkus-38481 and tini-130, heldout10 gunicorn-kamifaka-152.
  for (const line of ['<omitted for brevity>', '<stacktrace>', '<< repeat 118 times >>', '……']) t.equal(chatterShape(line), ARTEFACT, line);
  t.not(chatterShape('<--- Last few GCs --->'), ARTEFACT, "V8's heap report heads are not placeholders");
  // Plex's crash uploader prints its boost::program_options help when its command line is wrong (heldout16 plex-mediabox-72).
  t.equal(chatterShape('  --serverUuid arg      UUID of the server that crashed'), USAGE_TEXT);
  t.equal(chatterShape('  -c, --config FILE     Path to the configuration file'), USAGE_TEXT);
  t.equal(chatterShape('--initialize specified but the data directory has files in it.') & USAGE_TEXT, 0);
  t.ok(chatterShape('12:20PM TRC Closing updateChan channel channel=Done handler=PollNetMap') & DEBUG_TEXT, 'zerolog console');
  t.ok(
    chatterShape('2017-11-17 10:16:16 59700 -0500 - NY1SRV0005 - 19206/139799403362048 - celery/celery.bootsteps - 3004 - DEBUG - ^-- substep ok') & DEBUG_TEXT,
    "Python logging's level after a long logger column",
  );
  t.equal(chatterShape('2023-10-11 12:56:41,687 - synapse.replication.tcp.redis - 299 - INFO - sentinel - DBG mode') & DEBUG_TEXT, 0);
});
