import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifierFromRules, createRules } from '../../src/classify/create-classifier.js';
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
// Reasons shared by several gaps of the sets imported in session 13.
const REPEAT_READ_AS_CHATTER =
  'a line repeated in a run (new timestamps or values) is read as chatter and demoted to noise; the curator marks each repeat of a failure, a record row or a frame signal (the open repeated-error convention)';
const UNIT_STATUS_DETAIL =
  "systemctl status's Process:/Main PID detail lines are noise in the status reading (Active: keeps the signal); the curator marks them signal";
const DEBUG_LEVEL_LINE =
  "a DEBUG or TRACE line takes noise from its level; the curator marks it signal (a shutdown request at debug level, an OpenStack TRACE frame, a supervisor's DEBUG line telling an unasked stop)";
const KNOWN_GAPS: Record<string, string> = {
  // packs15b (session 15): the first heldout set marked an nginx upstream timeout signal without an
  // event; every set since (heldout10, 13, 15) marks it timeout, which the nginx pack now gives.
  'nginx/heldout-ingress-nginx-9443-upstream-timeout.log:2':
    'marked signal - before the fixtures settled that "upstream timed out (110: ...)" is a timeout event, one per request',
  // heldout13 (session 12's held-out set, imported in session 13): its signals tagged noise when it came in.
  'mongodb/heldout13-mongodb-laaas-27-fork-wiredtiger-eperm-exit-14-restart.log:6':
    "mongod's routine NETWORK line read as noise by the mongodb pack; the curator marks it signal inside a failing start",
  'mosquitto/heldout13-mosquitto-2212-synology-local-only-ipv6-unavailable.log:4':
    "mosquitto 2's local-only advice is read as start-up noise; the curator marks it signal (no listener reachable is the problem reported)",
  'opensearch/heldout13-opensearch-malcolm-185-compose-entrypoint-killed-loop.log:9':
    REPEAT_READ_AS_CHATTER,
  'postgresql/heldout13-postgresql-docker-postgresql-95-lock-file-invalid-immediate-shutdown.log:12':
    'the HINT of "terminating connection because of crash of another server process" is noise in the pack; the curator marks the first one signal (its repeats noise)',
  'postgresql/heldout13-postgresql-timescaledb-ha-571-debug-fast-shutdown-after-start.log:5':
    DEBUG_LEVEL_LINE,
  'redis/heldout13-redis-6176-container-crash-memtest-then-restart.log:2':
    REPEAT_READ_AS_CHATTER,
  'redis/heldout13-redis-6176-container-crash-memtest-then-restart.log:3':
    REPEAT_READ_AS_CHATTER,
  'redis/heldout13-redis-6176-container-crash-memtest-then-restart.log:4':
    REPEAT_READ_AS_CHATTER,
  'redis/heldout13-redis-6176-container-crash-memtest-then-restart.log:5':
    REPEAT_READ_AS_CHATTER,
  'redis/heldout13-redis-6176-container-crash-memtest-then-restart.log:6':
    REPEAT_READ_AS_CHATTER,
  'redis/heldout13-redis-6176-container-crash-memtest-then-restart.log:7':
    REPEAT_READ_AS_CHATTER,
  'redis/heldout13-redis-6176-container-crash-memtest-then-restart.log:8':
    REPEAT_READ_AS_CHATTER,
  'rocketchat/heldout13-rocketchat-6633-compose-restore-mongo-first-connect.log:1':
    'a line of punctuation (a closing brace of a pasted object, a fibers trace’s "- - - - -" head) is read as a separator; the curator marks it part of the record above or its head',
  'systemd/heldout13-systemd-16410-status-node-bot-inactive-exit-0.log:4':
    UNIT_STATUS_DETAIL,
  'systemd/heldout13-systemd-16410-status-node-bot-inactive-exit-0.log:5':
    UNIT_STATUS_DETAIL,
  'umami/heldout13-umami-428-compose-postgres-auth-prisma-init.log:10':
    'a line of punctuation (a closing brace of a pasted object, a fibers trace’s "- - - - -" head) is read as a separator; the curator marks it part of the record above or its head',
  'zulip/heldout13-zulip-docker-zulip-253-compose-workers-sigkill.log:3':
    'RabbitMQ’s "closing AMQP connection" warning is connection chatter in the pack; the curator marks it signal where the clients were SIGKILLed',
  // heldout14 (session 12's held-out set, imported in session 13): its signals tagged noise when it came in.
  'ceph/heldout14-ceph-rook-2654-osd-down-heartbeat-wrapped.log:5':
    REPEAT_READ_AS_CHATTER,
  'factorio/heldout14-factorio-factorio-init-100-stop-timeout.log:4':
    UNIT_STATUS_DETAIL,
  'mdadm/heldout14-mdadm-hdo-site-404-degradedarray-mail.log:14':
    REPEAT_READ_AS_CHATTER,
  'mdadm/heldout14-mdadm-hdo-site-404-degradedarray-mail.log:17':
    REPEAT_READ_AS_CHATTER,
  'mdadm/heldout14-mdadm-hdo-site-404-degradedarray-mail.log:20':
    REPEAT_READ_AS_CHATTER,
  'openstack-nova/heldout14-openstack-nova-chef-cookbooks-809-libvirt-sock-missing.log:3':
    DEBUG_LEVEL_LINE,
  'sshd/heldout14-sshd-crowdsec-1150-invalid-user-pam.log:1':
    'pam_unix "check pass; user unknown" is noise in the pam pack (sshd’s own line carries the failure); heldout14 marks every failed authentication line signal',
  // heldout15 and heldout16 (session 13's held-out sets, imported in session 14): their signals tagged noise when they came in.
  'meteor/heldout15-meteor-meteorhacks-cluster-20-worker-exit-loop.log:4':
    REPEAT_READ_AS_CHATTER,
  'meteor/heldout15-meteor-meteorhacks-cluster-20-worker-exit-loop.log:6':
    REPEAT_READ_AS_CHATTER,
  'sentry/heldout15-sentry-self-hosted-2974-snuba-silent-restart.log:3':
    REPEAT_READ_AS_CHATTER,
  'tini/heldout15-tini-recyclarr-161-not-pid1-subreaper.log:2':
    "tini's not-PID-1 subreaper warning is in the benign catalogue (harmless where the runtime's own init reaps, as docker --init and Kubernetes' pause do); the curator marks its three lines signal",
  'tini/heldout15-tini-recyclarr-161-not-pid1-subreaper.log:3':
    'as above',
  'tini/heldout15-tini-recyclarr-161-not-pid1-subreaper.log:4':
    'as above',
  'tailscale/heldout16-tailscale-6854-status-exit-2-empty-port.log:6':
    UNIT_STATUS_DETAIL,
  'valheim/heldout16-valheim-726-supervisord-exit-0-not-expected-backup.log:2':
    DEBUG_LEVEL_LINE,
  // heldout12 (session 11): its signals tagged noise after the lead's fixes.
  'open-webui/heldout12-open-webui-27645-docker-logs-silent-restart-loop.log:4':
    'Open WebUI prints "No WEBUI_SECRET_KEY environment variable set" at every start; a line repeated unchanged at each boot of a looping pod is context by the issue\'s own rule and the chatter reading takes its repeat for noise (n8n\'s in heldout10 follow a crash line, which keeps them out of chatter; here no failure is in view); heldout12 marks each later one signal (it begins a silent restart)',
  'open-webui/heldout12-open-webui-27645-docker-logs-silent-restart-loop.log:6':
    'as above',
  'open-webui/heldout12-open-webui-27645-docker-logs-silent-restart-loop.log:8':
    'as above',
  'open-webui/heldout12-open-webui-27645-docker-logs-silent-restart-loop.log:10':
    'as above',
  // heldout10/heldout11 (session 10): their signals tagged noise after the lead's fixes, each a call of a pack, a level or a convention.
  'passenger/heldout10-passenger-passenger-1730-at-exit-nomethoderror.log:6':
    'Passenger relays an app\'s stdout; "App N stdout: []" carries an empty array, which the separator reading takes for an empty line; heldout10 marks it signal (the NoMethodError\'s output)',
  'passenger/heldout10-passenger-passenger-1730-at-exit-nomethoderror.log:11':
    'as above',
  'quarkus/heldout10-quarkus-quarkus-13033-asyncexit-dev-mode.log:1':
    'written at DEBUG ("ArC DI container shut down"); a debug line is noise by design, heldout10 marks it signal',
  'elasticsearch/heldout11-elasticsearch-wazuh-13168-start-timeout-on-reboot.log:5':
    'systemctl status\'s "Process: N ExecStart=… (code=…)" line of a unit whose start timed out; the status reading keeps "Active: failed" and "Main PID" as the signal and the ExecStart detail as noise, heldout11 marks it signal',
  'tidb/heldout11-tidb-3269-check-bootstrapped-fatal.log:13':
    'a fragment ("stale_epoch:<>") of a protobuf struct a Go fatal line printed over many lines, cut from its record by the paste and read as chatter; heldout11 marks it signal',
  // heldout8/heldout9 (session 9): their signals tagged noise after the lead's fixes, each a call of a pack or of a level.
  'clickhouse/heldout8-clickhouse-clickhouse-28761-sigterm-uncaught-net-exception.log:8':
    'ClickHouse logged it at <Trace> ("Received signal -1"); a line at trace level is noise by design, heldout8 marks it signal',
  'kubernetes/heldout8-kubernetes-kube-spawn-15-apiserver-dead-restart-policy.log:10':
    'a lone "}," closing a pasted JSON object reads as a separator; heldout8 marks it with the error dump it closes',
  'cassandra/heldout9-cassandra-k8s-helm-cassandra-2-startup-warnings.log:2':
    'the cassandra pack lists "Unable to lock JVM memory (ENOMEM)" with the start-up listing (memlock is not granted in most containers); heldout9 marks it signal',
  'coredns/heldout9-coredns-coredns-4724-forward-timeout-logged-noerror.log:4':
    'a query log line answered NOERROR is routine to the coredns pack; its 6 s duration (a forward that timed out) is not read',
  'envoy/heldout9-envoy-istio-39253-pilot-agent-drain-envoy-left-running.log:3':
    'the istio agent\'s "use of closed network connection" while draining is agent chatter to the pack; heldout9 marks it signal',
  'etcd/heldout9-etcd-etcd-7507-apply-entries-slow-disk-snapshot.log:2':
    'etcd 3.1-3.3 print this advice after every slow apply; the pack keeps "apply entries took too long" as the signal and the advice as noise, heldout9 marks the advice signal',
  'etcd/heldout9-etcd-etcd-7507-apply-entries-slow-disk-snapshot.log:4':
    'as above',
  'etcd/heldout9-etcd-etcd-7507-apply-entries-slow-disk-snapshot.log:6':
    'as above',
  'etcd/heldout9-etcd-etcd-7507-apply-entries-slow-disk-snapshot.log:8':
    'as above',
  'etcd/heldout9-etcd-etcd-7507-apply-entries-slow-disk-snapshot.log:10':
    'as above',
  'etcd/heldout9-etcd-etcd-7507-apply-entries-slow-disk-snapshot.log:15':
    'as above',
  'minio/heldout9-minio-truenas-charts-2577-tmp-rename-access-denied.log:4':
    'the fields of a MinIO error report (API:, Time:) are noise to the minio pack; heldout9 marks them with their error',
  'minio/heldout9-minio-truenas-charts-2577-tmp-rename-access-denied.log:5':
    'as above',
  'minio/heldout9-minio-truenas-charts-2577-tmp-rename-access-denied.log:14':
    'as above',
  'minio/heldout9-minio-truenas-charts-2577-tmp-rename-access-denied.log:15':
    'as above',
  'go/dev-chaos-mesh-649-recovered.log:3': 'the issue wrapped a klog line; the wrapped tail stands alone',
  'jvm/dev-jlogstash-36-heap-dump.log:2': 'HeapDumpOnOutOfMemoryError prints the error before the exception: counted twice',
  'linux-oom/dev-k8s-50632-rhel7-killed.log:1': 'RHEL 7: the kill is counted on the "Kill process" line, which the excerpt lacks',
  'linux-oom/dev-k8s-50632-rhel7-killed.log:2': 'as above',
  'linux-oom/dev-k8s-50632-rhel7-killed.log:3': 'as above',
  'linux-oom/dev-k8s-50632-rhel7-killed.log:4': 'as above',
  'jvm/dev-opensearch-2552-fatal.log:2': 'the issue wrapped the line: the OutOfMemoryError is quoted inside it, not its own line',
  'pm2/dev-pm2-5975-amplify.log:6': 'the CI console indents continuation lines, so they join the line before',
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
  // (/work/notes/packs2.md); packs3 then used it as development data and closed its structural misses
  // (tool framings, compose names without a replica number, reflowed describe fields, unleveled
  // failure lines: /work/notes/packs3.md). What is left, each with its reason:
  'apache-httpd/heldout2-gitpod-apache-1-sigwinch.log:1':
    "heldout2: apache.shutdown rates AH00170 (graceful shutdown) as context, an operator's stop; here the SIGWINCH came from a terminal resize, which the line cannot tell",
  // packs6b's own dev excerpts: the misses left to the pipeline (lifecycle6) or fixed by the product.
  'gunicorn/dev-gunicorn-2850-m1-segfault-loop.log:1':
    'packs6b: "Starting gunicorn" is a boot by the marking conventions, but the seed incident fixes boots to "Booting worker" lines',
  'pm2/dev-pm2-1974-1.0-cluster-stop-sigkill-esrch.log:1':
    'packs6b: the stop never completes here, so the marks put its exit on "Stopping app"; pm2 counts it on the "exited with code" line that ends a stop',
  // lifecycle7: one boot per start, on the line that says it is up (heldout5/6); older marks moved
  // to it (test/fixtures/README.md). Here php-fpm's and nginx's own ready lines carry the starts
  // that supervisord's RUNNING lines announce again; nothing ties "php-fpm" to php-fpm's lines.
  'php-fpm/heldout-dwchiang-15-nginx-php-fpm-start.log:6':
    'lifecycle7: supervisord RUNNING repeats the start php-fpm announced itself ("ready to handle connections")',
  'php-fpm/heldout-dwchiang-15-nginx-php-fpm-start.log:7': 'as above, for nginx ("start worker process")',
  // lifecycle8: the crash is counted on libstdc++'s "terminate called ..."; the shell's "Aborted
  // (core dumped)" after it is the same death, which the line alone cannot tell from an abort of its own.
  // packs3b closed heldout2's wording gaps (Passenger 1.x's abort, the kernel's segfault line,
  // Heroku's dyno start, sidekiq-worker-killer, the kubelet's lower-case back-off error, pm2 0.x,
  // setuptools' egg-cache warning, sshd chatter): heldout2 has been development data since.
  // heldout3 is judged as a whole (below); these are its signals tagged noise, each a marking
  // that disagrees with the design.
  'elasticsearch/heldout3-dokku-elasticsearch-53-hs-err-timestamps.log:8':
    'heldout3: a blank line inside the JVM fatal-error report, marked signal; blank lines are noise by design',
  'elasticsearch/heldout3-dokku-elasticsearch-53-hs-err-timestamps.log:10': 'heldout3: as above',
  // kube6 followed heldout5's marking conventions ("Kubernetes"): in `kubectl describe pod` the
  // `Exit Code: 137` under `Reason: OOMKilled` is the same termination, counted once (as oom);
  // lifecycle7 moved the three older marks that counted a kill on it as well (fixtures README).
  'kubernetes/dev-trident-249-oc-get-events-1.9.log:3': "the probe's output had two lines: kubectl printed the second unindented under the row, where it stands alone",
  // packs6a's own dev excerpts: the exit of a graceful stop is counted on the server's completion line
  // ("agent: shutdown complete", "See you next time!"), which these excerpts end before.
  'consul/dev-consul-993-interrupt-reelection.log:1': 'marked exit on "Caught signal" because the excerpt ends before "agent: shutdown complete", where the consul pack counts it',
  'prometheus/dev-prometheus-8052-tsdb-start-stop.log:8':
    'marked signal exit on the first stop step after a TSDB that never started; the step cannot tell a failed start from a requested stop, and the exit is counted on "See you next time!"',
  // packs8 (session 9): its dev- excerpts' misses that no pack can close.
  'werkzeug/dev-cmc-csci143-426-compose-flask-2.0-start.log:11':
    'Werkzeug indents its " * " lines, so the debugger lines join the record of the start line above them, which is context',
  'werkzeug/dev-cmc-csci143-426-compose-flask-2.0-start.log:12': 'as above',
  // packs9 (session 10): its dev- excerpts' misses that its packs do not close.
  'zabbix/dev-trinityx-30-3.0-db-unreachable-exit-restart.log:3':
    'the page wrapped the database error over two lines; its tail ("oller1\' (101)") stands alone with no header, so it reads as context',
  // packs10 (session 11): its dev- excerpts' misses that its packs do not close.
  'java-service-wrapper/dev-sonar-auth-aad-16-sonar-6.4-console-es-stopped.log:9':
    'SonarQube 6.4 logs no exit value for a process that dies on its own; "Process [es] is stopped" also ends a stop that was asked for, so it carries no event',
  'kong/dev-kong-konga-keycloak-4-2.x-needs-bootstrapping.log:2':
    "nginx's error log writes the Lua error's message over several unindented lines (each ending in a comma); the continuation lines have no header and stand alone as context",
  'kong/dev-kong-konga-keycloak-4-2.x-needs-bootstrapping.log:3': 'as above',
  'kong/dev-kong-konga-keycloak-4-2.x-needs-bootstrapping.log:4': 'as above',
  'kong/dev-kong-konga-keycloak-4-2.x-needs-bootstrapping.log:5': 'as above',
  // packs12 (session 12): its dev- excerpts' misses that its packs do not close.
  'vaultwarden/dev-vaultwarden-2793-podman-exit-unprompted.log:4':
    'the stop came unasked (the reporter says so), but "Exiting vaultwarden!" is the same line for a stop that was asked for: context, not signal',
  'vaultwarden/dev-vaultwarden-2793-podman-exit-unprompted.log:5': 'the same stop told twice in one millisecond: the second line counts a second exit',
  'vaultwarden/dev-vaultwarden-2793-podman-exit-unprompted.log:6': 'a later line of the unasked stop: context, as for a stop that was asked for',
  'vaultwarden/dev-vaultwarden-2793-podman-exit-unprompted.log:7': 'as above',
  'gitea/dev-gitea-26644-db-password-context-closed-restart.log:1':
    "the manager's context closed after the database retries ran out (the excerpt starts after them); the same line ends a stop that was asked for: context, not signal",
  'gitea/dev-gitea-26644-db-password-context-closed-restart.log:2': 'a later line of the same stop: context, as for a stop that was asked for',
  'home-assistant/dev-ha-carrier-373-s6-start-custom-integrations.log:2':
    "the container pack counts s6-overlay's first service start as the boot; Home Assistant's own up line (\"initialized in\") is past the excerpt's end",
  // heldout20 (session 16's held-out set, imported the same session): its signals tagged noise when it came in.
  'openldap/heldout20-openldap-osixia-653-unasked-graceful-stop-after-sudo-lookups.log:11': DEBUG_LEVEL_LINE,
  'qbittorrent/heldout20-qbittorrent-dietpi-5488-qbittorrent-nox-sigsegv-journal.log:1':
    "the row of asterisks that opens qBittorrent-nox's crash report is read as a lone separator (noise); the curator marks it signal with the report it frames",
  'samba/heldout20-samba-dperson-samba-317-smbd-signal-11-macos.log:5':
    "the rows of '=' that frame smbd's INTERNAL ERROR report (lib/util/fault.c) are read as separators (noise); the curator marks them signal with the report",
  'samba/heldout20-samba-dperson-samba-317-smbd-signal-11-macos.log:8': 'as above',
};

