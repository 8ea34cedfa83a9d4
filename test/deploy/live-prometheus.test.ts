import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadDashboard, panelQueries, ruleQueries, RULES_FILE, substitute, variableQueries, type PanelQuery } from './support/dashboard-queries.js';
import { freePorts } from './support/free-port.js';
import { LogsiftProcess, writeConfig } from './support/logsift-process.js';
import { prometheusMissing, PrometheusServer, type Sample } from './support/prometheus-server.js';
import { REPO_ROOT, repoPath } from './support/repo-paths.js';
import { waitFor } from './support/wait-for.js';

/*
 * A real Prometheus scrapes a real `logsift serve` fed the seed incident as Fluent Bit would
 * send it; then every dashboard query (variables substituted) and every rule expression is
 * evaluated through Prometheus' HTTP API.
 */

const DEV_POD = 'api-7f9c6d5b8-x2x9k';
const PROD_POD = 'api-7f9c6d5b8-k4p2q';
const FIXTURE = repoPath('test/fixtures/seed-incident/fluent-bit-records.jsonl');
const BATCHES = 6;
const RATE_INTERVAL = '1m';
const ALL = { datasource: 'prometheus', namespace: '.*', pod: '.*', __rate_interval: RATE_INTERVAL };

/**
 * Queries that may rightly return nothing for the incident, and why. Every other query must
 * return series.
 */
const MAY_BE_EMPTY: Record<string, string> = {
  'Export failures and drops/B': 'nothing is dropped: failed log batches are retried, not given up',
  'Rejected requests and invalid records/B': 'every record of the incident is valid',
  'Container restarts per pod/A': 'no container of the incident was replaced, and a pod exports only the events it has seen',
};

const skip = prometheusMissing() ?? (existsSync(repoPath('dist/cli/main.js')) ? undefined : 'dist/cli/main.js missing: run `npm run build` first');

