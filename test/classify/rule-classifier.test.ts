import t from 'tap';
import { RuleClassifier } from '../../src/classify/rule-classifier.js';
import { compilePack } from '../../src/classify/load-rules.js';
import { Severity } from '../../src/model/severity.js';
import { TemplateCache } from '../../src/template/template-cache.js';

const rules = compilePack(
  `pack: test
description: test
rules:
  - id: test.boot
    match: 'Booting worker'
    relevance: context
    score: 40
    event: boot
`,
  'test.yaml',
);

function setup(repeatThreshold = 5) {
  const classifier = new RuleClassifier(rules, { repeatWindowMs: 60_000, repeatThreshold });
  const cache = new TemplateCache(1000);
  return (message: string, severity: number, timeMs = 0, kind = 'single') =>
    classifier.classify(cache.get(message), message, severity, kind, timeMs);
}

t.test('without a rule, relevance follows severity', async (t) => {
  const classify = setup();
  classify('disk almost full 1', Severity.WARN); // first sighting raises; see below
  t.equal(classify('disk almost full 2', Severity.WARN).relevance, 'context');
  t.equal(classify('request served 1', Severity.INFO).relevance, 'context');
  classify('db down 1', Severity.ERROR);
  t.equal(classify('db down 2', Severity.ERROR).relevance, 'signal');
  t.equal(classify('cache probe 1', Severity.DEBUG).relevance, 'noise');
  t.equal(classify('Traceback (most recent call last):', 0, 0, 'python-traceback').relevance, 'signal');
});

t.test('a template at WARN or above seen for the first time is a signal', async (t) => {
  const classify = setup();
  const first = classify('queue depth high id=1', Severity.WARN);
  t.equal(first.relevance, 'signal');
  t.equal(first.rule, 'builtin.first-seen');
  t.equal(classify('queue depth high id=2', Severity.WARN).relevance, 'context', 'a warning that says nothing failed');
  t.equal(classify('an info line 1', Severity.INFO).rule, 'builtin.severity', 'INFO is not raised');
});

t.test('a template repeating past the rate at WARN or below becomes noise; errors do not', async (t) => {
  const classify = setup(5);
  const seen = [];
  for (let i = 0; i < 8; i++) seen.push(classify(`cache refresh attempt ${i}`, Severity.WARN, i * 1000).relevance);
  t.same(seen, ['signal', 'context', 'context', 'context', 'context', 'noise', 'noise', 'noise']);
  t.equal(classify('cache refresh attempt 9', Severity.WARN, 200_000).relevance, 'context', 'a new window starts over');
  const errors = [];
  for (let i = 0; i < 8; i++) errors.push(classify(`query failed ${i}`, Severity.ERROR, i).relevance);
  t.notOk(errors.includes('noise'));
});

t.test('a WARN line seen before is a signal when it is a stack frame or says something failed, until it floods', async (t) => {
  const classify = setup(5);
  // celery's header on each traceback line (heldout9 celery): every frame at WARNING, one template.
  const frame = (n: number) => `File "/venv/lib/python3.7/site-packages/kombu/connection.py", line ${n}, in drain_events`;
  t.equal(classify(frame(1), Severity.WARN, 0).rule, 'builtin.first-seen');
  const again = classify(frame(2), Severity.WARN, 1);
  t.equal(again.relevance, 'signal');
  t.equal(again.rule, 'builtin.frame');
  // Consul's `[WARN] memberlist: Failed to resolve` (heldout8 consul), Thanos' level=warn `failed to get flags`.
  classify('memberlist: Failed to resolve consul-server-1: lookup consul-server-1 on 10.0.0.10:53: no such host', Severity.WARN, 0);
  const failed = classify('memberlist: Failed to resolve consul-server-2: lookup consul-server-2 on 10.0.0.10:53: no such host', Severity.WARN, 1);
  t.equal(failed.relevance, 'signal');
  t.equal(failed.rule, 'builtin.failure-words');
  // Pulsar's ZooKeeper session watcher (heldout9 pulsar): a word of failure beyond the level.
  classify('ZooKeeper client is disconnected. Waiting to reconnect, time remaining = 22 seconds', Severity.WARN, 0);
  t.equal(classify('ZooKeeper client is disconnected. Waiting to reconnect, time remaining = 20 seconds', Severity.WARN, 1).relevance, 'signal');
  classify('WARNING: --rest is specified without --httpinterface', Severity.WARN, 0);
  t.equal(classify('WARNING: --rest is specified without --httpinterface', Severity.WARN, 1).relevance, 'context', 'the level word is no failure');
  classify('slow query took 1200 ms', Severity.WARN, 0);
  t.equal(classify('slow query took 1300 ms', Severity.WARN, 1).relevance, 'context', 'a warning that says nothing failed stays context');
  const flood = [];
  for (let i = 0; i < 8; i++) flood.push(classify(`upload failed for chunk ${i}`, Severity.WARN, 10_000 + i).relevance);
  t.same(flood, ['signal', 'signal', 'signal', 'signal', 'signal', 'noise', 'noise', 'noise'], 'past the rate a repeated warning is a flood');
});

