import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runCli } from '../helpers/run-cli.js';

const LOG = join(FIXTURES, 'seed-incident', 'gunicorn-numpy.log');
const DEV = 'api-7f9c6d5b8-x2x9k';

interface TaggedRecord {
  timestamp: string;
  observedTimestamp: string;
  severityText: string;
  severityNumber: number;
  body: string;
  resource: Record<string, string>;
  attributes: Record<string, unknown>;
}

const parseLines = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l) as TaggedRecord);

t.test('every input line appears in exactly one record, in order', async (t) => {
  const r = await runCli(['tag', LOG, '--namespace', 'dev', '--pod', DEV, '--container', 'api']);
  t.equal(r.code, 0, r.stderr);
  const records = parseLines(r.stdout);
  const real = records.filter((x) => !x.attributes['logsift.synthetic']);
  const input = readFileSync(LOG, 'utf8').replace(/\n$/, '').split('\n');
  t.same(real.flatMap((x) => x.body.split('\n')), input);

  const first = records[0];
  t.same(first.resource, { 'k8s.namespace.name': 'dev', 'k8s.pod.name': DEV, 'k8s.container.name': 'api' });
  t.equal(first.timestamp, '1678840926000000000', 'event time from the gunicorn line, in nanoseconds');
  t.match(first.observedTimestamp, /^\d{19}$/);
  t.equal(first.severityText, 'INFO');
  t.equal(first.severityNumber, 9);
  t.match(first.attributes, { 'logsift.relevance': 'context', 'logsift.rule': 'gunicorn.starting' });
  t.match(first.attributes['logsift.template.id'], /^[0-9a-f]{16}$/);
  t.equal(first.attributes['logsift.template'], 'Starting gunicorn <*>.<*>.<*>');

  const timeout = records.find((x) => x.body.includes('WORKER TIMEOUT'));
  t.match(timeout?.attributes, { 'logsift.relevance': 'signal', 'logsift.event': 'timeout' });
  t.equal(timeout?.severityText, 'FATAL');
  const warning = records.find((x) => x.body.includes('UserWarning'));
  t.equal(warning?.severityText, 'WARN', 'severity is WARN ...');
  t.equal(warning?.attributes['logsift.relevance'], 'noise', '... and relevance is noise');
});

t.test('the restart loop is announced once, in the same stream', async (t) => {
  const r = await runCli(['tag', LOG, '--namespace', 'dev', '--pod', DEV]);
  const synthetic = parseLines(r.stdout).filter((x) => x.attributes['logsift.synthetic'] === true);
  t.equal(synthetic.length, 1);
  t.match(synthetic[0].attributes, { 'logsift.relevance': 'signal', 'logsift.rule': 'logsift.restart-loop', 'logsift.loop.cause': 'starved_workers' });
  t.match(synthetic[0].body, /restart loop detected in dev\/api-7f9c6d5b8-x2x9k/);
});

t.test('--min-relevance filters; stdin works with -', async (t) => {
  const input = readFileSync(LOG, 'utf8');
  const r = await runCli(['tag', '-', '--min-relevance', 'signal'], { input, env: { POD_NAME: DEV, POD_NAMESPACE: 'dev' } });
  t.equal(r.code, 0, r.stderr);
  const records = parseLines(r.stdout);
  t.ok(records.every((x) => x.attributes['logsift.relevance'] === 'signal'));
  t.equal(records.filter((x) => x.attributes['logsift.event'] === 'timeout').length, 20);
  t.equal(records[0].resource['k8s.pod.name'], DEV, 'identity from the downward-API environment');
  t.equal(records[0].resource['k8s.container.name'], 'unknown', 'and explicitly unknown where nothing says');
});