void t.test('dashboard and alert queries against a real Prometheus scraping logsift', { skip, timeout: 180_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-live-prom-'));
  const [ingestPort, metricsPort, closedOtlpPort] = await freePorts(3);
  const configFile = join(dir, 'logsift.yaml');
  writeConfig(configFile, {
    log: { level: 'warn' },
    input: { stdin: { enabled: false }, http: { host: '127.0.0.1', port: ingestPort, path: '/' }, otlp: { http: { port: 0 }, grpc: { port: 0 } } },
    export: { prometheus: { enabled: true, host: '127.0.0.1', port: metricsPort } },
    shutdown: { deadline: '2s' },
  });
  const logsift = await LogsiftProcess.start({
    cwd: REPO_ROOT,
    configFile,
    ingestPort,
    // Nothing listens there: the OTLP exporters fail, which the export-failure panel and alert need.
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closedOtlpPort}`, OTEL_METRIC_EXPORT_INTERVAL: '1000' },
  });
  // One teardown, in order: Prometheus (which writes into dir), logsift, then dir.
  const started: { prom?: PrometheusServer } = {};
  t.teardown(async () => {
    await started.prom?.stop();
    await logsift.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const prom = await PrometheusServer.start({ dir, targets: [`127.0.0.1:${metricsPort}`], ruleFiles: [RULES_FILE] });
  started.prom = prom;
  const diagnostics = () => `\n--- logsift ---\n${logsift.recentOutput()}\n--- prometheus ---\n${prom.recentOutput()}`;
  await waitFor('Prometheus to scrape logsift', async () => ((await prom.scalar('up{job="logsift"}')) === 1 ? true : undefined)).catch(
    (err: Error) => t.fail(err.message + diagnostics()),
  );

  const startS = Date.now() / 1000 - 2;
  const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const perBatch = Math.ceil(lines.length / BATCHES);
  for (let sent = 0; sent < lines.length; sent += perBatch) {
    const batch = lines.slice(sent, sent + perBatch);
    const answer = await logsift.post(batch.join('\n') + '\n', 'application/x-ndjson');
    t.equal(answer.status, 200, `batch at line ${sent} accepted (${answer.body})`);
    // Counters must rise between scrapes for rate() and increase() to see anything: wait until
    // Prometheus has scraped this batch before sending the next.
    const total = sent + batch.length;
    await waitFor(`Prometheus to see ${total} records in`, async () => {
      const seen = await prom.scalar('sum(logsift_input_records_total)');
      return seen !== undefined && seen >= total ? seen : undefined;
    });
  }
  const rejected = await logsift.post('<records/>', 'application/xml');
  t.equal(rejected.status, 415, 'an unsupported body is refused (and counted)');

  // The pipeline runs behind the ingest queue: wait until the incident has gone through.
  await waitFor(
    'the dev pod restart loop in Prometheus',
    async () => ((await prom.scalar(`max(logsift_restart_loop_active{k8s_pod_name="${DEV_POD}"})`)) === 1 ? true : undefined),
    { timeoutMs: 60_000 },
  ).catch((err: Error) => t.fail(err.message + diagnostics()));
  await waitFor('rejections, export failures and both pods in Prometheus', async () => {
    const [rejections, failures, pods] = await Promise.all([
      prom.query('logsift_input_rejected_requests_total'),
      prom.query('logsift_export_failures_total'),
      prom.query('logsift_lifecycle_events_total'),
    ]);
    const podNames = new Set(pods.map((s) => s.metric.k8s_pod_name));
    return rejections.length > 0 && failures.length > 0 && podNames.has(DEV_POD) && podNames.has(PROD_POD) ? true : undefined;
  }).catch((err: Error) => t.fail(err.message + diagnostics()));
  // One more scrape so every series has at least two samples after its last change.
  await new Promise((r) => setTimeout(r, 2_500));
  const endS = Date.now() / 1000;

  const dashboard = loadDashboard();
  const evaluate = (q: PanelQuery, vars: Record<string, string>): Promise<Sample[]> => {
    const expr = substitute(q.expr, vars);
    return q.instant ? prom.query(expr) : prom.queryRange(expr, startS, endS, 1);
  };
  const pods = (samples: Sample[]) => [...new Set(samples.map((s) => s.metric.k8s_pod_name))].sort();

  await t.test('every dashboard query runs and returns series where the incident implies data', async (t) => {
    const queries = panelQueries(dashboard);
    t.ok(queries.length >= 15, `${queries.length} panel queries`);
    for (const q of queries) {
      const key = `${q.panel}/${q.refId}`;
      let result: Sample[] = [];
      try {
        result = await evaluate(q, ALL);
      } catch (err) {
        t.fail(`${key}: ${(err as Error).message}`);
        continue;
      }
      if (key in MAY_BE_EMPTY) t.pass(`${key} runs (may be empty: ${MAY_BE_EMPTY[key]})`);
      else t.ok(result.length > 0, `${key} returns series`);
    }
  });

  await t.test('the restart-loop panel shows the dev pod and not prod', async (t) => {
    const q = panelQueries(dashboard).find((x) => x.panel === 'Pods in a restart loop now') as PanelQuery;
    t.same(pods(await evaluate(q, ALL)), [DEV_POD], 'all namespaces');
    t.same(pods(await evaluate(q, { ...ALL, namespace: 'dev' })), [DEV_POD], 'namespace dev');
    t.same(pods(await evaluate(q, { ...ALL, namespace: 'prod' })), [], 'namespace prod');
    t.same(pods(await evaluate(q, { ...ALL, pod: PROD_POD })), [], 'pod prod');
  });

  await t.test('lifecycle panels show the loop by kind for dev, and prod only booting', async (t) => {
    const queries = panelQueries(dashboard);
    const events = queries.find((x) => x.panel === 'Lifecycle events per pod by kind') as PanelQuery;
    const result = await evaluate(events, ALL);
    const rising = (pod: string) =>
      [...new Set(result.filter((s) => s.metric.k8s_pod_name === pod && s.values?.some(([, v]) => Number(v) > 0)).map((s) => s.metric.event))].sort();
    t.same(rising(DEV_POD), ['boot', 'exit', 'kill', 'timeout'], 'dev: boots, timeouts, exits and kills rise batch after batch');
    // prod's two boots arrive in one batch, so its series starts at 2 and increase() sees no rise
    // (Prometheus cannot count a counter's first sample); the totals show them.
    t.ok(result.some((s) => s.metric.k8s_pod_name === PROD_POD), 'prod is on the panel');
    const prodTotals = await prom.query(`logsift_lifecycle_events_total{k8s_pod_name="${PROD_POD}"} > 0`);
    t.same(
      prodTotals.map((s) => [s.metric.event, s.value?.[1]]),
      [['boot', '2']],
      'prod: two worker boots, nothing else',
    );

    const windows = queries.find((x) => x.panel === 'Lifecycle events in sliding windows') as PanelQuery;
    const now = await evaluate(windows, { ...ALL, namespace: 'dev' });
    const devWindows = new Set(now.filter((s) => s.metric.k8s_pod_name === DEV_POD).map((s) => s.metric.window));
    t.same([...devWindows].sort(), ['15m', '1m', '5m'], 'dev has counts in every window');
    t.ok(now.every((s) => s.metric.k8s_pod_name === DEV_POD), 'namespace dev shows only the dev pod');
  });

  await t.test('the namespace and pod variables list what the incident has', async (t) => {
    const [namespaceVar, podVar] = variableQueries(dashboard);
    t.same((await prom.labelValues(namespaceVar.label, substitute(namespaceVar.selector, ALL))).sort(), ['dev', 'prod']);
    t.same(await prom.labelValues(podVar.label, substitute(podVar.selector, { ...ALL, namespace: 'dev' })), [DEV_POD]);
    t.same(await prom.labelValues(podVar.label, substitute(podVar.selector, { ...ALL, namespace: 'prod' })), [PROD_POD]);
  });

  await t.test('every alert expression runs; the restart-loop one selects dev only', async (t) => {
    for (const rule of ruleQueries()) {
      const result = await prom.query(rule.expr).catch((err: Error) => {
        t.fail(`${rule.name}: ${err.message}`);
        return [] as Sample[];
      });
      if (rule.name === 'LogsiftRestartLoop') t.same(pods(result), [DEV_POD], `${rule.name} selects the dev pod only`);
      else if (rule.name === 'LogsiftExportFailing') t.ok(result.length > 0, `${rule.name} sees the failing OTLP endpoint`);
      else if (rule.name === 'LogsiftBadConfig') {
        t.same(result, [], `${rule.name}: the config that logsift started with is good`);
        t.same((await prom.query('logsift_config_last_reload_successful')).map((r) => Number(r.value?.[1])), [1], 'and the series it reads is there');
      }
      else t.pass(`${rule.name} runs`);
    }
    const groups = await prom.api<{ groups: { rules: { name: string; health: string; lastError?: string }[] }[] }>('/api/v1/rules');
    const loaded = groups.groups.flatMap((g) => g.rules);
    t.same(
      loaded.map((r) => r.name).sort(),
      ruleQueries()
        .map((r) => r.name)
        .sort(),
      'Prometheus loaded every rule',
    );
    // A rule's first evaluation can lag the scrape: wait for every rule to have run once.
    await waitFor('every rule to be evaluated', async () => {
      const now = await prom.api<{ groups: { rules: { health: string }[] }[] }>('/api/v1/rules');
      return now.groups.every((g) => g.rules.every((r) => r.health !== 'unknown')) ? true : undefined;
    });
    const after = await prom.api<{ groups: { rules: { name: string; health: string; lastError?: string }[] }[] }>('/api/v1/rules');
    for (const r of after.groups.flatMap((g) => g.rules)) t.equal(r.health, 'ok', `${r.name} evaluates cleanly ${r.lastError ?? ''}`);
    const alerts = await prom.api<{ alerts: { labels: Record<string, string>; state: string }[] }>('/api/v1/alerts');
    const loopAlerts = alerts.alerts.filter((a) => a.labels.alertname === 'LogsiftRestartLoop');
    t.same(
      loopAlerts.map((a) => a.labels.k8s_pod_name),
      [DEV_POD],
      'the restart-loop alert is pending (its `for` has not run out) for the dev pod only',
    );
  });
});