// Some 260 excerpts, each through a fresh pipeline as its own subtest: minutes of wall time on a
// shared, loaded machine (330 s at load 23, past the suite's 300 s per-file default). A budget,
// not a timing check.
t.setTimeout(1_200_000);

const BASE = join(FIXTURES, 'real-world');

/**
 * The text a record's body line is compared with: the line itself, or for a Docker json-file
 * line (`{"log":"...\n","stream":...}`) its decoded `log` value, which logsift keeps as the body.
 */
function lineText(line: string): string {
  if (!line.startsWith('{"log":')) return line;
  try {
    const log: unknown = (JSON.parse(line) as { log?: unknown }).log;
    return typeof log === 'string' ? log.replace(/\r?\n$/, '') : line;
  } catch {
    return line;
  }
}

// Compiled once: each excerpt gets a classifier of its own (fresh repeat and first-seen memory) over the same rules.
const config = loadConfig();
const rules = createRules(config.pipeline.classify);

function decide(lines: string[]): ({ relevance: string; event?: string } | undefined)[] {
  const out: LogRecord[] = [];
  const p = new Pipeline(
    { config: config.pipeline, classifier: classifierFromRules(config.pipeline.classify, rules), telemetry: new SelfTelemetry(), defaultPod: { namespace: 'rw', pod: 'rw-0', container: 'rw' } },
    (r) => out.push(...r),
  );
  p.process(lines.map((line) => ({ line, streamKey: 'excerpt' })));
  p.flush();
  const got: ({ relevance: string; event?: string } | undefined)[] = new Array(lines.length);
  let next = 0;
  const texts = lines.map(lineText);
  for (const r of out) {
    if (r.synthetic) continue;
    const body = r.body.split('\n');
    let at = next;
    // A record's body is its line after any tool prefix (`api_1  | `), which the excerpt keeps.
    while (at < lines.length && !texts[at].endsWith(body[0])) at++;
    if (at === lines.length) continue;
    body.forEach((_, k) => {
      if (at + k < lines.length) got[at + k] = { relevance: r.relevance, event: k === 0 ? r.event : undefined };
    });
    next = at + body.length;
  }
  return got;
}

