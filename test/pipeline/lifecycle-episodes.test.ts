import t from 'tap';
import { classifierFromSources, createClassifier, ruleDirs } from '../../src/classify/create-classifier.js';
import { readRuleSources } from '../../src/classify/load-rules.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogRecord, PodIdentity, RawEntry } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { mergeCheckpoints, splitCheckpoint } from '../../src/state/merge-checkpoints.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';

// Lines as the real excerpts quote them (test/fixtures/real-world/*/heldout5-*): a pod's history
// decides what its boots, repeated failures and compose exits are (state/lifecycle-episodes.ts).

const POD: PodIdentity = { namespace: 'dev', pod: 'api-0', container: 'api' };

function setup(rules: string[] = []) {
  const config = loadConfig();
  const out: LogRecord[] = [];
  const now = { ms: Date.UTC(2024, 0, 1) };
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: rules.length > 0 ? classifierFromSources(config.pipeline.classify, [...readRuleSources(ruleDirs(config.pipeline.classify)), ...rules.map((text, i) => ({ file: `user-${i}.yaml`, text }))]) : createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: POD, clock: () => now.ms },
    (records) => out.push(...records),
  );
  const run = (text: string) => {
    pipeline.process(text.trim().split('\n').map((line): RawEntry => ({ line: line.trimStart(), streamKey: 'test' })));
    pipeline.flush();
    return out.filter((r) => !r.synthetic);
  };
  return { pipeline, out, run, now };
}

const line = (records: LogRecord[], text: string, nth = 0) => {
  const found = records.filter((r) => r.body.includes(text));
  if (found[nth] === undefined) throw new Error(`no record ${nth} with ${text}`);
  return found[nth];
};

t.test('a boot after a kill is a signal; the first boot stays context', async (t) => {
  // gunicorn PR 2419 (heldout5-gunicorn-pr2419-oom-sigkill-loop).
  const { run } = setup();
  const r = run(`
    [2020-09-12 05:37:48 +0000] [18] [INFO] Starting gunicorn 20.0.4
    [2020-09-12 05:37:48 +0000] [18] [INFO] Listening at: http://127.0.0.1:8000 (18)
    [2020-09-12 05:37:48 +0000] [21] [INFO] Booting worker with pid: 21
    [2020-09-12 05:37:52 +0000] [18] [ERROR] Worker (pid:21) was sent SIGKILL! Perhaps out of memory?
    [2020-09-12 05:37:52 +0000] [22] [INFO] Booting worker with pid: 22
    [2020-09-12 05:37:55 +0000] [18] [ERROR] Worker (pid:22) was sent SIGKILL! Perhaps out of memory?
    [2020-09-12 05:37:55 +0000] [23] [INFO] Booting worker with pid: 23`);
  const first = line(r, 'Booting worker with pid: 21');
  t.equal(first.event, 'boot');
  t.equal(first.relevance, 'context', 'a first boot with no failure before it');
  for (const pid of [22, 23]) {
    const b = line(r, `Booting worker with pid: ${pid}`);
    t.equal(b.event, 'boot');
    t.equal(b.relevance, 'signal', `boot of ${pid} after a kill`);
    t.match(b.reason, /^boot under 1 s after an out-of-memory kill: the pod is restarting what just failed/);
  }
});

t.test('boots after worker timeouts and kills (meinheld-flask#114), out of order by a second', async (t) => {
  const { run } = setup();
  const r = run(`
    [2022-12-17 14:33:48 +0000] [27] [INFO] Booting worker with pid: 27
    [2022-12-17 14:33:46 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:20)
    [2022-12-17 14:33:46 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:21)
    [2022-12-17 14:33:47 +0000] [1] [WARNING] Worker with pid 20 was terminated due to signal 9
    [2022-12-17 14:33:47 +0000] [1] [WARNING] Worker with pid 21 was terminated due to signal 9
    [2022-12-17 14:33:47 +0000] [24] [INFO] Booting worker with pid: 24
    [2022-12-17 14:33:48 +0000] [25] [INFO] Booting worker with pid: 25`);
  t.equal(line(r, 'pid: 27').relevance, 'context');
  t.equal(line(r, 'pid: 24').relevance, 'signal');
  t.equal(line(r, 'pid: 25').relevance, 'signal');
  t.equal(r.filter((x) => x.event === 'timeout').length, 2, 'two workers, two timeouts');
});

