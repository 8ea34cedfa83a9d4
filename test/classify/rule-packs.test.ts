import t from 'tap';
import { DEFAULT_RULES_DIR, loadRules } from '../../src/classify/load-rules.js';
import { RuleClassifier } from '../../src/classify/rule-classifier.js';
import { parseAppLine } from '../../src/parse/app-line.js';
import { TemplateCache } from '../../src/template/template-cache.js';

/** Classifies one line as the pipeline would (app parse → template → rules). */
function classifyLine(line: string, kind = 'single') {
  const classifier = new RuleClassifier(loadRules([DEFAULT_RULES_DIR]), { repeatWindowMs: 60_000, repeatThreshold: 120 });
  const app = parseAppLine(line);
  const entry = new TemplateCache(100).get(app.message);
  return classifier.classify(entry, app.message, app.severityNumber, kind, 0);
}

// [line, rule id, relevance, event]
type Case = [string, string, string, string | undefined];

const gunicorn: Case[] = [
  ['[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', 'gunicorn.boot', 'context', 'boot'],
  ['[2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9)', 'gunicorn.worker-timeout', 'signal', 'timeout'],
  ['[2023-03-15 09:42:37 +0900] [9] [INFO] Worker exiting (pid: 9)', 'gunicorn.worker-exiting', 'context', 'exit'],
  ['[2023-03-15 09:42:38 +0900] [1] [WARNING] Worker with pid 9 was terminated due to signal 9', 'gunicorn.terminated-sigkill', 'signal', 'kill'],
  ['[2023-03-15 09:42:38 +0900] [1] [INFO] Worker with pid 9 was terminated due to signal 15', 'gunicorn.terminated-sigterm', 'context', undefined],
  ['[2023-03-15 09:42:38 +0900] [1] [WARNING] Worker with pid 9 was terminated due to signal 11', 'gunicorn.terminated-crash', 'signal', 'crash'],
  ['[2023-03-15 09:42:38 +0900] [1] [ERROR] Worker (pid:12) was sent SIGKILL! Perhaps out of memory?', 'gunicorn.sigkill-oom', 'signal', 'oom'],
  ['[2023-03-15 09:42:38 +0900] [12] [ERROR] Exception in worker process', 'gunicorn.exception-in-worker', 'signal', 'crash'],
  ['[2023-03-15 09:42:38 +0900] [12] [INFO] Worker failed to boot.', 'gunicorn.failed-to-boot', 'signal', 'crash'],
  ['[2023-03-15 09:42:39 +0900] [1] [INFO] Reason: Worker failed to boot.', 'gunicorn.app-failed-to-load', 'signal', undefined],
  ['[2023-03-15 09:42:39 +0900] [1] [INFO] Shutting down: Master', 'gunicorn.master-exit', 'context', 'exit'],
  ['[2023-03-15 09:42:06 +0900] [1] [INFO] Starting gunicorn 20.1.0', 'gunicorn.starting', 'context', undefined],
  ['[2023-03-15 09:42:06 +0900] [1] [ERROR] Connection in use: (\'0.0.0.0\', 8000)', 'gunicorn.connection-in-use', 'signal', undefined],
];

const python: Case[] = [
  [
    "/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:499: UserWarning: The value of the smallest subnormal for <class 'numpy.float32'> type is zero.",
    'python.benign.numpy-smallest-subnormal', 'noise', undefined,
  ],
  [
    '/usr/local/lib/python3.11/site-packages/sklearn/base.py:439: UserWarning: X does not have valid feature names, but LogisticRegression was fitted with feature names',
    'python.benign.sklearn-feature-names', 'noise', undefined,
  ],
  ['/app/main.py:3: DeprecationWarning: pkg_resources is deprecated as an API', 'python.benign.pkg-resources-deprecated', 'noise', undefined],
  ['/app/client.py:40: ResourceWarning: unclosed <socket.socket fd=7>', 'python.warning', 'context', undefined],
];

const kubernetes: Case[] = [
  ['E0315 09:44:01.123456    2211 pod_workers.go:965] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"api\\" with CrashLoopBackOff: \\"back-off 40s restarting failed container=api pod=api-7f9c6d5b8-x2x9k_dev\\""', 'k8s.backoff-restart', 'signal', 'restart'],
  ['Warning  BackOff  3m (x12 over 8m)  kubelet  Back-off restarting failed container api in pod api-7f9c6d5b8-x2x9k_dev', 'k8s.backoff-restart', 'signal', 'restart'],
  ['I0315 09:44:01.123456    2211 prober.go:107] "Probe failed" probeType="Liveness" pod="dev/api-7f9c6d5b8-x2x9k" podUID=3f1e containerName="api" probeResult=failure output="Get \\"http://10.1.0.4:8000/healthz\\": context deadline exceeded"', 'k8s.probe-failed', 'signal', 'probe_fail'],
  ['Warning  Unhealthy  2m  kubelet  Liveness probe failed: HTTP probe failed with statuscode: 503', 'k8s.probe-failed', 'signal', 'probe_fail'],
  ['Normal   Killing    2m  kubelet  Container api failed liveness probe, will be restarted', 'k8s.probe-restart', 'signal', 'kill'],
  ['Last State:     Terminated  Reason: OOMKilled  Exit Code: 137', 'k8s.oomkilled', 'signal', 'oom'],
  ['10.1.0.0 - - [15/Mar/2023:09:42:09 +0900] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.25"', 'k8s.health-check-ok', 'noise', undefined],
];

const oom: Case[] = [
  ['[1234567.890123] Out of memory: Killed process 4242 (gunicorn) total-vm:812340kB, anon-rss:501232kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:1200kB oom_score_adj:983', 'linux.oom-killed-process', 'signal', 'oom'],
  ['Mar 15 09:44:01 node-1 kernel: Memory cgroup out of memory: Killed process 4242 (gunicorn) total-vm:812340kB', 'linux.oom-killed-process', 'signal', 'oom'],
  ['Mar 15 09:44:01 node-1 kernel: gunicorn invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=983', 'linux.oom-invoked', 'signal', undefined],
];

for (const [pack, cases] of Object.entries({ gunicorn, python, kubernetes, oom })) {
  t.test(`${pack} rule pack`, async (t) => {
    for (const [line, rule, relevance, event] of cases) {
      const c = classifyLine(line);
      t.same({ rule: c.rule, relevance: c.relevance, event: c.event }, { rule, relevance, event }, line.slice(0, 90));
    }
  });
}

t.test('every benign catalogue entry explains itself as benign', async (t) => {
  const benign = loadRules([DEFAULT_RULES_DIR]).filter((r) => r.id.startsWith('python.benign.'));
  t.ok(benign.length >= 5);
  for (const r of benign) {
    t.equal(r.relevance, 'noise', r.id);
    t.match(r.reason, /^benign: /, r.id);
  }
});

t.test('an unhealthy health check is not noise', async (t) => {
  const c = classifyLine('10.1.0.0 - - [15/Mar/2023:09:42:09 +0900] "GET /healthz HTTP/1.1" 503 2 "-" "kube-probe/1.25"');
  t.not(c.relevance, 'noise');
});