const misses = new Set<string>();

/*
 * The lead's held-out sets, each judged as a whole, as bench/real-world-packs.mjs scores it:
 * heldout3 (session 4), heldout4 (session 5), heldout5 (session 6), heldout6 (session 7) and heldout7 (session 8), each measured on main before
 * and after its session's merges. Their figures may not fall below what was measured when they came in or last rose (a
 * ratchet: raise a floor when its figure rises), and a line marked signal is never noise here
 * either (but for the KNOWN_GAPS above, which stay gaps as the others do). packs6b raised heldout3's
 * (0.927/0.942 -> 0.951/0.967 events) and heldout5's (0.661/0.693/0.382 -> 0.672/0.727/0.450).
 */
interface Floors { eventRecall: number; eventPrecision: number; signalRecall: number; noiseRecall: number }
const WHOLE_SETS: Record<string, { floors: Floors; atLeast: { events: number; signals: number; noise: number } }> = {
  heldout3: { floors: { eventRecall: 0.95, eventPrecision: 0.96, signalRecall: 0.95, noiseRecall: 0.89 }, atLeast: { events: 100, signals: 150, noise: 50 } },
  // heldout4's event recall went 0.908 -> 0.869 by one call (lifecycle6; 0.889 with session 7's packs): gunicorn-76 reports
  // WORKER TIMEOUT twice for six of its eight pids within one second; heldout4 marked each report an
  // event, heldout5's convention ("repeated harakiri attempts on the same stuck pid are signal -")
  // and issue 13 count one event per failure instance (state/lifecycle-episodes.ts). lifecycle7
  // moved those six marks to the convention (and pm2's boots to "online", fixtures README), so the
  // set has 149 events now.
  heldout4: { floors: { eventRecall: 0.93, eventPrecision: 0.93, signalRecall: 0.96, noiseRecall: 0.93 }, atLeast: { events: 140, signals: 250, noise: 130 } },
  heldout5: { floors: { eventRecall: 0.88, eventPrecision: 0.94, signalRecall: 0.88, noiseRecall: 0.83 }, atLeast: { events: 180, signals: 260, noise: 310 } },
  // heldout6 (session 7's held-out set, 87 excerpts after the five whose threads engineers had also used) came in at what it
  // measured on main (0.619/0.744/0.639/0.442); session 8 raised it (figures in the closing note of that stop); lifecycle8's
  // generic wording raised its events (0.738/0.929 -> 0.775/0.932) and heldout4's (0.926/0.939 -> 0.940/0.940).
  // Session 12 settled the kernel report convention (fixtures README, "Kernel reports: the call trace is signal"): the call-trace
  // lines heldout4-heldout7 had marked noise are signal now and the machine/memory lines context, so these sets hold fewer
  // noise lines (heldout4 136, heldout5 314, heldout6 363, heldout7 336) and heldout6's noise recall reads 0.507.
  heldout6: { floors: { eventRecall: 0.77, eventPrecision: 0.93, signalRecall: 0.78, noiseRecall: 0.50 }, atLeast: { events: 150, signals: 160, noise: 360 } },
  // heldout7 (session 8's held-out set, 93 excerpts) came in at what it measured on main after that session's merges and two fixes;
  // session 9 raised it: lifecycle8's generic wording (events 0.486/0.736 -> 0.578/0.778), relevance8's pasted prompts,
  // systemctl status, ClickHouse and failure words (signals/noise 0.777/0.427 -> 0.853/0.495).
  // lifecycle9 (session 10): one end counted once however many lines tell it, systemd's and the supervisors' restart
  // wording, Go and Erlang deaths under prefixes raised heldout7 0.587/0.790 -> 0.605/0.825, heldout8 0.635/0.569 ->
  // 0.644/0.632 and heldout9 0.414/0.486 -> 0.632/0.639 (event recall/precision).
  heldout7: { floors: { eventRecall: 0.60, eventPrecision: 0.81, signalRecall: 0.85, noiseRecall: 0.49 }, atLeast: { events: 100, signals: 330, noise: 330 } },
  // heldout8 and heldout9 (session 9's held-out sets, 95 and 94 excerpts) came in at what they measured on main after that
  // session's merges and the lead's fixes for the native stack dumps their signals tagged noise showed. Session 10 raised their
  // signals (relevance9: frames behind a header, WARN frames and failures, the level under a syslog header, CockroachDB's header)
  // and their events (lifecycle9: one end per death, supervisor restarts, systemd's unit lines; packs9's new packs).
  heldout8: { floors: { eventRecall: 0.70, eventPrecision: 0.64, signalRecall: 0.82, noiseRecall: 0.77 }, atLeast: { events: 100, signals: 380, noise: 130 } },
  heldout9: { floors: { eventRecall: 0.65, eventPrecision: 0.64, signalRecall: 0.79, noiseRecall: 0.61 }, atLeast: { events: 85, signals: 450, noise: 130 } },
  // heldout10 (app servers, runtimes, workers) and heldout11 (datastores, queues, cluster infrastructure), two sets collected
  // and marked by curators who never ran logsift, measured unseen on 639248b and on session 10's merged tree (closing note of
  // that stop), then fixed where their signals tagged noise showed a general cause (Seastar's address frames, a bracketed level
  // after a space opening a record); floors a little under what they measure here.
  // Session 11 raised them (relevance10: frames of any runtime make a stack trace; lifecycle10: crash, timeout, oom and exit
  // wordings from the runtimes' and systemd's sources, a death reported after its own line counted once).
  heldout10: { floors: { eventRecall: 0.66, eventPrecision: 0.66, signalRecall: 0.78, noiseRecall: 0.72 }, atLeast: { events: 160, signals: 490, noise: 155 } },
  heldout11: { floors: { eventRecall: 0.66, eventPrecision: 0.60, signalRecall: 0.83, noiseRecall: 0.73 }, atLeast: { events: 80, signals: 600, noise: 115 } },
  // heldout12 (session 11's held-out set: the servers of Kubernetes in every pasted shape) came in at what it measured
  // unseen (0.509/0.331/0.673/12/0.643, the same before and after that session's merges), after three general fixes.
  heldout12: { floors: { eventRecall: 0.63, eventPrecision: 0.55, signalRecall: 0.72, noiseRecall: 0.60 }, atLeast: { events: 100, signals: 310, noise: 140 } },
  // heldout13 (application servers anywhere) and heldout14 (host and system logs), session 12's held-out sets, measured unseen
  // (closing note of session 12), then raised by the kernel-report convention; floors a little under what they measure here.
  // Session 13: systems13's host-daemon packs raised heldout14 (0.376/0.653/0.676 -> 0.835/0.807/0.826); failure evidence read
  // from absence wordings (no reply/response from, none available or left) and XNU's panic frames (relevance13) raised
  // heldout14's signal recall on its own 0.676 -> 0.729 and heldout12's 0.733 -> 0.746.
  heldout13: { floors: { eventRecall: 0.60, eventPrecision: 0.61, signalRecall: 0.72, noiseRecall: 0.68 }, atLeast: { events: 130, signals: 410, noise: 155 } },
  heldout14: { floors: { eventRecall: 0.82, eventPrecision: 0.79, signalRecall: 0.81, noiseRecall: 0.71 }, atLeast: { events: 80, signals: 470, noise: 120 } },
  // heldout15 (workloads in pods and containers) and heldout16 (the long tail of self-hosted software), session 13's held-out
  // sets, measured unseen (closing note of session 13: 0.632/0.607/0.742/12/0.606 and 0.404/0.556/0.741/8/0.538 after that
  // session's merges), then the lead's fixes on reading them (nats' banner columns, '!' rows as alarm banners); floors a
  // little under what they measure here. Session 15: relevance15's pasted prompts, placeholders and usage text raised
  // their noise recall (0.606 -> 0.692, 0.538 -> 0.727); lifecycle15's generic death, restart and ready wordings and
  // supervisord's stop lines their events (heldout15 0.675/0.622 -> 0.692/0.653, heldout16 0.456/0.574 -> 0.566/0.647)
  // and heldout10's (0.646/0.662 -> 0.671/0.679) and heldout12's (0.613/0.551 -> 0.642/0.562).
  heldout15: { floors: { eventRecall: 0.68, eventPrecision: 0.64, signalRecall: 0.75, noiseRecall: 0.68 }, atLeast: { events: 115, signals: 360, noise: 200 } },
  heldout16: { floors: { eventRecall: 0.55, eventPrecision: 0.63, signalRecall: 0.79, noiseRecall: 0.71 }, atLeast: { events: 130, signals: 440, noise: 130 } },
  // dev16 (survey16, session 16): 36 excerpts of 21 programs no pack or directory had named (fixtures README), development
  // data for that session's generic wording and packs; it came in at 0.472/0.654/0.784/0.800 with no signal tagged noise, and
  // survey16's stop wordings and its ActiveMQ Artemis, Qdrant and Watchtower packs raised its events to 0.750/0.730.
  // generic16's and packs16's dev16 excerpts (programs checked against the generic pack; the new packs' servers) joined it at
  // the merge: 73 events, 0.822/0.845/0.838/0.878. What it still misses is each program's own wording (ArangoDB's and
  // RethinkDB's up lines, .NET's CoreCLR start failure, stress's end) or a restart with no death in view.
  // heldout20 (session 16's held-out set: 75 % of its excerpts from programs no fixture named) came in at what it measured
  // unseen (0.417/0.550/0.729/4/0.562 on main, 0.439/0.574/0.729/4/0.569 after that session's merges) and two fixes.
  heldout20: { floors: { eventRecall: 0.46, eventPrecision: 0.57, signalRecall: 0.71, noiseRecall: 0.55 }, atLeast: { events: 130, signals: 500, noise: 150 } },
  dev16: { floors: { eventRecall: 0.80, eventPrecision: 0.82, signalRecall: 0.82, noiseRecall: 0.85 }, atLeast: { events: 70, signals: 210, noise: 95 } },
};
const tally = () => ({ events: 0, predicted: 0, correct: 0, signals: 0, signalHit: 0, noise: 0, noiseHit: 0 });
const wholeSet: Record<string, ReturnType<typeof tally>> = Object.fromEntries(Object.keys(WHOLE_SETS).map((s) => [s, tally()]));
for (const eco of readdirSync(BASE).sort()) {
  for (const file of readdirSync(join(BASE, eco)).filter((f) => f.endsWith('.log')).sort()) {
    const lines = readFileSync(join(BASE, eco, file), 'utf8').replace(/\n$/, '').split('\n');
    const marks = readFileSync(join(BASE, eco, file.replace(/\.log$/, '.marks')), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const set = wholeSet[file.slice(0, file.indexOf('-'))];
    if (set !== undefined) {
      void t.test(`${eco}/${file}`, async (t) => {
        t.equal(marks.length, lines.length, 'one mark per line');
        const got = decide(lines);
        lines.forEach((_, i) => {
          const [relevance, mark] = marks[i].split(/\s+/);
          const event = mark === '-' ? undefined : mark;
          const have = got[i];
          if (event !== undefined) set.events++;
          if (have?.event !== undefined) set.predicted++;
          if (have?.event !== undefined && have.event === event) set.correct++;
          if (relevance === 'signal') {
            set.signals++;
            if (have?.relevance === 'signal') set.signalHit++;
            const key = `${eco}/${file}:${i + 1}`;
            if (have?.relevance === 'noise') misses.add(key);
            if (KNOWN_GAPS[key] === undefined) t.not(have?.relevance, 'noise', `${key}: a signal is never noise`);
          }
          if (relevance === 'noise') {
            set.noise++;
            if (have?.relevance === 'noise') set.noiseHit++;
          }
        });
      });
      continue;
    }
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
        // No excuse, not even for a listed gap: a line marked signal is never noise.
        if (relevance === 'signal') t.not(have?.relevance, 'noise', `${key}: a signal is never noise`);
      });
    });
  }
}

void t.test('every known gap is still a gap', async (t) => {
  for (const key of Object.keys(KNOWN_GAPS)) t.ok(misses.has(key), `${key} now matches its marks: remove it from KNOWN_GAPS`);
});

for (const [name, { floors, atLeast }] of Object.entries(WHOLE_SETS)) {
  void t.test(`${name} as a whole keeps its figures`, async (t) => {
    const set = wholeSet[name];
    t.ok(set.events >= atLeast.events && set.signals >= atLeast.signals && set.noise >= atLeast.noise, 'the set is all there');
    const figures: Floors = {
      eventRecall: set.correct / set.events,
      eventPrecision: set.correct / set.predicted,
      signalRecall: set.signalHit / set.signals,
      noiseRecall: set.noiseHit / set.noise,
    };
    t.comment(JSON.stringify(figures));
    for (const [figure, floor] of Object.entries(floors)) {
      const value = figures[figure as keyof Floors];
      t.ok(value >= floor, `${figure} ${value.toFixed(3)} >= ${floor}`);
    }
  });
}