t.test('supervisord and pm2 respawns after an unexpected exit', async (t) => {
  // heldout5-logontracer-110-exit-status-2-loop-blank-lines.
  const s = setup().run(`
    2021-04-13 12:14:29,855 INFO success: logontracer entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)
    2021-04-13 12:14:30,450 INFO exited: logontracer (exit status 2; not expected)
    2021-04-13 12:14:31,453 INFO spawned: 'logontracer' with pid 1043
    2021-04-13 12:14:32,454 INFO success: logontracer entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)
    2021-04-13 12:14:33,124 INFO exited: logontracer (exit status 2; not expected)
    2021-04-13 12:14:34,127 INFO spawned: 'logontracer' with pid 1059
    2021-04-13 12:14:35,128 INFO success: logontracer entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)`);
  const running = s.filter((x) => /entered RUNNING state/.test(x.body));
  t.same(running.map((x) => x.event), ['boot', 'boot', 'boot'], 'the supervisord pack counts RUNNING as the boot');
  t.same(s.filter((x) => /spawned:/.test(x.body)).map((x) => x.event), [undefined, undefined], 'the spawn is no boot');
  t.equal(running[0]?.relevance, 'context', 'no start seen before the first exit: the first boot seen');
  t.equal(running[1]?.relevance, 'signal', 'started, exited, started again: a loop');
  t.match(running[1]?.reason, /^boot 2 s after an unexpected exit/);
  t.equal(running[2]?.relevance, 'signal');

  // heldout5-pm2-windows-service-20-unstable-restarts: pm2's date is not parsed as a time; the
  // transport's time (Fluent Bit's) dates the lines.
  const { pipeline, out } = setup();
  const feed = (iso: string, text: string) => pipeline.process([{ line: text, timeMs: Date.parse(iso), streamKey: 'pm2' }]);
  feed('2016-11-25T13:58:00Z', '2016-11-25 13:58:00: Starting execution sequence in -fork mode- for app name:TelecomProvider id:0');
  feed('2016-11-25T13:58:00Z', '2016-11-25 13:58:00: App name:TelecomProvider id:0 online');
  feed('2016-11-25T13:58:01Z', '2016-11-25 13:58:01: App [TelecomProvider] with id [0] and pid [12120], exited with code [1] via signal [SIGINT]');
  feed('2016-11-25T13:58:01Z', '2016-11-25 13:58:01: Starting execution sequence in -fork mode- for app name:TelecomProvider id:0');
  feed('2016-11-25T13:58:01Z', '2016-11-25 13:58:01: App name:TelecomProvider id:0 online');
  pipeline.flush();
  const boots = out.filter((x) => x.event === 'boot');
  t.equal(boots.length, 2);
  t.ok(boots.every((b) => / online$/.test(b.body)), 'pm2 boots on "online"');
  t.same(boots.map((b) => b.relevance), ['context', 'signal'], 'the first start, then the respawn 0 s after the exit');

  // The same lines replayed with no time at all: no way to tell a loop from hours apart.
  const r = setup().run(out.map((x) => x.body).join('\n'));
  t.same(r.filter((x) => x.event === 'boot').map((b) => b.relevance), ['context', 'context']);
});

