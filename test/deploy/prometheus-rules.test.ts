import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { loadDashboard, metricNames, panelQueries, ruleQueries, RULES_FILE, variableQueries } from './support/dashboard-queries.js';
import { exportedSeriesNames } from './support/metric-catalogue.js';
import { prometheusMissing } from './support/prometheus-server.js';
import { repoPath } from './support/repo-paths.js';

const run = promisify(execFile);
const RULES_DIR = repoPath('deploy/prometheus');
const RULES_TEST = 'logsift-alerts.test.yaml';
const missing = prometheusMissing();

async function promtool(args: string[], cwd: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run('promtool', args, { cwd });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}

void t.test('promtool check rules passes', { skip: missing }, async (t) => {
  const { ok, output } = await promtool(['check', 'rules', RULES_FILE], RULES_DIR);
  t.ok(ok, output);
  t.match(output, /SUCCESS: 4 rules found/);
});

void t.test('promtool test rules: the restart-loop alert fires for the dev pod and not for prod', { skip: missing }, async (t) => {
  const { ok, output } = await promtool(['test', 'rules', RULES_TEST], RULES_DIR);
  t.ok(ok, output);
  const tests = parseYaml(readFileSync(join(RULES_DIR, RULES_TEST), 'utf8')) as {
    tests: { input_series: { series: string }[]; alert_rule_test?: { alertname: string; exp_alerts: { exp_labels: Record<string, string> }[] }[] }[];
  };
  const loopTest = tests.tests.find((x) => x.alert_rule_test?.some((a) => a.alertname === 'LogsiftRestartLoop'));
  t.ok(loopTest?.input_series.some((s) => s.series.includes('k8s_namespace_name="prod"')), 'the prod pod is in the input');
  const firing = loopTest?.alert_rule_test?.filter((a) => a.alertname === 'LogsiftRestartLoop').flatMap((a) => a.exp_alerts) ?? [];
  t.same(
    firing.map((a) => a.exp_labels.k8s_namespace_name),
    ['dev'],
    'the only alert expected, at any evaluation, is the dev pod (promtool fails on any extra alert)',
  );
});

void t.test('the rule tests include a loop made of container restarts, next to a pod that does not restart', async (t) => {
  const tests = parseYaml(readFileSync(join(RULES_DIR, RULES_TEST), 'utf8')) as {
    tests: { input_series: { series: string }[]; alert_rule_test?: { alertname: string; exp_alerts: { exp_labels: Record<string, string> }[] }[] }[];
  };
  const restarts = tests.tests.find((x) => x.input_series.some((s) => s.series.includes('event="restart"')));
  t.ok(restarts, 'a case with logsift_lifecycle_events_total{event="restart"}');
  t.ok(restarts?.input_series.some((s) => s.series.includes('orders-7b8c9d6f5-m4n5p')), 'and a healthy neighbour');
  const firing = restarts?.alert_rule_test?.filter((a) => a.alertname === 'LogsiftRestartLoop').flatMap((a) => a.exp_alerts) ?? [];
  t.same(firing.map((a) => a.exp_labels.k8s_pod_name), ['inventory-6d9f7c8b5-q2w7x']);
});

void t.test('promtool test rules fails when the alert would also fire for the healthy pod', { skip: missing }, async (t) => {
  // The unit test must be able to fail: an alert that fires on any pod must not pass it.
  const dir = mkdtempSync(join(tmpdir(), 'logsift-rules-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(join(RULES_DIR, RULES_TEST), join(dir, RULES_TEST));
  const rules = readFileSync(RULES_FILE, 'utf8');
  const loose = rules.replace('(logsift_restart_loop_active) == 1', '(logsift_restart_loop_active) >= 0');
  t.not(loose, rules, 'the mutation applies');
  writeFileSync(join(dir, 'logsift-alerts.yaml'), loose);
  const { ok, output } = await promtool(['test', 'rules', RULES_TEST], dir);
  t.notOk(ok, 'promtool test rules fails');
  t.match(output, /api-7f9c6d5b8-k4p2q/, 'naming the prod pod it did not expect');
});

void t.test('the dashboard and the rules read only series logsift exports', async (t) => {
  const known = exportedSeriesNames();
  const dashboard = loadDashboard();
  const exprs = [
    ...panelQueries(dashboard).map((q) => ({ where: `panel "${q.panel}" ${q.refId}`, expr: q.expr })),
    ...variableQueries(dashboard).map((v) => ({ where: `variable $${v.name}`, expr: v.selector })),
    ...ruleQueries().map((r) => ({ where: `rule ${r.name}`, expr: r.expr })),
  ];
  t.ok(exprs.length >= 15, `${exprs.length} queries`);
  for (const { where, expr } of exprs) {
    const names = metricNames(expr);
    t.ok(names.length > 0, `${where} reads a logsift series`);
    for (const name of names) t.ok(known.has(name), `${where}: ${name} is exported by logsift`);
  }
});

void t.test('the dashboard has its variables and every panel uses the datasource variable', async (t) => {
  const dashboard = loadDashboard();
  const vars = Object.fromEntries(dashboard.templating.list.map((v) => [v.name, v]));
  t.match(vars.datasource, { type: 'datasource', query: 'prometheus' });
  t.same(
    variableQueries(dashboard).map((v) => [v.name, v.label]),
    [
      ['namespace', 'k8s_namespace_name'],
      ['pod', 'k8s_pod_name'],
    ],
  );
  t.match(variableQueries(dashboard)[1].selector, /k8s_namespace_name=~"\$namespace"/, 'pods follow the namespace choice');
  const datasources: unknown[] = [];
  JSON.stringify(dashboard.panels, (key, value: unknown) => {
    if (key === 'datasource') datasources.push(value);
    return value;
  });
  t.ok(datasources.length > 0);
  t.same(new Set(datasources.map((d) => JSON.stringify(d))), new Set([JSON.stringify({ type: 'prometheus', uid: '${datasource}' })]));
  const ids = [] as number[];
  const walk = (ps: { id: number; panels?: unknown[] }[]) => ps.forEach((p) => (ids.push(p.id), walk((p.panels ?? []) as never)));
  walk(dashboard.panels as never);
  t.equal(new Set(ids).size, ids.length, 'panel ids are unique');
  const loopPanel = panelQueries(dashboard).find((q) => q.panel === 'Pods in a restart loop now');
  t.match(loopPanel?.expr, /logsift_restart_loop_active\{k8s_namespace_name=~"\$namespace", k8s_pod_name=~"\$pod"\}/);
});

void t.test('the Grafana provisioning file points at a dashboards folder', async (t) => {
  const provisioning = parseYaml(readFileSync(repoPath('deploy/grafana/provisioning/dashboards/logsift.yaml'), 'utf8')) as {
    apiVersion: number;
    providers: { type: string; options: { path: string } }[];
  };
  t.equal(provisioning.apiVersion, 1);
  t.match(provisioning.providers, [{ type: 'file', options: { path: /^\// } }]);
});