t.test('a rule bound to a kind of record decides that kind only, whichever kind met the shape first', async (t) => {
  const bound = compilePack(
    `pack: go
description: test
rules:
  - id: go.panic
    kind: go-panic
    match: '.*'
    relevance: signal
    score: 95
    event: crash
`,
    'go.yaml',
  );
  const classifier = new RuleClassifier(bound, { repeatWindowMs: 60_000, repeatThreshold: 5 });
  const cache = new TemplateCache(1000);
  // CockroachDB logs the panic's message at ERROR, then panics with it (heldout9 cockroachdb).
  const message = '[group 903] entries[1:632) is unavailable from storage';
  const logged = classifier.classify(cache.get(message), message, Severity.ERROR, 'single', 0);
  t.not(logged.rule, 'go.panic', 'the ERROR line is no panic');
  const panic = classifier.classify(cache.get(message), message, Severity.FATAL, 'go-panic', 1);
  t.equal(panic.rule, 'go.panic');
  t.equal(panic.event, 'crash');
  t.not(classifier.classify(cache.get(message), message, Severity.ERROR, 'single', 2).rule, 'go.panic', 'nor after it');
});

t.test('a rule decides and carries its event, whatever the severity', async (t) => {
  const classify = setup(1);
  for (let i = 0; i < 5; i++) {
    const c = classify(`Booting worker with pid: ${i}`, Severity.INFO, i);
    t.equal(c.rule, 'test.boot');
    t.equal(c.event, 'boot');
  }
});

t.test("a traceback's exception line is decided by a rule only when that rule gives it an event", async (t) => {
  const exceptionRules = compilePack(
    `pack: exc
description: exception lines
priority: -3
rules:
  - id: exc.lifespan
    match: 'LifespanFailureError: '
    relevance: signal
    score: 90
    event: crash
  - id: exc.noted
    match: 'KeyError: '
    relevance: signal
    score: 60
`,
    'exc.yaml',
  );
  const classifier = new RuleClassifier(exceptionRules, { repeatWindowMs: 60_000, repeatThreshold: 5 });
  const cache = new TemplateCache(100);
  const exc = (line: string) => classifier.classifyException(cache.get(line), line);
  t.match(exc("hypercorn.utils.LifespanFailureError: Lifespan failure in startup. 'no db'"), { rule: 'exc.lifespan', event: 'crash', pack: 'exc', fallback: true });
  t.equal(exc("KeyError: 'DATABASE_URL'"), undefined, 'a rule without an event leaves the traceback as it is');
  t.equal(exc('ValueError: bad'), undefined, 'no rule');
  const entry = cache.get("hypercorn.utils.LifespanFailureError: Lifespan failure in startup. 'x'");
  t.equal(entry.cluster.seen, 0, 'repetition is counted on the traceback, not on its exception line');
});

