import t from 'tap';
import { PodTableRows } from '../../src/state/pod-table-rows.js';
import { readPodRow, type PodRow } from '../../src/parse/kubectl-pods.js';
import type { PodIdentity } from '../../src/model/record.js';

const DEFAULTS: PodIdentity = Object.freeze({ namespace: 'unknown', pod: 'unknown', container: 'unknown' });
const T0 = Date.UTC(2024, 0, 5, 10, 0, 0);

function row(line: string): PodRow {
  const r = readPodRow(line);
  if (r === undefined) throw new Error(`not a row: ${line}`);
  return r;
}

/** The decisions for a watch pasted at once (every row read at T0). */
function watch(lines: string[], rows = new PodTableRows(100)) {
  return lines.map((l) => {
    const d = rows.decide(row(l), DEFAULTS, false, T0);
    return { relevance: d.classification.relevance, event: d.classification.event, pod: d.pod, timeMs: d.timeMs };
  });
}

void t.test('a watch of a pod whose liveness probe fails: first Running boots, rising counts restart, back-offs', async (t) => {
  const got = watch([
    'liveness-exec   0/1     ContainerCreating   0          0s',
    'liveness-exec   1/1     Running             0          3s',
    'liveness-exec   1/1     Running             1          67s',
    'liveness-exec   1/1     Running             2          2m17s',
    'liveness-exec   0/1     CrashLoopBackOff    2          3m20s',
    'liveness-exec   1/1     Running             3          4m36s',
    'liveness-exec   0/1     Running             3          4m50s',
  ]);
  t.same(got.map((g) => `${g.relevance} ${g.event ?? '-'}`), [
    'context -', 'context boot', 'signal restart', 'signal restart', 'signal backoff', 'signal restart', 'context -',
  ]);
  t.same(got[0].pod, { namespace: 'unknown', pod: 'liveness-exec', container: 'unknown' }, 'the row names the pod');
  t.equal(got[2].pod, got[0].pod, 'one identity object per pod');
  t.same(got.map((g) => (g.timeMs - T0) / 1000), [0, 3, 67, 137, 200, 276, 290], 'dated by AGE from the first row');
});

void t.test('statuses: OOMKilled, Error, Completed, Evicted, Terminating, image pull failures', async (t) => {
  const got = watch([
    'dev   api-0   1/1   Running            0             10s',
    'dev   api-0   0/1   OOMKilled          0             52s',
    'dev   api-0   0/1   OOMKilled          0             53s',
    'dev   api-0   1/1   Running            1 (2s ago)    54s',
    'dev   api-0   0/1   Error              1 (30s ago)   82s',
    'dev   api-0   0/1   Completed          1 (40s ago)   92s',
    'dev   api-0   0/1   Terminating        1 (50s ago)   102s',
    'dev   api-0   0/1   Terminating        1 (51s ago)   103s',
    'dev   web-1   0/1   ImagePullBackOff   0             5s',
    'dev   web-2   0/1   Evicted            0             3d',
  ]);
  t.same(got.map((g) => `${g.relevance} ${g.event ?? '-'}`), [
    'context boot', 'signal oom', 'signal -', 'signal restart', 'signal exit', 'context exit', 'context exit', 'context -', 'signal -', 'signal kill',
  ], 'a pod first seen 10 s old started as the table was printed');
  t.same(got[0].pod, { namespace: 'dev', pod: 'api-0', container: 'unknown' }, 'the NAMESPACE column');
});

void t.test('a pasted snapshot: rows of pods seen once and older than a minute carry no event, a later row of a watch does', async (t) => {
  const got = watch([
    'queue-0   0/1   CrashLoopBackOff   7 (2m ago)   20m',
    'cache-0   1/1   Running            0            3d',
    'queue-0   1/1   Running            8 (1s ago)   22m',
    'queue-0   0/1   CrashLoopBackOff   8 (20s ago)  23m',
  ]);
  t.same(got.map((g) => `${g.relevance} ${g.event ?? '-'}`), ['signal -', 'context -', 'signal restart', 'signal backoff']);
});

void t.test('a first row that already counts restarts is context; a new pod under the same name starts over', async (t) => {
  const got = watch([
    'web-0   1/1   Running   3 (23m ago)   22h',
    'web-0   1/1   Running   4 (1s ago)    22h',
    'web-0   0/1   Running   0             5s',
    'web-0   1/1   Running   1             40s',
  ]);
  t.same(got.map((g) => `${g.relevance} ${g.event ?? '-'}`), ['context -', 'signal restart', 'context boot', 'signal restart']);
});

void t.test('an input with its own pod keeps it; the state is bounded', async (t) => {
  const rows = new PodTableRows(2);
  const own: PodIdentity = { namespace: 'ops', pod: 'kubectl-watch', container: 'sh' };
  t.equal(rows.decide(row('a-0   1/1   Running   0   1s'), own, true, T0).pod, own);
  rows.decide(row('b-0   1/1   Running   0   1s'), DEFAULTS, false, T0);
  rows.decide(row('c-0   1/1   Running   0   1s'), DEFAULTS, false, T0);
  t.equal(rows.size, 2, 'at most maxPods pods');
  // a-0 was the least recently seen and is forgotten: its next row is a first sighting.
  t.equal(rows.decide(row('a-0   1/1   Running   1   9s'), DEFAULTS, false, T0).classification.rule, 'k8s.pod-row-restarted');
  t.equal(rows.decide(row('c-0   1/1   Running   1   9s'), DEFAULTS, false, T0).classification.event, 'restart', 'c-0 is still known');
});
