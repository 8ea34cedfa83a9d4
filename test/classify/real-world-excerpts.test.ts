import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogRecord } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { FIXTURES } from '../helpers/run-cli.js';

/*
 * Real log excerpts from public bug reports and documentation (test/fixtures/real-world/, origins
 * in test/fixtures/README.md), each with hand marks per line. A line takes the decision of the
 * record that holds it; an event counts on a record's first line. Lines marked signal or noise
 * must get that relevance, every event must match, and the few known gaps are listed with why:
 * a new miss fails, and so does a gap that has been closed (so the list stays true).
 */
const KNOWN_GAPS: Record<string, string> = {
  'generic/dev-bitnami-123-redis-banner.log:1':
    'a blank line behind a compose prefix whose name (container_name: redisdev) has no replica number: the prefix parser only takes uncoloured names that end in one, so the line is not seen as blank',
  'generic/dev-bitnami-123-redis-banner.log:6': 'as above',
  'go/dev-chaos-mesh-649-recovered.log:3': 'the issue wrapped a klog line; the wrapped tail stands alone',
  'jvm/dev-jlogstash-36-heap-dump.log:2': 'HeapDumpOnOutOfMemoryError prints the error before the exception: counted twice',
  'linux-oom/dev-k8s-50632-rhel7-killed.log:1': 'RHEL 7: the kill is counted on the "Kill process" line, which the excerpt lacks',
  'linux-oom/dev-k8s-50632-rhel7-killed.log:2': 'as above',
  'linux-oom/dev-k8s-50632-rhel7-killed.log:3': 'as above',
  'linux-oom/dev-k8s-50632-rhel7-killed.log:4': 'as above',
  'jvm/dev-opensearch-2552-fatal.log:2': 'the issue wrapped the line: the OutOfMemoryError is quoted inside it, not its own line',
  'pm2/dev-pm2-5975-amplify.log:5': 'the CI console indents continuation lines, so they join the line before',
  'pm2/dev-pm2-5975-amplify.log:7': 'as above',
  'pm2/dev-pm2-5975-amplify.log:10': 'as above',
  // packs-a's held-out excerpts (see /work/notes/packs-a.md): measured, not tuned on.
  'daphne/heldout-daphne-445-ssl-listen-failure.log:4':
    'held out: the reporter replaced the address with "[the EC2 IP]", which daphne.endpoint does not take, so generic.ready counts a boot',
  // The other held-out misses of packs-a/packs-b (Ruby and Node C++ reports, unindented and Windows-path
  // Python output, yarn's hint, PyYAML's warning, Heroku framing, uvicorn <= 0.9 access lines) were
  // closed by packs2 with general mechanisms (/work/notes/packs2.md); that set has been looked at
  // since, so the figures quoted as held out are on the heldout2 set.
  // The fresh held-out set (heldout2, packs2): marked by hand before logsift ran on it, measured once
  // (/work/notes/packs2.md) and not tuned on; each miss with its reason.
  'apache-httpd/heldout2-gitpod-apache-1-sigwinch.log:1':
    "heldout2: apache.shutdown rates AH00170 (graceful shutdown) as context, an operator's stop; here the SIGWINCH came from a terminal resize, which the line cannot tell",
  'go/heldout2-logspout-loggly-9-compose-panic.log:1':
    'heldout2: a compose prefix whose name (`logging`, a container_name) has no replica number and no colour is not taken (the misfire guard), so the panic is not at line start',
  'go/heldout2-logspout-loggly-9-compose-panic.log:2': 'heldout2: as above',
  'go/heldout2-logspout-loggly-9-compose-panic.log:3': 'heldout2: as above',
  'go/heldout2-logspout-loggly-9-compose-panic.log:4': 'heldout2: as above',
  'go/heldout2-logspout-loggly-9-compose-panic.log:5': 'heldout2: as above',
  'go/heldout2-logspout-loggly-9-compose-panic.log:6': 'heldout2: as above',
  'jvm/heldout2-cf-memcalc-27-kill-hook.log:1':
    "heldout2: Cloud Foundry's `[APP/PROC/WEB/0] OUT # ` framing puts the OutOfMemoryError mid-line, where jvm.oom-mentioned gives no event (it avoids double counts)",
  'kubernetes/heldout2-k8s-122256-error-137.log:4':
    "heldout2: describe fields pasted with one space after the colon (kubectl's tabwriter pads with two or more) are read as the container's current state, not its last termination",
  'kubernetes/heldout2-k8s-122256-error-137.log:5': 'heldout2: as above',
  'node/heldout2-getting-started-app-39-desktop-timestamps.log:1':
    "heldout2: Docker Desktop's log view puts its own `YYYY-MM-DD HH:MM:SS ` before every line, which no prefix parser takes, so Node's uncaught-exception report is not grouped",
  'node/heldout2-getting-started-app-39-desktop-timestamps.log:2': 'heldout2: as above',
  'node/heldout2-getting-started-app-39-desktop-timestamps.log:3': 'heldout2: as above; the lone caret reads as a separator line (signal tagged noise)',
  'node/heldout2-getting-started-app-39-desktop-timestamps.log:4': 'heldout2: as above',
  'node/heldout2-getting-started-app-39-desktop-timestamps.log:5': 'heldout2: as above',
  'node/heldout2-getting-started-app-39-desktop-timestamps.log:6': 'heldout2: as above',
  'node/heldout2-getting-started-app-39-desktop-timestamps.log:7': 'heldout2: as above',
  'node/heldout2-getting-started-app-39-desktop-timestamps.log:8': 'heldout2: as above',
  'node/heldout2-getting-started-app-39-desktop-timestamps.log:9': 'heldout2: as above; the lone `}` reads as a separator line (signal tagged noise)',
  'node/heldout2-getting-started-app-39-desktop-timestamps.log:10': 'heldout2: as above; the `Node.js v18` footer alone counts the crash, one line late',
  'php-fpm/heldout2-friendica-10916-restart.log:4':
    "heldout2: php-fpm.bye counts the master's `exiting, bye-bye!` as an exit; marked as the planned stop of a reload",
  'uvicorn/heldout2-gunicorn-3233-systemd-timeout.log:4':
    'heldout2: gunicorn.worker-exit-code rates `Worker (pid:N) exited with code 1` as context; marked signal (exit 1 right after a timeout)',
  'uvicorn/heldout2-gunicorn-3233-systemd-timeout.log:5': "heldout2: gunicorn 22 logs the exit twice (the second with a period): counted twice",
  // packs3b closed heldout2's wording gaps (Passenger 1.x's abort, the kernel's segfault line,
  // Heroku's dyno start, sidekiq-worker-killer, the kubelet's lower-case back-off error, pm2 0.x,
  // setuptools' egg-cache warning, sshd chatter): heldout2 has been development data since.
  // The stores branch's held-out excerpts: measured once, not tuned on (see /work/notes/stores.md).
  'elasticsearch/heldout-elastic-docker-2-ecs-bootstrap.log:3':
    'held out: a blank line behind a compose prefix whose service name (es01) has no replica number, as in the redisdev gap above',
};

