import t from 'tap';
import { runCli } from '../helpers/run-cli.js';
import type { AnalysisDocument } from '../../src/report/analysis.js';

/*
 * An on-call engineer pastes `kubectl get pods -w` into `logsift analyze`: the rows name the pods
 * (the input carries no identity), the RESTARTS column rising is a restart, CrashLoopBackOff a
 * back-off, OOMKilled an OOM kill, and the loop is declared from them.
 */

const WATCH = [
  'NAME                      READY   STATUS              RESTARTS      AGE',
  'api-7f9c6d5b8-x2x9k       0/1     ContainerCreating   0             1s',
  'web-5d8f7c9b6f-abcde      1/1     Running             0             2d',
  'api-7f9c6d5b8-x2x9k       1/1     Running             0             4s',
  'api-7f9c6d5b8-x2x9k       0/1     Error               0             31s',
  'api-7f9c6d5b8-x2x9k       1/1     Running             1 (2s ago)    33s',
  'api-7f9c6d5b8-x2x9k       0/1     Error               1 (28s ago)   61s',
  'api-7f9c6d5b8-x2x9k       0/1     CrashLoopBackOff    1 (12s ago)   73s',
  'api-7f9c6d5b8-x2x9k       1/1     Running             2 (15s ago)   88s',
  'api-7f9c6d5b8-x2x9k       0/1     OOMKilled           2 (30s ago)   118s',
  'api-7f9c6d5b8-x2x9k       0/1     CrashLoopBackOff    2 (14s ago)   2m12s',
  'api-7f9c6d5b8-x2x9k       1/1     Running             3 (40s ago)   2m52s',
  'web-5d8f7c9b6f-abcde      1/1     Running             0             2d',
].join('\n') + '\n';

async function analyze(workers: number): Promise<AnalysisDocument> {
  const r = await runCli(['analyze', '--json', '--workers', String(workers), '-'], { input: WATCH });
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as AnalysisDocument;
}

void t.test('a crash-looping pod in a pasted watch: restart counts per pod and a loop', async (t) => {
  const doc = await analyze(0);
  const api = doc.pods.find((p) => p.pod === 'api-7f9c6d5b8-x2x9k');
  t.ok(api, 'the pod named by the rows is reported');
  t.match(api?.events, { boot: 1, restart: 3, exit: 2, backoff: 2, oom: 1 });
  t.equal(api?.restartLoop.active, true);
  t.equal(api?.restartLoop.cause, 'oom', 'the OOMKilled row is the evidence');
  const web = doc.pods.find((p) => p.pod === 'web-5d8f7c9b6f-abcde');
  // Its one row, Running for 2 days, is the watch's opening snapshot: no start is seen.
  t.match(web?.events, { boot: 0, restart: 0, backoff: 0 });
  t.equal(web?.restartLoop.active, false, 'a healthy pod in the same table is not looping');
  t.same(doc.loops.map((l) => l.pod), ['api-7f9c6d5b8-x2x9k']);
});

void t.test('the same with pipeline workers', async (t) => {
  const strip = (d: AnalysisDocument) => d.pods.map((p) => ({ pod: p.pod, events: p.events, loop: { ...p.restartLoop, since: undefined } }));
  t.same(strip(await analyze(2)), strip(await analyze(0)));
});
