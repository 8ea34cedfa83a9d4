import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { buildConfig } from '../../src/config/load-config.js';
import { configMapKeyAt, container, envValue, findObject, type DaemonSet } from './support/daemonset.js';
import { describe, loadKustomization, loadManifests, type KubeObject } from './support/k8s-manifests.js';
import { schemaProblem, unknownFieldProblems } from './support/k8s-schema.js';
import { repoPath } from './support/repo-paths.js';

/** deploy/gateway: the same schema checks as the sidecar manifests, then how the pieces fit. */

const DIR = repoPath('deploy/gateway');
const kustomization = loadKustomization(DIR);
const manifests = loadManifests(DIR);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

type ConfigMap = KubeObject & { data: Record<string, string> };
type Service = KubeObject & { spec: { clusterIP?: string; selector: Record<string, string>; ports: { name: string; port: number; targetPort: string }[] } };
type StatefulSet = DaemonSet & { spec: { serviceName: string; replicas: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } } };
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

const sts = findObject<StatefulSet>(manifests, 'StatefulSet', 'logsift-gateway');
const agent = findObject<DaemonSet>(manifests, 'DaemonSet', 'otel-agent');
const service = findObject<Service>(manifests, 'Service', 'logsift-gateway');

/** The file a container reads through its args and a ConfigMap mount. */
function mountedFile(ds: DaemonSet, containerName: string, path: string): string {
  const at = configMapKeyAt(ds, container(ds, containerName), path);
  if (!at) throw new Error(`${containerName}: no ConfigMap mounted at ${path}`);
  return findObject<ConfigMap>(manifests, 'ConfigMap', at.configMap).data[at.key];
}

const logsiftArgs = container(sts, 'logsift').args ?? [];
const logsiftYaml = mountedFile(sts, 'logsift', logsiftArgs[logsiftArgs.indexOf('--config') + 1]);
const agentArg = (container(agent, 'otel-agent').args ?? []).find((a) => a.startsWith('--config='))!;
const agentConfig = parseYaml(mountedFile(agent, 'otel-agent', agentArg.slice('--config='.length))) as Record<string, Record<string, unknown>>;

void t.test('every gateway manifest parses, in one namespace, and validates against the Kubernetes schemas', async (t) => {
  t.equal(kustomization.namespace, 'logsift-gateway');
  for (const m of manifests) {
    if (CLUSTER_SCOPED.has(m.object.kind)) t.notOk(m.object.metadata.namespace, `${describe(m)} is cluster-scoped`);
    else t.equal(m.object.metadata.namespace, kustomization.namespace, `${describe(m)} is in ${kustomization.namespace}`);
    t.equal(await schemaProblem(m), undefined, describe(m));
  }
  const misspelt = structuredClone(sts);
  (misspelt.spec as Record<string, unknown>).serviceNme = 'x';
  const problems = unknownFieldProblems([...manifests, { file: 'mutated-statefulset.yaml', object: misspelt as KubeObject }]);
  t.same(problems.filter((p) => !p.startsWith('mutated-')), [], 'no unknown field');
  t.match(problems.join('\n'), /mutated-statefulset\.yaml: .*serviceNme/, 'a misspelt field is caught');
});

void t.test('a headless Service in front of the StatefulSet, on the ports logsift listens on', async (t) => {
  t.equal(service.spec.clusterIP, 'None', 'headless: the resolver sees every replica');
  t.equal(sts.spec.serviceName, service.metadata.name, 'the StatefulSet governs its DNS names');
  for (const [k, v] of Object.entries(service.spec.selector)) t.equal(sts.spec.template.metadata.labels[k], v, `selector ${k}`);
  t.ok(sts.spec.replicas >= 2, `${sts.spec.replicas} replicas`);
  const config = buildConfig(parseYaml(logsiftYaml), 'gateway logsift.yaml');
  const ports = new Map((container(sts, 'logsift').ports ?? []).map((p) => [p.name, p.containerPort]));
  t.equal(ports.get('otlp-grpc'), config.input.otlp.grpc.port);
  t.equal(ports.get('otlp-http'), config.input.otlp.http.port);
  t.equal(ports.get('metrics'), config.export.prometheus.port);
  t.equal(config.input.otlp.grpc.host, '0.0.0.0', 'OTLP/gRPC reachable from the agents');
  t.equal(config.export.prometheus.host, '0.0.0.0', 'metrics scraped per replica');
  for (const p of service.spec.ports) t.ok(ports.has(p.targetPort), `Service port ${p.name} targets a named container port`);
  const probe = JSON.stringify(container(sts, 'logsift').readinessProbe);
  t.match(probe, new RegExp(`127\\.0\\.0\\.1:${config.input.http.port}/healthz`), 'ready when listening, not when idle (no re-routing on bursts)');
  t.equal(config.input.http.host, '127.0.0.1', 'the Fluent Bit listener only serves the probes, on loopback');
});