t.test('a template that merges shapes keeps each shape its own rule decision', async (t) => {
  const pack = compilePack(
    `pack: exact
description: rules that tell apart values a template generalises
rules:
  - id: exact.admin-login
    match: 'Invalid user admin '
    relevance: signal
    score: 90
`,
    'exact.yaml',
  );
  const classifier = new RuleClassifier(pack, { repeatWindowMs: 60_000, repeatThreshold: 100 });
  const cache = new TemplateCache(1000);
  const lines = ['Invalid user test from 10.0.0.7', 'Invalid user admin from 10.0.0.8', 'Invalid user oracle from 10.0.0.9', 'Invalid user admin from 10.0.0.1'];
  const out = lines.map((m) => {
    const entry = cache.get(m);
    return { id: entry.cluster.id, rule: classifier.classify(entry, m, Severity.INFO, 'single', 0).rule };
  });
  t.equal(new Set(out.map((o) => o.id)).size, 1, 'one template');
  t.same(out.map((o) => o.rule), ['builtin.severity', 'exact.admin-login', 'builtin.severity', 'exact.admin-login']);
});

t.test('without a rule or a level, the words decide: a crash or a failure is a signal', async (t) => {
  const classify = setup(5);
  // phusion/passenger#221, owasp-modsecurity/ModSecurity#2769 (kernel), k8sgpt-ai/k8sgpt#792.
  const abort = classify('[8781:ApplicationPoolClientServer.h:394] Cannot send a file descriptor: Broken pipe (32) --- aborting!', 0);
  t.match(abort, { relevance: 'signal', rule: 'builtin.failure-words', severityNumber: 0 });
  t.equal(classify('nginx[101475]: segfault at 0 ip 00007ff453910b67 sp 00007ffda0306a40 error 4 in libmodsecurity.so', 0).relevance, 'signal');
  for (let i = 0; i < 3; i++) {
    t.equal(classify(`- Error: back-off 5m0s restarting failed container=opa pod=opa-${i}`, 0).relevance, 'signal', 'every time, not only the first');
  }
  // Negated or counted: not a failure.
  t.equal(classify('migrations applied with no error', 0).rule, 'builtin.severity');
  t.equal(classify('tests: 12 passed, 0 failed', 0).rule, 'builtin.severity');
  t.equal(classify('errors: 0, warnings: 2', 0).rule, 'builtin.severity');
  t.equal(classify('listening on port 8080', 0).relevance, 'context');
  // A line with a level is decided by its level, as before.
  t.equal(classify('request failed, retrying 1', Severity.INFO).relevance, 'context');
  // A failure line repeating past the rate is noise, as a WARN line is.
  const seen = [];
  for (let i = 0; i < 8; i++) seen.push(classify(`health check failed for backend ${i}`, 0, i * 1000).relevance);
  t.same(seen, ['signal', 'signal', 'signal', 'signal', 'signal', 'noise', 'noise', 'noise']);
  // Crash words are never demoted.
  const crashes = [];
  for (let i = 0; i < 8; i++) crashes.push(classify(`worker ${i} core dumped`, 0, i).relevance);
  t.notOk(crashes.includes('noise'));
});

t.test('HTTP statuses share a template, and a rule on one status still decides only that status', async (t) => {
  const pack = compilePack(
    `pack: status
description: a rule on one HTTP status
rules:
  - id: status.server-error
    match: 'status: 5\\d\\d '
    relevance: signal
    score: 80
`,
    'status.yaml',
  );
  const classifier = new RuleClassifier(pack, { repeatWindowMs: 60_000, repeatThreshold: 100 });
  const cache = new TemplateCache(1000);
  const lines = [
    '10.0.0.1 "GET /v2/servers/detail HTTP/1.1" status: 200 len: 2204 time: 0.1832046',
    '10.0.0.2 "GET /v2/servers/9 HTTP/1.1" status: 503 len: 176 time: 0.0010660',
    '10.0.0.3 "GET /v2/flavors HTTP/1.1" status: 404 len: 176 time: 0.0020660',
    '10.0.0.1 "GET /v2/servers/detail HTTP/1.1" status: 200 len: 2204 time: 0.1832046',
  ];
  const out = lines.map((m) => {
    const entry = cache.get(m);
    return { id: entry.cluster.id, text: entry.cluster.text, rule: classifier.classify(entry, m, Severity.INFO, 'single', 0).rule };
  });
  t.equal(new Set(out.map((o) => o.id)).size, 1, 'one template for every status');
  t.match(out[3].text, /status: <\*> len:/);
  // The 404 is read per line as a failed request; the healthy request again is chatter.
  t.same(out.map((o) => o.rule), ['builtin.severity', 'status.server-error', 'builtin.severity', 'builtin.chatter']);
});

