import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runCli } from '../helpers/run-cli.js';
import type { AnalysisDocument } from '../../src/report/analysis.js';

const INCIDENT = join(FIXTURES, 'seed-incident');
const LOG = join(INCIDENT, 'gunicorn-numpy.log');
const CRI_DIR = join(INCIDENT, 'var-log-containers');
const CRI_FILES = readdirSync(CRI_DIR).map((f) => join(CRI_DIR, f));
const DEV = 'api-7f9c6d5b8-x2x9k';
const PROD = 'api-7f9c6d5b8-k4p2q';

async function analyzeJson(args: string[]): Promise<AnalysisDocument> {
  const r = await runCli(['analyze', '--json', ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as AnalysisDocument;
}

t.test('the incident log: counts, loop, hint, signals and benign noise', async (t) => {
  const doc = await analyzeJson([LOG, '--namespace', 'dev', '--pod', DEV]);
  t.equal(doc.pods.length, 1);
  const pod = doc.pods[0];
  t.same([pod.namespace, pod.pod], ['dev', DEV]);
  t.same(
    { boot: pod.events.boot, timeout: pod.events.timeout, exit: pod.events.exit, kill: pod.events.kill, oom: pod.events.oom },
    { boot: 20, timeout: 20, exit: 20, kill: 20, oom: 0 },
  );
  t.equal(pod.restartLoop.active, true);
  t.match(pod.restartLoop.hint, /CPU and memory limits/);
  t.match(pod.restartLoop.hint, /timeout/);
  t.match(pod.restartLoop.evidence, /worker timeouts/);

  // Every numpy warning and its echoed source line: noise, with a reason that calls it benign.
  const lines = readFileSync(LOG, 'utf8').split('\n');
  const warningLines = lines.filter((l) => l.includes('UserWarning: The value of the smallest subnormal')).length;
  const echoLines = lines.filter((l) => /^\s+(setattr|return self\._float_to_str)/.test(l)).length;
  t.equal(warningLines, 80);
  t.equal(echoLines, 80);
  const numpy = doc.noise.filter((n) => n.example.includes('smallest subnormal'));
  t.equal(numpy.reduce((s, n) => s + n.count, 0), 80, 'each warning record is noise');
  for (const n of numpy) {
    t.match(n.reason, /^benign: /);
    t.equal(n.example.split('\n').length, 2, 'the echoed source line travels with its warning');
  }
  t.notOk(doc.signals.some((s) => s.example.includes('UserWarning')), 'no warning is a signal');

  const timeouts = doc.signals.find((s) => s.event === 'timeout');
  const kills = doc.signals.find((s) => s.event === 'kill');
  t.equal(timeouts?.count, 20, 'every WORKER TIMEOUT is a signal');
  t.match(timeouts?.example, /WORKER TIMEOUT/);
  t.equal(kills?.count, 20, 'every SIGKILL termination is a signal');
  t.match(kills?.example, /terminated due to signal 9/);
  t.equal(doc.summary.lines, 243, 'every input line is accounted for');
  t.same(doc.summary.timeRange, { first: '2023-03-15T00:42:06.000Z', last: '2023-03-15T00:47:17.000Z' });
});

t.test('the terminal report leads with the loop', async (t) => {
  const r = await runCli(['analyze', LOG, '--namespace', 'dev', '--pod', DEV]);
  t.equal(r.code, 0);
  const firstSection = r.stdout.split('\n').slice(1).find((l) => l.trim() !== '');
  t.match(firstSection, new RegExp(`^RESTART LOOP  dev/${DEV}`));
  t.ok(r.stdout.indexOf('RESTART LOOP') < r.stdout.indexOf('SIGNALS'));
  t.match(r.stdout, /likely cause: .*CPU and memory limits/);
});

t.test('CRI files and Fluent Bit records give the same per-pod results', async (t) => {
  const cri = await analyzeJson(CRI_FILES);
  const fb = await analyzeJson([join(INCIDENT, 'fluent-bit-records.jsonl')]);
  const perPod = (d: AnalysisDocument) =>
    Object.fromEntries(d.pods.map((p) => [`${p.namespace}/${p.pod}/${p.container}`, { events: p.events, loop: p.restartLoop.active, cause: p.restartLoop.cause }]));
  t.same(perPod(cri), perPod(fb));
  const dev = cri.pods.find((p) => p.pod === DEV);
  const prod = cri.pods.find((p) => p.pod === PROD);
  t.equal(dev?.namespace, 'dev');
  t.equal(dev?.restartLoop.active, true);
  t.equal(dev?.events.kill, 20);
  t.equal(prod?.namespace, 'prod');
  t.equal(prod?.restartLoop.active, false);
  t.equal(prod?.events.boot, 2);
  t.same(cri.summary.byRelevance, fb.summary.byRelevance);
  const probes = fb.noise.find((n) => n.rule === 'k8s.health-check-ok');
  t.equal(probes?.count, 300, 'the healthy pod\'s 300 health checks are noise');
});
