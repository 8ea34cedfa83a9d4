/**
 * End to end: `node dist/cli/main.js serve` under a steady feed of the incident gets a rule pack
 * that changes a line's verdict and a SIGHUP (npm test builds dist first). The new verdict applies
 * to new lines, per-pod totals and the active loop survive, no record is lost or duplicated; a
 * broken pack leaves the old one running and flips logsift_config_last_reload_successful to 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { stringify } from 'yaml';
import { parsePrometheusText } from '../../helpers/prometheus-text.js';
import { FIXTURES } from '../../helpers/run-cli.js';
import { bySeq, cacheLine, POD, relevance, RELOAD_FIXTURES, TOKEN } from './support.js';

const MAIN = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
const INCIDENT = readFileSync(join(FIXTURES, 'seed-incident', 'gunicorn-numpy.log'), 'utf8').replace(/\n$/, '').split('\n');
const skip = existsSync(MAIN) ? false : 'dist/cli/main.js is not built (npm test builds it)';

interface Child {
  child: ChildProcess;
  records: Record<string, unknown>[];
  logs: Record<string, unknown>[];
  exit: Promise<number | null>;
}

function serve(configPath: string): Child {
  const child = spawn(process.execPath, [MAIN, 'serve', '--config', configPath], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const records: Record<string, unknown>[] = [];
  const logs: Record<string, unknown>[] = [];
  const lines = (stream: NodeJS.ReadableStream, into: Record<string, unknown>[]) => {
    let partial = '';
    stream.on('data', (c: Buffer) => {
      const parts = (partial + c.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const p of parts) if (p) into.push(JSON.parse(p) as Record<string, unknown>);
    });
  };
  lines(child.stdout!, records);
  lines(child.stderr!, logs);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Bounded: never leave a child behind.
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  void exit.then(() => clearTimeout(guard));
  return { child, records, logs, exit };
}

/** Polls `probe` (at most 15 s), as the child answers between batches. */
async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The incident in batches of about ten lines, a marker line `seq=N` before each gunicorn line (never inside a multi-line warning). */
function batches(): { lines: string[]; seqs: number[] }[] {
  const out: { lines: string[]; seqs: number[] }[] = [];
  let cur: { lines: string[]; seqs: number[] } = { lines: [], seqs: [] };
  let seq = 0;
  for (const line of INCIDENT) {
    if (line.startsWith('[') && cur.lines.length >= 10) {
      out.push(cur);
      cur = { lines: [], seqs: [] };
    }
    if (line.startsWith('[')) {
      seq++;
      cur.lines.push(cacheLine(seq));
      cur.seqs.push(seq);
    }
    cur.lines.push(line);
  }
  out.push(cur);
  return out;
}

