import t from 'tap';
import { KUBECTL_PODS, parseKubectlPods, readPodRow } from '../../src/parse/kubectl-pods.js';
import { parseAppLine } from '../../src/parse/app-line.js';

/*
 * Rows as kubectl's pod printer writes them (pkg/printers/internalversion/printers.go: NAME READY
 * STATUS RESTARTS AGE, priority-1 columns IP NODE NOMINATED NODE READINESS GATES under -o wide,
 * NAMESPACE first under -A), through the table printer's column padding, in the layouts of
 * several kubectl versions.
 */

void t.test('kubectl 1.0-1.21: plain restart counts', async (t) => {
  t.same(readPodRow('liveness-exec   1/1     Running             3          3m26s'), {
    name: 'liveness-exec', ready: 1, containers: 1, status: 'Running', restarts: 3, ageMs: 206_000,
  });
  t.same(readPodRow('api-7f9c6d5b8-x2x9k   0/1       CrashLoopBackOff   5          6m'), {
    name: 'api-7f9c6d5b8-x2x9k', ready: 0, containers: 1, status: 'CrashLoopBackOff', restarts: 5, ageMs: 360_000,
  }, 'kubectl 1.5-1.9 padded with three spaces more');
  t.match(readPodRow('web-0   2/2   Running   0   3h4m'), { containers: 2, ageMs: (3 * 60 + 4) * 60_000 });
  t.match(readPodRow('old-job-x7k2p   0/1   Completed   0   2y3d'), { status: 'Completed', ageMs: (2 * 365 + 3) * 86_400_000 });
  t.match(readPodRow('batch-x   0/1   Init:CrashLoopBackOff   4   10m'), { status: 'Init:CrashLoopBackOff', restarts: 4 });
  t.match(readPodRow('batch-y   0/1   Init:0/2   0   10s'), { status: 'Init:0/2' });
});

void t.test('kubectl 1.22+: the last restart\'s age after the count', async (t) => {
  t.match(readPodRow('gnomad-api-blue-775f4c6d7d-25fwx               1/1     Running   3 (23m ago)     22h'), {
    name: 'gnomad-api-blue-775f4c6d7d-25fwx', status: 'Running', restarts: 3, ageMs: 22 * 3_600_000,
  });
});

void t.test('-A adds the namespace; -o wide and --show-labels add columns after AGE', async (t) => {
  t.same(readPodRow('kube-system   coredns-5d78c9869d-8xq2w   1/1     Running   2 (5m ago)   4d1h   10.244.0.3   kind-control-plane   <none>           <none>'), {
    namespace: 'kube-system', name: 'coredns-5d78c9869d-8xq2w', ready: 1, containers: 1, status: 'Running', restarts: 2, ageMs: (4 * 24 + 1) * 3_600_000,
  });
  t.match(readPodRow('api-0   1/1   Running   0   5m   app=api,pod-template-hash=7f9c6d5b8'), { name: 'api-0', restarts: 0 });
  t.match(readPodRow('MODIFIED   api-0   0/1   OOMKilled   1   5m'), { name: 'api-0', status: 'OOMKilled' }, '--output-watch-events');
  t.match(readPodRow('api-0   0/1   Pending   0   <unknown>'), { status: 'Pending' });
  t.ok(Number.isNaN(readPodRow('api-0   0/1   Pending   0   <unknown>')?.ageMs));
});

void t.test('the header row and the rows are one format; other lines are not', async (t) => {
  for (const line of [
    'NAME            READY   STATUS              RESTARTS   AGE',
    'NAMESPACE     NAME                       READY   STATUS    RESTARTS      AGE    IP           NODE                 NOMINATED NODE   READINESS GATES',
    'EVENT      NAME    READY   STATUS    RESTARTS   AGE',
    'liveness-exec   0/1     ContainerCreating   0          0s',
  ]) {
    t.equal(parseKubectlPods(line)?.format, KUBECTL_PODS, line);
    t.equal(parseAppLine(line).format, KUBECTL_PODS, `registry: ${line}`);
    t.equal(parseAppLine(line).message, line, 'the message is the row');
  }
  for (const line of [
    'level=info msg="ready" took=1/2',
    'nginx: [warn] 1/2 workers',
    'api-0 has 1/1 ready and is Running',
    'deployment.apps/api   1/1     1            1           5m',
    'api-0   1/1   Running   x   5m',
    'api-0   1/1   Running   0   5 minutes',
    'Name:         api-0',
  ]) {
    t.equal(readPodRow(line), undefined, line);
    t.not(parseAppLine(line).format, KUBECTL_PODS, line);
  }
});
