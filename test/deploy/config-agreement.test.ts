import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { container, envValue } from './support/daemonset.js';
import { loadDeploymentConfigs, onlySection, sections } from './support/deployment-configs.js';
import { entry, globMatcher } from './support/fluent-bit-conf.js';
import { repoPath } from './support/repo-paths.js';

const deployment = loadDeploymentConfigs();
const { logsift, fluentBit, daemonSet } = deployment;
const output = onlySection(fluentBit, 'OUTPUT', 'http');
const tail = onlySection(fluentBit, 'INPUT', 'tail');
const service = onlySection(fluentBit, 'SERVICE');

/**
 * Fluent Bit `http` output formats logsift decodes, with the Content-Type Fluent Bit sends for
 * each (test/fixtures/fluent-bit-out-http/README.md). gelf is left out: its message key is
 * `short_message`, not one of logsift's default message keys.
 */
const FORMAT_CONTENT_TYPE: Record<string, string> = {
  json: 'application/json',
  json_lines: 'application/x-ndjson',
  json_stream: 'application/json',
  msgpack: 'application/msgpack',
};

void t.test("logsift's config in the ConfigMap passes logsift's own schema", async (t) => {
  // loadDeploymentConfigs ran buildConfig: unknown keys and bad values would have thrown.
  t.equal(logsift.input.http.enabled, true);
  t.equal(logsift.input.stdin.enabled, false, 'no stdin in a sidecar');
});

void t.test('Fluent Bit posts to the address, port and path logsift listens on', async (t) => {
  t.equal(entry(output, 'Host'), logsift.input.http.host, 'host');
  t.equal(entry(output, 'Host'), '127.0.0.1', 'over loopback: logsift is a sidecar');
  t.equal(Number(entry(output, 'Port')), logsift.input.http.port, 'port');
  t.equal(entry(output, 'URI') ?? '/', logsift.input.http.path, 'path');
  const ports = container(daemonSet, 'logsift').ports ?? [];
  t.ok(
    ports.some((p) => p.containerPort === logsift.input.http.port),
    'the logsift container declares the ingest port',
  );
});

void t.test('Fluent Bit sends a format logsift decodes, with keys logsift reads', async (t) => {
  const format = entry(output, 'Format') ?? 'json';
  t.ok(format in FORMAT_CONTENT_TYPE, `Format ${format} is one logsift decodes (${Object.keys(FORMAT_CONTENT_TYPE).join(', ')})`);
  const compress = entry(output, 'Compress');
  t.ok(compress === undefined || ['gzip', 'zstd', 'snappy'].includes(compress), `Compress ${compress ?? '(none)'}`);
  if (format !== 'msgpack') {
    t.ok(logsift.input.http.dateKeys.includes(entry(output, 'Json_Date_Key') ?? 'date'), 'the date key is one logsift reads');
  }
  // The tail input puts each line under `log`.
  t.ok(logsift.input.http.messageKeys.includes('log'), 'logsift reads the tail input key `log`');
  t.equal(entry(tail, 'Key'), undefined, 'tail keeps the default key `log`');
});

void t.test('credentials agree: none on either side, or the same on both', async (t) => {
  const auth = logsift.input.http.auth;
  const fbUser = entry(output, 'http_User');
  const fbHeaders = output.entries.get('header') ?? [];
  t.equal(fbUser, auth.user, 'Basic user');
  t.equal(entry(output, 'http_Passwd'), auth.password, 'Basic password');
  t.equal(
    fbHeaders.find((h) => /^Authorization\s+Bearer\s+/i.test(h))?.replace(/^Authorization\s+Bearer\s+/i, ''),
    auth.token,
    'Bearer token',
  );
});

void t.test('Fluent Bit keeps retrying and buffers on disk, so a logsift restart loses nothing', async (t) => {
  const retry = (entry(output, 'Retry_Limit') ?? '1').toLowerCase();
  t.ok(['no_limits', 'false', 'off'].includes(retry) || Number(retry) >= 10, `Retry_Limit ${retry} (the default, 1, gives up after one retry)`);
  t.equal(entry(tail, 'storage.type'), 'filesystem', 'the tail input buffers to the filesystem');
  const storagePath = entry(service, 'storage.path');
  t.ok(storagePath, '[SERVICE] storage.path is set');
  t.ok(entry(output, 'storage.total_limit_size'), 'the disk buffer is bounded');
  t.ok(entry(tail, 'DB'), 'tail offsets are kept, so a Fluent Bit restart neither re-reads nor skips');
  // The buffer and the offsets must outlive the pod: a hostPath volume, not the container.
  const fb = container(daemonSet, 'fluent-bit');
  for (const path of [storagePath as string, entry(tail, 'DB') as string]) {
    const mount = fb.volumeMounts?.find((m) => path.startsWith(m.mountPath.replace(/\/?$/, '/')));
    const volume = daemonSet.spec.template.spec.volumes?.find((v) => v.name === mount?.name);
    t.ok(volume?.hostPath && !mount?.readOnly, `${path} is on a writable hostPath volume`);
  }
});