t.test('a kept number shares a template across values only where no rule tells them apart', async (t) => {
  const pack = compilePack(
    `pack: kept
description: rules keyed on numbers kept for their meaning
rules:
  - id: kept.sigkill
    match: 'terminated due to signal 9$'
    relevance: signal
    score: 90
    event: kill
  - id: kept.sigterm
    match: 'terminated due to signal 15$'
    relevance: context
    score: 40
  - id: kept.exit-137
    match: 'exited with code 137$'
    relevance: signal
    score: 90
    event: kill
  - id: kept.server-error
    match: 'HTTP/1\\.1" 5\\d\\d '
    relevance: signal
    score: 70
`,
    'kept.yaml',
  );
  const classifier = new RuleClassifier(pack, { repeatWindowMs: 60_000, repeatThreshold: 100 });
  const cache = new TemplateCache(1000);
  const decide = (m: string) => {
    const entry = cache.get(m, 'single', classifier);
    return { entry, id: entry.cluster.id, rule: classifier.classify(entry, m, Severity.INFO, 'single', 0).rule };
  };
  const kill = decide('Worker with pid 9 was terminated due to signal 9');
  t.equal(kill.entry.ruleIndex, 0, 'decided once, while the shape was placed');
  const term = decide('Worker with pid 12 was terminated due to signal 15');
  t.not(term.id, kill.id, 'signal 9 and signal 15: two rules, two templates');
  t.same([kill.rule, term.rule, decide('Worker with pid 13 was terminated due to signal 9').rule], ['kept.sigkill', 'kept.sigterm', 'kept.sigkill']);
  t.equal(decide('Worker with pid 14 was terminated due to signal 9').id, kill.id);

  const oom = decide('worker 812 exited with code 137');
  const clean = decide('worker 813 exited with code 0');
  const failed = decide('worker 814 exited with code 1');
  t.not(oom.id, clean.id, 'exit code 137 has a rule of its own');
  t.not(failed.id, clean.id, 'exit codes 0 and 1: a non-zero exit is a failure in words (failure-words.ts), a template of its own');
  t.same([oom.rule, clean.rule, failed.rule], ['kept.exit-137', 'builtin.severity', 'builtin.severity']);
  t.equal(decide('worker 815 exited with code 137').id, oom.id);

  const access = (status: string) => `10.0.0.7 - - [15/Mar/2023:09:42:38 +0000] "GET /healthz HTTP/1.1" ${status} 512 "-" "kube-probe/1.29"`;
  const ok = decide(access('200'));
  const missing = decide(access('404'));
  const down = decide(access('503'));
  const broken = decide(access('500'));
  t.equal(missing.id, ok.id, '2xx and 4xx: one template');
  t.equal(broken.id, down.id, 'the 5xx the rule keys on: one template of their own');
  t.not(down.id, ok.id);
  t.same([ok.rule, missing.rule, down.rule, broken.rule], ['builtin.severity', 'builtin.severity', 'kept.server-error', 'kept.server-error']);
});

t.test('after a rule reload, a kept number decided otherwise starts a template of its own', async (t) => {
  const before = new RuleClassifier([], { repeatWindowMs: 60_000, repeatThreshold: 100 });
  const after = new RuleClassifier(
    compilePack(
      `pack: reload
description: a rule added by the reload
rules:
  - id: reload.bad-gateway
    match: 'status code 502$'
    relevance: signal
    score: 70
`,
      'reload.yaml',
    ),
    { repeatWindowMs: 60_000, repeatThreshold: 100 },
  );
  const cache = new TemplateCache(1000);
  const proxy = (code: number) => `example.org:443 error : Could not connect through proxy proxy.example.net:3128 - Proxy server cannot establish a connection with the target, status code ${code}`;
  const first = cache.get(proxy(403), 'single', before).cluster;
  t.equal(cache.get(proxy(503), 'single', before).cluster, first);
  cache.forgetRuleDecisions();
  const gateway = cache.get(proxy(502), 'single', after);
  t.not(gateway.cluster.id, first.id, 'the new rule tells 502 apart');
  t.equal(after.classify(gateway, proxy(502), Severity.INFO, 'single', 0).rule, 'reload.bad-gateway');
  const again = cache.get(proxy(403), 'single', after);
  t.equal(again.cluster, first, 'a known shape keeps its template and id');
  t.equal(after.classify(again, proxy(403), Severity.INFO, 'single', 0).rule, 'builtin.severity');
  t.equal(cache.get(proxy(500), 'single', after).cluster.id, first.id, 'values decided as before join it');
});