t.test('respawns hours apart and routine recycling stay context', async (t) => {
  // php-fpm children SIGKILLed every few hours (heldout5-nextcloud-snap-2852), with a time the
  // transport gives (the php-fpm date is not parsed as a time today).
  const { pipeline, out } = setup();
  const feed = (iso: string, text: string) => pipeline.process([{ line: text, timeMs: Date.parse(iso), streamKey: 'fpm' }]);
  feed('2024-08-18T02:43:27Z', '[18-Aug-2024 02:43:27] NOTICE: [pool www] child 118112 started');
  feed('2024-08-18T02:43:39Z', '[18-Aug-2024 02:43:39] WARNING: [pool www] child 118112 exited on signal 9 (SIGKILL) after 12.605199 seconds from start');
  feed('2024-08-18T02:43:39Z', '[18-Aug-2024 02:43:39] NOTICE: [pool www] child 118176 started');
  feed('2024-08-18T09:38:40Z', '[18-Aug-2024 09:38:40] WARNING: [pool www] child 157861 exited on signal 9 (SIGKILL) after 13.036859 seconds from start');
  feed('2024-08-18T09:38:40Z', '[18-Aug-2024 09:38:40] NOTICE: [pool www] child 157925 started');
  pipeline.flush();
  t.equal(line(out, 'child 118176 started').relevance, 'signal', 'a child that lived 12 s, respawned: a loop');
  t.equal(line(out, 'child 157925 started').relevance, 'context', 'the next kill came 7 hours after the last start');

  // unicorn-worker-killer: SIGQUIT and the reap with exit 0 are routine (heldout3 convention).
  const u = setup().run(`
    I, [2018-06-01T19:13:19.179130 #303]  INFO -- : worker=0 ready
    W, [2018-06-01T19:14:19.100000 #303]  WARN -- : #<Unicorn::HttpServer:0x0000> send SIGQUIT (pid: 303) alive: 60 sec (trial 1)
    I, [2018-06-01T19:14:19.300000 #12]  INFO -- : reaped #<Process::Status: pid 303 exit 0> worker=0
    I, [2018-06-01T19:14:19.400000 #318]  INFO -- : worker=0 ready`);
  const boots = u.filter((x) => x.event === 'boot');
  t.equal(boots.length, 2);
  t.same(boots.map((b) => b.relevance), ['context', 'context'], 'a recycled worker is not a failure');
});

t.test('one boot per start: gunicorn with UvicornWorker announces the same worker twice', async (t) => {
  // heldout5-aiui-31-uvicorn-workers-healthy-start.
  const { run } = setup();
  const r = run(`
    [2023-06-13 04:18:33 +0000] [1] [INFO] Starting gunicorn 20.1.0
    [2023-06-13 04:18:33 +0000] [1] [INFO] Using worker: uvicorn.workers.UvicornWorker
    [2023-06-13 04:18:33 +0000] [7] [INFO] Booting worker with pid: 7
    [2023-06-13 04:18:33 +0000] [8] [INFO] Booting worker with pid: 8
    [2023-06-13 04:18:34 +0000] [8] [INFO] Started server process [8]
    [2023-06-13 04:18:34 +0000] [8] [INFO] Waiting for application startup.
    [2023-06-13 04:18:34 +0000] [7] [INFO] Started server process [7]
    [2023-06-13 04:18:34 +0000] [8] [INFO] Application startup complete.`);
  for (const pid of [7, 8]) {
    t.equal(line(r, `Booting worker with pid: ${pid}`).event, 'boot');
    const again = line(r, `Started server process [${pid}]`);
    t.equal(again.event, undefined, `uvicorn's line for worker ${pid} carries no second boot`);
    t.equal(again.relevance, 'context');
    t.match(again.reason, /same start/);
  }
});

