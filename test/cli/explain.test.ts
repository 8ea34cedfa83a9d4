import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runCli } from '../helpers/run-cli.js';

const seed = readFileSync(join(FIXTURES, 'seed-incident', 'gunicorn-numpy.log'), 'utf8');

interface Explained {
  input: string;
  format: string;
  group: string;
  severity: { text: string };
  template: { text: string };
  matched: { rule: string }[];
  decided: { rule: string; relevance: string; event?: string; reason?: string };
  why: string;
}

t.test('WORKER TIMEOUT names gunicorn.worker-timeout', async (t) => {
  const r = await runCli(['explain', '[2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9)']);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /format +gunicorn\n/);
  t.match(r.stdout, /severity +FATAL\n/);
  t.match(r.stdout, /template +WORKER TIMEOUT \(pid:<\*>\)/);
  t.match(r.stdout, /rules +gunicorn\.worker-timeout +config\/rules\/gunicorn\.yaml:\d+ +<- decided/);
  t.match(r.stdout, /relevance +signal, score 95/);
  t.match(r.stdout, /event +timeout\n/);
  t.match(r.stdout, /why +rule gunicorn\.worker-timeout .*within --timeout/);
});

t.test('the numpy warning names its benign entry and why', async (t) => {
  const lines = seed.split('\n').slice(5, 7).join('\n') + '\n';
  const r = await runCli(['explain', '-'], { input: lines });
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /\(\+1 more line: one python-warning record\)/);
  t.match(r.stdout, /python\.benign\.numpy-smallest-subnormal .*<- decided/);
  t.match(r.stdout, /python\.warning .*matches too/);
  t.match(r.stdout, /why +benign entry python\.benign\.numpy-smallest-subnormal \(config\/rules\/python\.yaml:\d+\) in the known-benign catalogue: a library switched the FPU to flush-to-zero/);
});

t.test('--json explains every record of the seed incident, repetition included', async (t) => {
  const r = await runCli(['explain', '--json', '-'], { input: seed });
  t.equal(r.code, 0, r.stderr);
  const all = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Explained & { synthetic?: boolean });
  const records = all.filter((e) => !e.synthetic);
  t.equal(records.length, 163, 'one explanation per line record (analyze counts 164 with the loop announcement)');
  t.ok(all.some((e) => e.synthetic), 'the restart-loop announcement is in the stream');
  const timeout = records.find((e) => e.input.includes('WORKER TIMEOUT'))!;
  t.equal(timeout.decided.rule, 'gunicorn.worker-timeout');
  t.equal(timeout.decided.event, 'timeout');
  t.same(timeout.matched.map((m) => m.rule), ['gunicorn.worker-timeout']);
  const numpy = records.find((e) => e.input.includes('UserWarning'))!;
  t.equal(numpy.group, 'python-warning');
  t.equal(numpy.decided.relevance, 'noise');
  t.match(numpy.why, /^benign entry python\.benign\.numpy-smallest-subnormal/);
  const boots = records.filter((e) => e.input.includes('Booting worker'));
  t.match(boots[0].why, /^rule gunicorn\.boot .* decides it: context/, 'the first boot');
  // Each later boot comes a second after a kill (issue 13): a signal before the loop is declared.
  t.match(boots.at(-1)!.why, /what came before in the pod makes it signal boot: boot under 1 s after a kill/);
});

t.test('a repeated line with no rule is explained as repetition', async (t) => {
  const line = '[2023-03-15 09:42:37 +0900] [1] [INFO] cache refreshed for tenant';
  const r = await runCli(['explain', '--json', '-'], { input: `${line}\n`.repeat(125) });
  const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Explained;
  t.equal(last.decided.rule, 'builtin.repetitive');
  t.match(last.why, /repeated 125 times in the current 1m window \(more than 120\)/);
});

t.test('explain without a line on a terminal is a usage error', async (t) => {
  const r = await runCli(['explain', '--pod', 'x']);
  // stdin is a pipe here (not a terminal), so it reads it: nothing in, nothing out.
  t.equal(r.code, 0);
  t.equal(r.stdout, '');
});