t.test('a flood of kept-number shapes under many decisions keeps the template memory bounded', async (t) => {
  const pack = compilePack(
    `pack: flood
description: one rule per exit code, so every code is its own decision
rules:
${Array.from({ length: 20 }, (_, k) => `  - id: flood.code-${k}\n    match: 'exited with code ${k}$'\n    relevance: context\n    score: 40\n`).join('')}`,
    'flood.yaml',
  );
  const classifier = new RuleClassifier(pack, { repeatWindowMs: 60_000, repeatThreshold: 100 });
  const cache = new TemplateCache(150);
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
  let wrong = 0;
  for (let i = 0; i < 5000; i++) {
    const w = words[i % 10] + words[(i / 10 | 0) % 10] + words[(i / 100 | 0) % 10];
    const m = `${w} task ${w} exited with code ${i % 25}`;
    const rule = classifier.classify(cache.get(m, 'single', classifier), m, Severity.INFO, 'single', i).rule;
    if (rule !== (i % 25 < 20 ? `flood.code-${i % 25}` : 'builtin.severity')) wrong++;
  }
  t.equal(wrong, 0, 'every record decided by its own code');
  t.ok(cache.size <= 150, `shapes ${cache.size}`);
  t.ok(cache.clusterCount <= 150, `clusters ${cache.clusterCount}`);
});

t.test('the structural decision: a template no rule knows that recurs below WARN, saying nothing of failure or lifecycle, is chatter', async (t) => {
  const classify = setup(100);
  // airflow: each booting gunicorn worker re-imports the logging config (heldout6 docker-airflow-374).
  const line = 'Successfully imported user-defined logging config from logging_config.LOGGING_CONFIG';
  const first = classify(line, Severity.INFO, 0);
  t.equal(first.relevance, 'context', 'once, it is start-up detail');
  const again = classify(line, Severity.INFO, 40);
  t.equal(again.relevance, 'noise');
  t.equal(again.rule, 'builtin.chatter');
  t.match(again.reason, /same message came again within 10 min/);
  t.equal(classify(line, Severity.INFO, 40 + 11 * 60_000).relevance, 'context', 'not within the horizon: it tells of a new start');
  // CoreDNS built with debug prints: the same unleveled printout every minute (heldout6 coredns-6705).
  const ticks = [60_029, 120_030, 180_030].map((ms) => classify(`2024-05-27 15:40:37.837486874 +0800 CST m=+${ms / 1000}: tick called by 0xc0001908c0`, 0, ms).relevance);
  t.same(ticks, ['context', 'noise', 'noise']);
});

t.test('a line that comes again after a failure begins the next start: context, not chatter', async (t) => {
  const classify = setup(100);
  // docker-directus 20 (heldout13): the entrypoint's first line, a PHP fatal, then the container starts again.
  const start = 'Running autoconfig script...';
  t.equal(classify(start, 0, 0).relevance, 'context');
  t.equal(classify("Fatal error: require(): Failed opening required '/var/www/html/api/config.php'", 0, 1000).relevance, 'signal');
  const restart = classify(start, 0, 5000);
  t.equal(restart.relevance, 'context', 'after the crash: the next start');
  t.equal(classify(start, 0, 6000).rule, 'builtin.chatter', 'with nothing failing in between it is chatter again');
  // A FATAL-level line between two sightings counts as well (mailcow 2868, heldout16: MySQL's status line around doveconf's fatal).
  const status = 'Uptime: 139  Threads: 39  Questions: 573  Slow queries: 0';
  classify(status, 0, 10_000);
  classify('doveconf: Error in configuration file /usr/local/etc/dovecot/dovecot.conf line 23', Severity.FATAL, 11_000);
  t.equal(classify(status, 0, 70_000).relevance, 'context');
  // An error that ends nothing does not: routine chatter around a failing request stays chatter.
  const tick = 'cache refreshed for tenant acme';
  classify(tick, Severity.INFO, 100_000);
  classify('request to /api failed', Severity.ERROR, 101_000);
  t.equal(classify(tick, Severity.INFO, 102_000).rule, 'builtin.chatter');
});

