import t, { type Test } from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { HEALTHY, LOOPING, fluentBitRecords, kubeletFiles, kubeletInstances } from '../helpers/restart-records.js';
import { firstLineTime, orderInputs } from '../../src/cli/input-order.js';
import type { AnalysisDocument, PodReport } from '../../src/report/analysis.js';

async function analyzeJson(args: string[]): Promise<AnalysisDocument> {
  const r = await runCli(['analyze', '--json', ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as AnalysisDocument;
}

const find = (doc: AnalysisDocument, p: { pod: string }) => doc.pods.find((x) => x.pod === p.pod) as PodReport;
/** The fourth instance's first line: the restart that makes three. */
const FOURTH = '2024-05-06T10:01:25.000Z';

function checkLoop(t: Test, doc: AnalysisDocument): void {
  const looping = find(doc, LOOPING);
  t.equal(looping.events.restart, 3, 'four container ids: three restarts');
  t.match(looping.restartLoop, { active: true, cause: 'crash_loop', since: FOURTH, evidence: '3 container restarts in 5m' });
  t.match(looping.restartLoop.hint, /look at the container's last state: kubectl describe pod/);
  const healthy = find(doc, HEALTHY);
  t.equal(healthy.events.restart, 0);
  t.equal(healthy.restartLoop.active, false);
  t.same(doc.loops.map((l) => [l.pod, l.cause, l.at]), [[LOOPING.pod, 'crash_loop', FOURTH]]);
}

void t.test('a kubelet directory, files in name order: restart = 3 and a crash_loop loop', async (t) => {
  const files = kubeletFiles();
  const instances = kubeletInstances().filter((i) => i.pod === LOOPING.pod);
  t.equal(instances.length, 4);
  t.ok(instances[3].lines[0].timeMs - instances[0].lines[0].timeMs < 4 * 60_000, 'within four minutes');
  t.notSame(files.filter((f) => f.includes(LOOPING.pod)), instances.map((i) => i.file), 'name order is not the order they ran in');
  checkLoop(t, await analyzeJson(files));
});

void t.test('any order on the command line reads them in the order they ran', async (t) => {
  const files = kubeletFiles();
  const byTime = kubeletInstances().map((i) => i.file);
  const looping = (list: string[]) => list.filter((f) => f.includes(LOOPING.pod));
  t.same(looping(orderInputs(files)), looping(byTime));
  t.same(looping(orderInputs([...files].reverse())), looping(byTime));
  const mixed = ['-', files[4], files[3], '/no/such/pod_ns_c-0123456789ab.log', files[0]];
  const ordered = orderInputs(mixed);
  t.equal(ordered[0], '-', 'stdin keeps its place');
  t.equal(ordered[1], files[4], 'another pod keeps its place');
  t.equal(ordered[3], '/no/such/pod_ns_c-0123456789ab.log', 'an unreadable file keeps its place');
  t.same([ordered[2], ordered[4]], looping(byTime).filter((f) => f === files[3] || f === files[0]), "the pod's files take their slots in time order");
  t.equal(firstLineTime(files[0]), Date.parse('2024-05-06T10:01:25Z'));
  checkLoop(t, await analyzeJson([...files].reverse()));
});

void t.test('the same pod through Fluent Bit records with a changing kubernetes.docker_id', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-restarts-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'records.jsonl');
  writeFileSync(file, fluentBitRecords().map((r) => JSON.stringify(r)).join('\n') + '\n');
  checkLoop(t, await analyzeJson([file]));

  const tag = await runCli(['tag', '--min-relevance', 'signal', file]);
  t.equal(tag.code, 0, tag.stderr);
  const loop = tag.stdout.split('\n').filter((l) => l).map((l) => JSON.parse(l) as { attributes: Record<string, unknown> }).find((r) => r.attributes['logsift.synthetic']);
  t.match(loop?.attributes, { 'logsift.loop.cause': 'crash_loop', 'logsift.loop.evidence': '3 container restarts in 5m' });
});

void t.test('the terminal report shows the restarts', async (t) => {
  const r = await runCli(['analyze', ...kubeletFiles()]);
  t.equal(r.code, 0);
  t.match(r.stdout, /RESTART LOOP {2}shop\/inventory-6d9f7c8b5-q2w7x \(inventory\)/);
  t.match(r.stdout, /seen: +3 container restarts in 5m/);
  t.match(r.stdout, /restart/);
});