const BASE = join(FIXTURES, 'real-world');

function decide(lines: string[]): ({ relevance: string; event?: string } | undefined)[] {
  const config = loadConfig();
  const out: LogRecord[] = [];
  const p = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: { namespace: 'rw', pod: 'rw-0', container: 'rw' } },
    (r) => out.push(...r),
  );
  p.process(lines.map((line) => ({ line, streamKey: 'excerpt' })));
  p.flush();
  const got: ({ relevance: string; event?: string } | undefined)[] = new Array(lines.length);
  let next = 0;
  for (const r of out) {
    if (r.synthetic) continue;
    const body = r.body.split('\n');
    let at = next;
    // A record's body is its line after any tool prefix (`api_1  | `), which the excerpt keeps.
    while (at < lines.length && !lines[at].endsWith(body[0])) at++;
    if (at === lines.length) continue;
    body.forEach((_, k) => {
      if (at + k < lines.length) got[at + k] = { relevance: r.relevance, event: k === 0 ? r.event : undefined };
    });
    next = at + body.length;
  }
  return got;
}

const misses = new Set<string>();
for (const eco of readdirSync(BASE).sort()) {
  for (const file of readdirSync(join(BASE, eco)).filter((f) => f.endsWith('.log')).sort()) {
    const lines = readFileSync(join(BASE, eco, file), 'utf8').replace(/\n$/, '').split('\n');
    const marks = readFileSync(join(BASE, eco, file.replace(/\.log$/, '.marks')), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    void t.test(`${eco}/${file}`, async (t) => {
      t.equal(marks.length, lines.length, 'one mark per line');
      const got = decide(lines);
      lines.forEach((_, i) => {
        const [relevance, event] = marks[i].split(/\s+/);
        const have = got[i];
        const wrongRelevance = relevance !== 'context' && have?.relevance !== relevance;
        const wrongEvent = (event === '-' ? undefined : event) !== have?.event;
        const key = `${eco}/${file}:${i + 1}`;
        if (wrongRelevance || wrongEvent) misses.add(key);
        if (KNOWN_GAPS[key] === undefined) {
          t.notOk(wrongRelevance || wrongEvent, `${key}: marked ${marks[i]}, got ${have?.relevance}/${have?.event ?? '-'}`);
        }
        // A listed gap is excused this too: the fresh held-out set found two (its reason says so).
        if (relevance === 'signal' && KNOWN_GAPS[key] === undefined) t.not(have?.relevance, 'noise', `${key}: a signal is never noise`);
      });
    });
  }
}

void t.test('every known gap is still a gap', async (t) => {
  for (const key of Object.keys(KNOWN_GAPS)) t.ok(misses.has(key), `${key} now matches its marks: remove it from KNOWN_GAPS`);
});