t.test('words of failure or lifecycle, a frame, a failed request keep a recurring line out of chatter', async (t) => {
  const classify = setup(100);
  const twice = (message: string, severity = 0) => [classify(message, severity, 0), classify(message, severity, 1000)];
  // gunicorn's child_exit hook printing in a boot loop (heldout5 gunicorn-1937): lifecycle, never chatter.
  t.same(twice('child_exit 10').map((c) => c.relevance), ['context', 'context']);
  // An unknown server's start line at every boot of a loop.
  t.same(twice('myapp v1.2.0 listening on :8080', Severity.INFO).map((c) => c.relevance), ['context', 'context']);
  t.same(twice('Reading from client: Connection reset by peer', Severity.INFO).map((c) => c.relevance), ['context', 'context']);
  // A custom HAProxy log format: the status decides per line although the shape masks it (heldout5 haproxy-830).
  classify('2020-08-25T11:58:14 11.11.11.11:9080 200 POST /tsturl1 HTTP/1.1 0', 0, 0);
  t.equal(classify('2020-08-25T11:58:16 11.11.11.11:9080 404 POST /tsturl1 HTTP/1.1 0', 0, 10).relevance, 'context');
  t.equal(classify('2020-08-25T11:58:17 11.11.11.11:9080 200 POST /tsturl1 HTTP/1.1 0', 0, 20).relevance, 'noise', 'a healthy request again is chatter');
  // Go frames behind a syslog header grouping did not strip (heldout6 containerd-4161): a signal each time.
  const frames = twice('runtime.throw(0x55a567d772fa, 0x2a)');
  t.same(frames.map((c) => [c.relevance, c.rule]), [['signal', 'builtin.frame'], ['signal', 'builtin.frame']]);
  t.same(twice('    await receive()').map((c) => c.relevance), ['context', 'context'], 'an indented line continues something');
});