void t.test('Fluent Bit tails CRI container logs, adds pod metadata, and routes them to logsift', async (t) => {
  t.equal(entry(tail, 'Path'), '/var/log/containers/*.log');
  t.match(entry(tail, 'multiline.parser') ?? entry(tail, 'Parser') ?? '', /\bcri\b/, 'the CRI parser');
  const k8s = onlySection(fluentBit, 'FILTER', 'kubernetes');
  const tag = entry(tail, 'Tag') as string;
  // `kube.*` expands to kube.<path with / as .>; the filter must strip exactly that prefix.
  t.equal(entry(k8s, 'Kube_Tag_Prefix') ?? 'kube.var.log.containers.', tag.replace('*', '') + 'var.log.containers.');
  const matches = (pattern: string) => globMatcher(pattern)(tag.replace('*', 'var.log.containers.x_y_z-1.log'));
  t.ok(matches(entry(k8s, 'Match') as string), 'the kubernetes filter matches the tail tag');
  t.ok(matches(entry(output, 'Match') as string), 'the http output matches the tail tag');
  t.equal(sections(fluentBit, 'OUTPUT').length, 1, 'one output: logsift');
  const varlog = container(daemonSet, 'fluent-bit').volumeMounts?.find((m) => m.mountPath === '/var/log');
  t.ok(varlog, '/var/log is mounted into fluent-bit');
});

void t.test("logsift's own logs are excluded, nothing else is", async (t) => {
  const excluded = globMatcher(entry(tail, 'Exclude_Path') ?? '');
  const ns = daemonSet.metadata.namespace as string;
  // The kubelet names the files <pod>_<namespace>_<container>-<container id>.log.
  const file = (pod: string, namespace: string, containerName: string) =>
    `/var/log/containers/${pod}_${namespace}_${containerName}-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.log`;
  t.ok(excluded(file('logsift-7xk2p', ns, 'logsift')), "logsift's container");
  t.notOk(excluded(file('logsift-7xk2p', ns, 'fluent-bit')), "Fluent Bit's container is still read");
  t.notOk(excluded(file('api-7f9c6d5b8-x2x9k', 'dev', 'api')), 'application containers are read');
  t.notOk(excluded(file('logsift-api-5d8f', 'shop', 'logsift')), 'a container named logsift in another namespace is read');
});

void t.test("the probes hit logsift's health endpoints on its ingest port", async (t) => {
  const c = container(daemonSet, 'logsift');
  const base = `http://${logsift.input.http.host}:${logsift.input.http.port}`;
  t.match(c.livenessProbe?.exec?.command.join(' '), `${base}/healthz`);
  t.match(c.readinessProbe?.exec?.command.join(' '), `${base}/readyz`);
});

void t.test('logsift sends OTLP where the example collector receives it, and the collector forwards both signals', async (t) => {
  const collector = parseYaml(readFileSync(repoPath('deploy/otel-collector/collector-config.yaml'), 'utf8')) as {
    receivers: Record<string, { protocols: { http?: { endpoint: string } } }>;
    exporters: Record<string, unknown>;
    processors: Record<string, unknown>;
    service: { pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }> };
  };
  const endpoint = new URL(envValue(container(daemonSet, 'logsift'), 'OTEL_EXPORTER_OTLP_ENDPOINT') as string);
  // logsift speaks OTLP over HTTP only (no grpc), which the collector's http receiver takes.
  t.match(envValue(container(daemonSet, 'logsift'), 'OTEL_EXPORTER_OTLP_PROTOCOL') ?? logsift.export.otlp.protocol, /^http\/(protobuf|json)$/);
  const httpReceiver = collector.receivers.otlp?.protocols.http?.endpoint ?? '';
  t.equal(httpReceiver.split(':').at(-1), endpoint.port, 'the collector listens for OTLP/HTTP on the port logsift sends to');
  for (const signal of ['metrics', 'logs']) {
    const pipeline = collector.service.pipelines[signal];
    t.ok(pipeline, `a ${signal} pipeline`);
    t.ok(pipeline?.receivers.includes('otlp'), `${signal} from the otlp receiver`);
    for (const name of pipeline?.exporters ?? []) t.ok(name in collector.exporters, `${signal} exporter ${name} is defined`);
    for (const name of pipeline?.processors ?? []) t.ok(name in collector.processors, `${signal} processor ${name} is defined`);
  }
  t.ok('prometheusremotewrite' in collector.exporters, 'metrics go to Prometheus-compatible storage');
});

void t.test('the config files are read from where the ConfigMaps are mounted', async (t) => {
  t.equal(posix.basename(deployment.logsiftConfigPath), 'logsift.yaml');
  t.equal(posix.basename(deployment.fluentBitConfigPath), 'fluent-bit.conf');
});
