import t from 'tap';
import { buildConfig } from '../../src/config/load-config.js';
import { parseKeyValueList, resolveExportSettings } from '../../src/sinks/resolve-otlp-settings.js';

const cfg = (exp: unknown = {}) => buildConfig({ export: exp }).export;

void t.test('no endpoint anywhere: no OTLP export, no warning', async (t) => {
  const s = resolveExportSettings(cfg(), {});
  t.equal(s.metrics, undefined);
  t.equal(s.logs, undefined);
  t.same(s.warnings, []);
  t.same(s.resource, { 'service.name': 'logsift' });
});

void t.test('base endpoint gets the signal paths; defaults follow the spec', async (t) => {
  const s = resolveExportSettings(cfg(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' });
  t.equal(s.metrics?.url, 'http://collector:4318/v1/metrics');
  t.equal(s.logs?.url, 'http://collector:4318/v1/logs');
  t.equal(s.metrics?.protocol, 'http/protobuf');
  t.equal(s.metrics?.timeoutMs, 10_000);
  t.equal(s.metrics?.intervalMs, 60_000);
  t.equal(s.metrics?.temporality, 'cumulative');
  t.equal(s.logs?.compression, 'none');
});

void t.test('environment wins over the file, signal-specific over general', async (t) => {
  const file = cfg({
    otlp: {
      endpoint: 'http://file:4318',
      protocol: 'http/json',
      headers: { 'x-tenant': 'file', 'x-file': '1' },
      timeout: '3s',
      metrics: { interval: '15s', temporality: 'delta' },
      logs: { endpoint: 'http://file-logs:9999/custom' },
    },
    resource: { serviceName: 'from-file', attributes: { team: 'a', region: 'eu' } },
  });
  const fromFile = resolveExportSettings(file, {});
  t.equal(fromFile.metrics?.url, 'http://file:4318/v1/metrics');
  t.equal(fromFile.logs?.url, 'http://file-logs:9999/custom', 'signal endpoint used as is');
  t.equal(fromFile.metrics?.protocol, 'http/json');
  t.equal(fromFile.metrics?.timeoutMs, 3000);
  t.equal(fromFile.metrics?.intervalMs, 15_000);
  t.equal(fromFile.metrics?.temporality, 'delta');
  t.same(fromFile.resource, { 'service.name': 'from-file', team: 'a', region: 'eu' });

  const s = resolveExportSettings(file, {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318',
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://env-metrics:1234/m',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=env,authorization=Bearer%20abc',
    OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'x-tenant=env-logs',
    OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
    OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: 'gzip',
    OTEL_METRIC_EXPORT_INTERVAL: '5000',
    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'CUMULATIVE',
    OTEL_SERVICE_NAME: 'svc-env',
    OTEL_RESOURCE_ATTRIBUTES: 'team=b,service.name=ignored,k8s.cluster.name=c1',
    OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '100',
    OTEL_BLRP_SCHEDULE_DELAY: '250',
  });
  t.equal(s.metrics?.url, 'http://env-metrics:1234/m');
  t.equal(s.logs?.url, 'http://env:4318/v1/logs', 'env base beats the file signal endpoint');
  t.equal(s.metrics?.protocol, 'http/protobuf');
  t.equal(s.logs?.protocol, 'http/json');
  t.same(s.metrics?.headers, { 'x-tenant': 'env', 'x-file': '1', authorization: 'Bearer abc' });
  t.equal(s.logs?.headers['x-tenant'], 'env-logs');
  t.equal(s.metrics?.timeoutMs, 2500);
  t.equal(s.logs?.compression, 'gzip');
  t.equal(s.metrics?.compression, 'none');
  t.equal(s.metrics?.intervalMs, 5000);
  t.equal(s.metrics?.temporality, 'cumulative');
  t.equal(s.logs?.batchMaxRecords, 100);
  t.equal(s.logs?.batchIntervalMs, 250);
  t.same(s.resource, { 'service.name': 'svc-env', team: 'b', region: 'eu', 'k8s.cluster.name': 'c1' }, 'OTEL_SERVICE_NAME beats OTEL_RESOURCE_ATTRIBUTES');
  t.same(s.warnings, []);
});

void t.test('bad environment values are warnings, never fatal', async (t) => {
  const s = resolveExportSettings(cfg(), {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ok:4318',
    OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'not a url',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    OTEL_EXPORTER_OTLP_TIMEOUT: '-5',
    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'sometimes',
    OTEL_EXPORTER_OTLP_HEADERS: 'novalue,a=%zz',
  });
  t.equal(s.logs, undefined, 'a bad logs endpoint turns log export off');
  t.equal(s.metrics?.protocol, 'http/protobuf');
  t.equal(s.metrics?.timeoutMs, 10_000);
  t.equal(s.metrics?.temporality, 'cumulative');
  t.equal(s.warnings.length, 6);
  t.match(s.warnings.join('\n'), /OTEL_EXPORTER_OTLP_LOGS_ENDPOINT.*not an http/);
});

void t.test('OTEL_*_EXPORTER=none and logs.enabled=false switch a signal off', async (t) => {
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_METRICS_EXPORTER: 'none' };
  const s = resolveExportSettings(cfg(), env);
  t.equal(s.metrics, undefined);
  t.ok(s.logs);
  t.equal(resolveExportSettings(cfg({ logs: { enabled: false } }), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).logs, undefined);
});

void t.test('key=value lists', async (t) => {
  const w: string[] = [];
  t.same(parseKeyValueList(' a = 1 , b=x%3Dy,,', w, 'X'), { a: '1', b: 'x=y' });
  t.same(w, []);
});