t.test('one boot per start never merges two real starts of the same pid number', async (t) => {
  // A container restarted twice: its worker is pid 8 each time (the same line: a new start).
  const { run } = setup();
  const r = run(`
    [2023-06-13 04:18:33 +0000] [8] [INFO] Booting worker with pid: 8
    [2023-06-13 04:18:34 +0000] [8] [INFO] Started server process [8]
    [2023-06-13 04:18:50 +0000] [8] [INFO] Booting worker with pid: 8
    [2023-06-13 04:18:51 +0000] [8] [INFO] Started server process [8]
    [2023-06-13 09:40:00 +0000] [8] [INFO] Started server process [8]`);
  const boots = r.filter((x) => x.event === 'boot');
  t.same(boots.map((b) => b.body.slice(-30)), [
    '[INFO] Booting worker with pid: 8',
    '[INFO] Booting worker with pid: 8',
    '[INFO] Started server process [8]',
  ].map((s) => s.slice(-30)), 'two Booting lines are two starts; a start hours later is a start');
  // A worker killed between its two announcements: the second is a new start.
  const k = setup().run(`
    [2023-06-13 04:18:33 +0000] [9] [INFO] Booting worker with pid: 9
    [2023-06-13 04:18:34 +0000] [1] [WARNING] Worker with pid 9 was terminated due to signal 9
    [2023-06-13 04:18:35 +0000] [9] [INFO] Started server process [9]`);
  t.equal(k.filter((x) => x.event === 'boot').length, 2);
});

t.test('one event per failure instance: harakiri repeated on one stuck pid', async (t) => {
  // uWSGI 1.x wording (heldout5-uwsgi-pr33-syslog-repeated-harakiri), with a rule for it as a
  // user's pack would have one (the shipped uwsgi pack knows the `try: N` wording).
  const rule = `pack: old-uwsgi
description: uWSGI 1.x harakiri wording (master_utils.c before try counts)
rules:
  - id: old-uwsgi.harakiri
    match: '\\*\\*\\* HARAKIRI ON WORKER \\d+ \\(pid: \\d+\\) \\*\\*\\*'
    relevance: signal
    score: 90
    event: timeout
    reason: harakiri
`;
  const { run } = setup([rule]);
  const r = run(`
    Oct 25 08:33:55 localhost app: *** HARAKIRI ON WORKER 4 (pid: 10469) ***
    Oct 25 08:33:57 localhost app: *** HARAKIRI ON WORKER 4 (pid: 10469) ***
    Oct 25 08:33:59 localhost app: *** HARAKIRI ON WORKER 4 (pid: 10469) ***
    Oct 25 08:34:05 localhost app: *** HARAKIRI ON WORKER 3 (pid: 10468) ***
    Oct 25 08:34:50 localhost app: *** HARAKIRI ON WORKER 4 (pid: 10469) ***`);
  const h = r.filter((x) => x.body.includes('HARAKIRI ON'));
  t.same(h.map((x) => x.event ?? '-'), ['timeout', '-', '-', 'timeout', '-'], 'the first report of each pid carries the event; the window slides');
  t.same(h.map((x) => x.relevance), ['signal', 'signal', 'signal', 'signal', 'signal'], 'repeats stay signals');
  t.match(h[1].reason, /same failure of pid 10469 reported again/);

  // Another worker's timeout is another failure, and so is the same pid after a new boot.
  const g = setup().run(`
    [2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9)
    [2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:10)
    [2023-03-15 09:42:38 +0900] [9] [INFO] Booting worker with pid: 9
    [2023-03-15 09:42:50 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9)`);
  t.equal(g.filter((x) => x.event === 'timeout').length, 3);
});