t.test('artefacts, shell traces and a debug level in the text are noise; failure words still win', async (t) => {
  const classify = setup(100);
  const echo = classify('^C', 0);
  t.equal(echo.relevance, 'noise');
  t.equal(echo.rule, 'builtin.artefact');
  t.equal(classify('0', 0).relevance, 'noise');
  t.equal(classify('-- Unit k3s.service has failed.', 0).rule, 'builtin.artefact', "journalctl's catalog text, though it says failed");
  t.equal(classify('.:53', 0).relevance, 'context');
  t.equal(classify('+ export ZOOCFGDIR', 0).rule, 'builtin.shell-trace');
  t.not(classify('+ mkdir /data/conf: Permission denied', 0).relevance, 'noise', 'a trace that says something failed is not set aside');
  const viewer = classify('2024-10-25T19:19:58\tDebug\tcaddy\t "debug","ts":"2024-10-25T19:19:58Z","logger":"layer4.handlers.proxy","msg":"dial upstream"', 0);
  t.equal(viewer.relevance, 'noise');
  t.equal(viewer.severityNumber, Severity.DEBUG, 'the level read from the text is the record severity');
  t.match(viewer.reason, /debug level, read from the line's own level field/);
  // dockerd's debug event for an OOM, in the middle of a kernel report (heldout6 moby-38613): marked signal.
  const oom = classify('time="2019-06-13T23:04:43.101748600Z" level=debug msg=event module=libcontainerd namespace=moby topic=/tasks/oom', 0);
  t.not(oom.relevance, 'noise');
});

t.test('a rule still decides a recurring line, and WARN and above are not chatter', async (t) => {
  const classify = setup(100);
  for (let i = 0; i < 3; i++) t.equal(classify('Booting worker with pid: 7', Severity.INFO, i).rule, 'test.boot');
  classify('disk usage above 80 percent', Severity.WARN, 0);
  t.equal(classify('disk usage above 80 percent', Severity.WARN, 10).relevance, 'context');
});

t.test("a pasted prompt and systemctl's status are read before their words", async (t) => {
  const classify = setup(5);
  // heldout7 excerpts: the command that printed the log, with a failure word in it.
  t.match(classify('$ kill -SIGTERM <pid>', 0), { relevance: 'noise', rule: 'builtin.pasted-command' });
  t.match(classify('[root@localhost downloads]# systemctl status jellyfin', 0), { relevance: 'noise', rule: 'builtin.pasted-command' });
  t.match(classify('  --serverUuid arg      UUID of the server that crashed', 0), { relevance: 'noise', rule: 'builtin.usage' }, 'usage text, though it says crashed');
  t.match(classify('     Active: failed (Result: exit-code) since Sun 2023-02-19 15:45:36 EST; 6s ago', 0), { relevance: 'signal', rule: 'builtin.unit-status' });
  t.match(classify('    Process: 39931 ExecStartPre=/usr/bin/env docker kill matrix-synapse (code=exited, status=1/FAILURE)', 0), { relevance: 'context', rule: 'builtin.unit-status' });
  t.match(classify('     Loaded: loaded (/etc/systemd/system/matrix-synapse.service; enabled; vendor preset: enabled)', 0), { relevance: 'noise', rule: 'builtin.unit-status' });
  t.match(classify('   Active: activating (auto-restart) (Result: exit-code) since Sun 2020-09-13 01:51:56 PDT; 9s ago', 0), { relevance: 'signal', event: 'restart', rule: 'builtin.unit-status' });
});

t.test('a child that died or was killed, a crash and a failing assertion are failure words', async (t) => {
  const classify = setup(5);
  // heldout7: zabbix's agent, bash's job report under bitnami's libos.sh, InnoDB, a Go runtime.
  t.equal(classify('One child process died (PID:15019,exitcode/signal:1). Exiting ...', 0).relevance, 'signal');
  t.equal(classify('/libos.sh: line 192:   186 Killed                  "${cmd[@]}" "${args[@]}"', 0).relevance, 'signal');
  t.match(classify('Got signal [signal:11(SIGSEGV),reason:1,refaddr:0x1000000000]. Crashing ...', 0), { relevance: 'signal', rule: 'builtin.failure-words' });
  t.match(classify('InnoDB: Failing assertion: ret', 0), { relevance: 'signal', rule: 'builtin.failure-words' });
  // A Kubernetes Normal event's plan is not a failure (dev k8s-47715).
  t.equal(classify('Pod sandbox changed, it will be killed and re-created.', 0).relevance, 'context');
  t.equal(classify('workers: 4 running, 0 killed', 0).relevance, 'context', 'a count of zero is no kill');
});

t.test('a process that dumped core or ended abnormally, and an operation that timed out, are failure words', async (t) => {
  const classify = setup(5);
  // systemd-coredump (src/coredump/coredump.c, v251+) under a journal prefix; rq's worker; systemd's start timeout.
  t.match(classify('Process 1379445 (python3) of user 0 dumped core.', 0), { relevance: 'signal', rule: 'builtin.failure-words' });
  t.match(classify('Process 1379445 (python3) of user 0 terminated abnormally with signal 4/ILL, processing...', 0), { relevance: 'signal', rule: 'builtin.failure-words' });
  t.match(classify('Moving job to FailedJobRegistry (Work-horse terminated unexpectedly; waitpid returned None)', 0), { relevance: 'signal' });
  t.match(classify('elasticsearch.service: Start operation timed out. Terminating.', 0), { relevance: 'signal', rule: 'builtin.failure-words' });
  t.equal(classify('worker exited normally', 0).relevance, 'context');
});

t.test('a debug line that says an error happened is context the first time, noise after', async (t) => {
  const classify = setup(5);
  // heldout7 nic-7622: the only trace of a failed version check, logged at DEBUG, then again.
  const first = classify('Unable to fetch version: error getting client: dial tcp 10.0.0.1:443: i/o timeout', Severity.DEBUG, 0);
  t.match(first, { relevance: 'context', rule: 'builtin.severity' });
  t.equal(classify('Unable to fetch version: error getting client: dial tcp 10.0.0.1:443: i/o timeout', Severity.DEBUG, 300).relevance, 'noise');
  t.equal(classify('received SIGCHLD', Severity.DEBUG, 0).relevance, 'noise', 'a signal name is not a failure');
  t.equal(classify('cluster ID not found, generating new', Severity.DEBUG, 0).relevance, 'noise');
});