void t.test("logsift's own metrics carry an instance: scraped per pod, service.instance.id over OTLP", async (t) => {
  const logsift = container(sts, 'logsift');
  t.equal(envValue(logsift, 'OTEL_RESOURCE_ATTRIBUTES'), 'service.instance.id=$(POD_NAME)');
  t.equal(logsift.env?.find((e) => e.name === 'POD_NAME')?.valueFrom?.fieldRef?.fieldPath, 'metadata.name');
  t.notMatch(envValue(logsift, 'OTEL_RESOURCE_ATTRIBUTES') ?? '', /k8s\.pod\.name/, 'k8s.pod.name stays the name of the pods logsift counts');
  const annotations = (sts.spec.template as { metadata: { annotations?: Record<string, string> } }).metadata.annotations ?? {};
  t.equal(annotations['prometheus.io/port'], String(buildConfig(parseYaml(logsiftYaml)).export.prometheus.port));
});

void t.test('the agent routes by k8s.pod.name to that Service through the k8s resolver', async (t) => {
  const exporters = agentConfig.exporters;
  const lb = exporters.loadbalancing as { routing_key: string; routing_attributes: string[]; resolver: { k8s: { service: string; ports: number[] } } };
  t.equal(lb.routing_key, 'attributes');
  t.same(lb.routing_attributes, ['k8s.pod.name']);
  t.equal(lb.resolver.k8s.service, `${service.metadata.name}.${service.metadata.namespace}`);
  t.same(lb.resolver.k8s.ports, [service.spec.ports.find((p) => p.name === 'otlp-grpc')!.port]);
  const pipeline = (agentConfig.service as { pipelines: { logs: { receivers: string[]; processors: string[]; exporters: string[] } } }).pipelines.logs;
  t.same(pipeline.receivers, ['filelog']);
  t.ok(pipeline.processors.includes('k8sattributes'));
  t.same(pipeline.exporters, ['loadbalancing']);
  const filelog = (agentConfig.receivers as { filelog: { include: string[]; exclude: string[]; include_file_path: boolean; operators: { type: string }[] } }).filelog;
  t.same(filelog.operators.map((o) => o.type), ['container'], 'the container parser');
  t.equal(filelog.include_file_path, true, 'which needs log.file.path for the pod metadata');
  t.ok(filelog.exclude.some((e) => e.startsWith(`/var/log/pods/${kustomization.namespace}_`)), 'the gateway does not read its own logs');
  const k8s = (agentConfig.processors as { k8sattributes: { filter: { node_from_env_var: string } } }).k8sattributes;
  const nodeEnv = container(agent, 'otel-agent').env?.find((e) => e.name === k8s.filter.node_from_env_var);
  t.equal(nodeEnv?.valueFrom?.fieldRef?.fieldPath, 'spec.nodeName', 'k8sattributes watches only its own node');
  const mount = container(agent, 'otel-agent').volumeMounts?.find((v) => v.mountPath === '/var/log/pods');
  t.equal(mount?.readOnly, true, "the node's pod logs are mounted read-only");
});

void t.test('RBAC: k8sattributes and the resolver, nothing more; logsift has no token', async (t) => {
  const role = findObject<KubeObject & { rules: Rule[] }>(manifests, 'ClusterRole');
  t.same(role.rules, [
    { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
  ]);
  const local = findObject<KubeObject & { rules: Rule[] }>(manifests, 'Role');
  t.same(local.rules.flatMap((r) => r.resources).sort(), ['endpoints', 'endpointslices']);
  t.ok(local.rules.every((r) => r.verbs.every((v) => ['get', 'list', 'watch'].includes(v))), 'read-only');
  t.equal(sts.spec.template.spec.automountServiceAccountToken, false);
  for (const [ds, name] of [[sts, 'logsift'], [agent, 'otel-agent']] as const) {
    const sc = container(ds, name).securityContext;
    t.equal(sc?.allowPrivilegeEscalation, false, `${name}: no privilege escalation`);
    t.equal(sc?.readOnlyRootFilesystem, true, `${name}: read-only root filesystem`);
    t.same(sc?.capabilities, { drop: ['ALL'] }, `${name}: no capabilities`);
    t.ok(container(ds, name).resources?.limits?.memory, `${name}: memory limit`);
  }
});