t.test('compose exits: routine after a requested stop, a signal in the middle of a run', async (t) => {
  // lftraining/devops-repo#3: the service stopped on its own while compose ran it.
  const j = setup().run(`
    jenkins-1  | 2025-05-20 20:19:05.233+0000 [id=34]       INFO    hudson.lifecycle.Lifecycle#onReady: Jenkins is fully up and running
    jenkins-1 exited with code 0
    jenkins-1  | Running from: /usr/share/jenkins/jenkins.war`);
  const exit = line(j, 'exited with code 0');
  t.equal(exit.event, 'exit');
  t.equal(exit.relevance, 'signal');
  t.match(exit.reason, /no stop was asked for/);

  // Kludex/uvicorn#364: Ctrl+C, then compose stops the containers.
  const u = setup().run(`
    Attaching to test_the_whole_web_1, test_the_whole_nginx_1
    web_1    | INFO:     Started server process [10]
    ^CGracefully stopping... (press Ctrl+C again to force)
    Stopping test_the_whole_nginx_1   ... done
    Stopping test_the_whole_web_1     ... done
    test_the_whole_web_1 exited with code 0`);
  t.equal(line(u, 'Gracefully stopping').relevance, 'context');
  for (const name of ['nginx', 'web']) {
    const s = line(u, `Stopping test_the_whole_${name}_1`);
    t.equal(s.event, 'exit');
    t.equal(s.relevance, 'context');
  }
  const after = line(u, 'exited with code 0');
  t.equal(after.event, 'exit');
  t.equal(after.relevance, 'context', 'exit 0 after the stop asked for');
  t.match(after.reason, /after a requested stop/);
});

t.test('the episodes survive a checkpoint, also split over workers and merged back', async (t) => {
  const a = setup();
  a.run(`
    [2020-09-12 05:37:48 +0000] [21] [INFO] Booting worker with pid: 21
    [2020-09-12 05:37:52 +0000] [18] [ERROR] Worker (pid:21) was sent SIGKILL! Perhaps out of memory?`);
  const cp = a.pipeline.checkpoint(a.now.ms);
  t.equal(cp.episodes?.length, 1);
  const parts = splitCheckpoint(JSON.parse(JSON.stringify(cp)), 2, () => 1);
  const merged = mergeCheckpoints(parts as typeof cp[]);
  t.same(merged.episodes, cp.episodes);
  const b = setup();
  b.pipeline.restore(parts[1], b.now.ms);
  const r = b.run('[2020-09-12 05:37:52 +0000] [22] [INFO] Booting worker with pid: 22');
  t.equal(line(r, 'pid: 22').relevance, 'signal', 'the kill before the restore still counts');
  const c = setup();
  c.pipeline.restore(parts[0], c.now.ms);
  t.equal(line(c.run('[2020-09-12 05:37:52 +0000] [22] [INFO] Booting worker with pid: 22'), 'pid: 22').relevance, 'context', 'a worker without the pod has no history');
});

t.test("a failed service's end told twice (its exit, then systemd's Stopped) is one exit; a requested stop's lines are not merged", async (t) => {
  // heldout9-systemd-29348 (samba-ad-dc): the main process fails, systemd stops and restarts it.
  const r = setup().run(`
    Sep 27 16:30:18 iserv systemd[1]: samba-ad-dc.service: Main process exited, code=exited, status=127/n/a
    Sep 27 16:30:18 iserv systemd[1]: samba-ad-dc.service: Failed with result 'exit-code'.
    Sep 27 16:30:18 iserv systemd[1]: Stopped Samba AD DC.
    Sep 27 16:30:18 iserv systemd[1]: Starting samba-ad-dc.service...
    Sep 27 16:30:18 iserv systemd[1]: Started samba-ad-dc.service.
    Sep 27 16:31:07 iserv systemd[1]: Stopping samba-ad-dc.service...`);
  t.equal(line(r, 'Main process exited').event, 'exit');
  const stopped = line(r, 'Stopped Samba');
  t.equal(stopped.event, undefined, 'the same end told again');
  t.match(stopped.reason, /^the end counted on the exit under 1 s before, told again/);
  t.equal(stopped.relevance, 'context');
  t.equal(line(r, 'Started samba').event, 'boot');
  t.equal(line(r, 'Stopping samba').event, 'exit', 'a new stop after the start');
  // heldout4-soulseek-docker-55: supervisord's shutdown is one end, counted on the signal it
  // received (heldout8's suggestarr-11); the programs it stops in turn are that shutdown's lines.
  const s = setup().run(`
    2022-10-08 14:42:10,500 WARN received SIGTERM indicating exit request
    2022-10-08 14:42:10,680 INFO stopped: novnc (exit status 143)
    2022-10-08 14:42:10,727 INFO stopped: openbox (exit status 0)
    2022-10-08 14:42:10,817 INFO stopped: tigervnc (exit status 0)`);
  t.equal(s.filter((x) => x.event === 'exit').length, 1);
  t.equal(line(s, 'received SIGTERM').event, 'exit', 'on the first line of the shutdown');
  t.match(line(s, 'stopped: openbox').reason, /told again/);
});