void t.test('SIGHUP under a steady feed: new verdicts for new lines, nothing lost, state kept', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-sighup-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const rules = join(dir, 'rules');
  mkdirSync(rules);
  const usePack = (fixture: string) => copyFileSync(join(RELOAD_FIXTURES, fixture), join(rules, 'myapp.yaml'));
  usePack('cache-context.yaml');
  const configPath = join(dir, 'logsift.yaml');
  writeFileSync(configPath, stringify({
    input: { http: { port: 0, auth: { token: TOKEN } }, otlp: { http: { enabled: false }, grpc: { enabled: false } }, stdin: { enabled: false } },
    export: { prometheus: { port: 0 }, stdout: { enabled: true } },
    pipeline: { classify: { extraRulesDirs: [rules] } },
  }));
  const run = serve(configPath);
  t.teardown(() => run.child.kill('SIGKILL'));

  const ingestUrl = await until('the serving log line', () => run.logs.find((l) => l.msg === 'logsift serving')?.http as string | undefined);
  const promAddr = await until('the scrape endpoint', () => run.logs.find((l) => l.msg === 'Prometheus scrape endpoint listening')?.address as { port: number } | undefined);
  const metrics = async () => parsePrometheusText(await (await fetch(`http://127.0.0.1:${promAddr.port}/metrics`)).text()).samples;
  const value = async (name: string, labels: Record<string, string> = {}) =>
    (await metrics()).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
  const podLabels = { k8s_pod_name: POD.pod };
  const post = async (lines: string[]) => {
    const res = await fetch(ingestUrl + '/', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain', 'x-logsift-namespace': POD.namespace, 'x-logsift-pod': POD.pod, 'x-logsift-container': POD.container },
      body: lines.join('\n') + '\n',
    });
    await res.arrayBuffer();
    if (res.status !== 200) refusedBatches.push(res.status);
  };
  const refusedBatches: number[] = [];

  const startTime = await value('logsift_config_last_reload_success_timestamp_seconds');
  t.ok(startTime !== undefined && startTime > 0, 'the start counts as a successful load');
  t.equal(await value('logsift_config_last_reload_successful'), 1);

  const all = batches();
  const sent: number[] = [];
  let b = 0;
  // Until the loop is declared: the first version of the pack.
  while (b < all.length && (await value('logsift_restart_loop_active', podLabels)) !== 1) {
    await post(all[b].lines);
    sent.push(...all[b].seqs);
    b++;
    if (b % 3 === 0) await until('the batch to be processed', async () => (bySeq(run.records).has(sent[sent.length - 1]) ? true : undefined));
  }
  t.ok(b < all.length - 5, `the loop is active after ${b} of ${all.length} batches, with the feed still going`);
  const lastBefore = sent[sent.length - 1];

  // The reload lands while batches keep coming.
  usePack('cache-signal.yaml');
  run.child.kill('SIGHUP');
  let firstAfter: number | undefined;
  while (b < all.length) {
    await post(all[b].lines);
    sent.push(...all[b].seqs);
    b++;
    if (firstAfter === undefined && ((await value('logsift_config_last_reload_success_timestamp_seconds')) ?? 0) > startTime!) {
      firstAfter = sent[sent.length - 1] + 1;
    }
  }
  await until('the reload', async () => (((await value('logsift_config_last_reload_success_timestamp_seconds')) ?? 0) > startTime! ? true : undefined));
  const tail = sent.length + 1;
  await post([cacheLine(tail)]);
  sent.push(tail);
  firstAfter ??= tail;
  await until('every marker record', () => (bySeq(run.records).size === sent.length ? true : undefined));

  t.same(refusedBatches, [], 'every batch was accepted (200)');
  const seen = bySeq(run.records);
  t.same(sent.filter((s) => seen.get(s)?.length !== 1), [], 'every marker line is in exactly one record');
  const verdicts = sent.map((s) => relevance(seen.get(s)?.[0]));
  t.same(verdicts.slice(0, lastBefore), Array(lastBefore).fill('context'), 'lines sent before SIGHUP: the old verdict');
  t.same(verdicts.slice(firstAfter - 1), Array(sent.length - firstAfter + 1).fill('signal'), 'lines sent after the reload: the new verdict');
  const flips = verdicts.filter((v, i) => i > 0 && v !== verdicts[i - 1]).length;
  t.equal(flips, 1, 'the verdict changes once, between batches');

  t.equal(await value('logsift_restart_loop_active', podLabels), 1, 'the loop is still active');
  for (const event of ['boot', 'timeout', 'exit', 'kill']) {
    t.equal(await value('logsift_lifecycle_events_total', { ...podLabels, event }), 20, `${event}: 20 in total across the reload`);
  }
  t.equal(run.records.filter((r) => (r.attributes as Record<string, unknown>)['logsift.synthetic'] === true).length, 1, 'the loop was announced once');

  // A broken pack: refused, the metric says so, the old pack keeps deciding.
  usePack('broken.yaml');
  run.child.kill('SIGHUP');
  await until('the failed reload', async () => ((await value('logsift_config_last_reload_successful')) === 0 ? true : undefined));
  await post([cacheLine(tail + 1)]);
  await until('the marker after the failed reload', () => (bySeq(run.records).has(tail + 1) ? true : undefined));
  t.equal(relevance(bySeq(run.records).get(tail + 1)?.[0]), 'signal', 'the last good pack still decides');
  const failures = run.logs.filter((l) => l.msg === 'reload failed; the running configuration stays');
  t.equal(failures.length, 1, 'the error is logged once');
  t.match(failures[0].error, /myapp\.yaml:\d+: rule "myapp\.cache-refresh": match is not a valid regular expression/);

  const refused = await fetch(ingestUrl + '/-/reload', { method: 'POST' });
  t.equal(refused.status, 401, '/-/reload without the token');

  run.child.kill('SIGTERM');
  t.equal(await run.exit, 0, 'exits 0 on SIGTERM');
  const lineCount = (r: Record<string, unknown>) => {
    const a = r.attributes as Record<string, unknown>;
    return a['logsift.synthetic'] === true ? 0 : ((a['logsift.lines'] as number | undefined) ?? 1);
  };
  const lines = run.records.reduce((n, r) => n + lineCount(r), 0);
  t.equal(lines, INCIDENT.length + sent.length + 1, 'every line posted is in exactly one record');
});