t.test('an unexpected exit after a crash record is the same death; after a start it counts again', async (t) => {
  // heldout9-couchdb-planet-1645: the VM's epitaph, then compose's exit line for the container.
  const r = setup().run(`
    {"Kernel pid terminated",application_controller,"{application_terminated,couch_log,shutdown}"}
    planet_couchdb_1 exited with code 1
    [info] 2020-01-06T19:02:44.584000Z couchdb@localhost <0.9.0> -------- Apache CouchDB has started on http://0.0.0.0:5984/
    planet_couchdb_1 exited with code 1`);
  t.equal(line(r, 'Kernel pid terminated').event, 'crash');
  t.equal(line(r, 'exited with code 1', 0).event, undefined, 'the crash told again by compose');
  t.equal(line(r, 'exited with code 1', 0).relevance, 'signal', 'still a signal');
  t.equal(line(r, 'exited with code 1', 1).event, 'exit', 'a start came between: a new end');
});

t.test("a watchdog's forced stop after a timeout is the end the timeout did not count", async (t) => {
  // heldout16 minecraft forge-2367: the hang, then the watchdog stops the server in the same second.
  const r = setup().run(`
    [23:28:04] [Server thread/INFO]: Done (10.520s)! For help, type "help" or "?"
    [23:28:04] [Server Watchdog/FATAL]: A single server tick took 71.62 seconds (should be max 0.05)
    [23:28:04] [Server Watchdog/FATAL]: Considering it to be crashed, server will forcibly shutdown.`);
  t.equal(line(r, 'A single server tick').event, 'timeout');
  t.equal(line(r, 'Considering it to be crashed').event, 'exit', 'a hang is no end: the stop that ends it counts');
});

t.test('unexpected exits of several programs in turn each count (supervisord)', async (t) => {
  // heldout9-supervisord-supervisor-973: two programs, each spawned and exiting.
  const r = setup().run(`
    2017-08-04 14:50:57,345 INFO spawned: 'vsd' with pid 74580
    2017-08-04 14:50:57,566 INFO exited: vsd (exit status 134; not expected)
    2017-08-04 14:50:58,569 INFO spawned: 'mock' with pid 74608
    2017-08-04 14:50:58,612 INFO exited: mock (exit status 1; not expected)
    2017-08-04 14:51:00,078 INFO exited: vsd (exit status 134; not expected)`);
  t.equal(r.filter((x) => x.event === 'exit').length, 3);
});

t.test('a restart told twice in two wordings counts once; the same wording again is another', async (t) => {
  // heldout9-systemd-1970 (hold-off, then the restart job); heldout9-couchdb-dbperuser-12.
  const twice = setup().run(`
    nov 20 12:15:50 cfdev02 systemd[1]: conntrackd.service: Watchdog timeout (limit 10s)!
    nov 20 12:15:50 cfdev02 systemd[1]: conntrackd.service: Service hold-off time over, scheduling restart.
    nov 20 12:15:50 cfdev02 systemd[1]: conntrackd.service: Scheduled restart job.
    nov 20 12:15:50 cfdev02 systemd[1]: Stopped Conntrack Daemon.`);
  t.equal(line(twice, 'Watchdog timeout').event, 'timeout');
  t.equal(line(twice, 'hold-off time over').event, 'restart');
  t.equal(line(twice, 'Scheduled restart job').event, undefined);
  t.equal(line(twice, 'Stopped Conntrack').event, undefined, "the restart's stop, not a stop of its own");
  const again = setup().run(`
    [Tue, 22 Nov 2016 12:27:48 GMT] [info] [<0.35.0>] Apache CouchDB has started on http://0.0.0.0:5984/
    [Tue, 22 Nov 2016 12:27:49 GMT] [info] [<0.139.0>] Daemon "provision" is being rebooted after exit_status 8
    [Tue, 22 Nov 2016 12:27:50 GMT] [info] [<0.139.0>] Daemon "provision" is being rebooted after exit_status 8`);
  t.equal(again.filter((x) => x.event === 'restart').length, 2);
});

t.test("a Go logger's fatal line is the process's death; compose's exit line after it is the same death", async (t) => {
  // heldout9-k3s-1545 (logrus level=fatal), heldout9-flannel (klog F line), zap's JSON.
  const r = setup().run(`
    time="2020-03-16T03:31:09.685756903-07:00" level=fatal msg="starting kubernetes: preparing server: start cluster and https: raft_start(): io: closed segment"
    F0609 01:26:47.775151       1 main.go:291] Error registering network: failed to acquire lease: node "n1" pod cidr not assigned
    {"level":"fatal","ts":1589000000.1,"caller":"main.go:50","msg":"failed to start","error":"bind: address already in use"}
    api_1 exited with code 1
    {"level":"FATAL","logger":"com.acme.App","message":"cannot load the plug-in, going on without it"}`);
  const fatal = line(r, 'level=fatal');
  t.equal(fatal.event, 'crash');
  t.match(fatal.reason, /exits the process at its fatal level/);
  t.equal(line(r, 'F0609').event, 'crash', 'klog Fatal');
  t.equal(line(r, '"level":"fatal"').event, 'crash', 'zap Fatal');
  t.equal(line(r, 'exited with code 1').event, undefined, 'compose tells the same death');
  t.equal(line(r, 'exited with code 1').relevance, 'signal');
  t.equal(line(r, '"level":"FATAL"').event, undefined, "log4j's FATAL does not end the process");
});

t.test("systemd's reports of one OOM kill are one oom, whichever of them the journal excerpt starts with", async (t) => {
  // heldout13-synapse-13901 (journal of an OOM-killed unit) and heldout16-photoprism-4481 (the unit's result alone).
  const r = setup().run(`
    Sep 26 14:27:29 nether2 systemd[1]: matrix-synapse.service: A process of this unit has been killed by the OOM killer.
    Sep 26 14:27:30 nether2 systemd[1]: matrix-synapse.service: Main process exited, code=killed, status=9/KILL
    Sep 26 14:27:30 nether2 systemd[1]: matrix-synapse.service: Failed with result 'oom-kill'.
    Sep 26 14:27:33 nether2 systemd[1]: matrix-synapse.service: Scheduled restart job, restart counter is at 15.`);
  t.equal(line(r, 'killed by the OOM killer').event, 'oom');
  t.equal(line(r, 'status=9/KILL').event, undefined, 'the main process exit reports the same kill');
  t.equal(line(r, "result 'oom-kill'").event, undefined, "the unit's result reports it again");
  t.equal(line(r, "result 'oom-kill'").relevance, 'signal');
  t.equal(line(r, 'Scheduled restart job').event, 'restart');
  const alone = setup().run(`
    Aug 25 10:41:55 photoprism systemd[1]: photoprism.service: Failed with result 'oom-kill'.`);
  t.equal(line(alone, "result 'oom-kill'").event, 'oom', 'alone, the report is the kill');
});
