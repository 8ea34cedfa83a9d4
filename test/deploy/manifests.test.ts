import { readFileSync } from 'node:fs';
import t from 'tap';
import { container, envValue, findObject, type DaemonSet } from './support/daemonset.js';
import { describe, loadKustomization, loadManifests, type KubeObject } from './support/k8s-manifests.js';
import { schemaProblem, unknownFieldProblems } from './support/k8s-schema.js';
import { repoPath } from './support/repo-paths.js';

const DIR = repoPath('deploy/kubernetes');
const kustomization = loadKustomization(DIR);
const manifests = loadManifests(DIR);
const daemonSet = findObject<DaemonSet>(manifests, 'DaemonSet', 'logsift');
const podSpec = daemonSet.spec.template.spec;

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

void t.test('every manifest the kustomization lists parses, in one namespace', async (t) => {
  t.ok(kustomization.namespace, 'kustomization sets a namespace');
  t.ok(manifests.length >= 6, `${manifests.length} objects`);
  for (const m of manifests) {
    if (CLUSTER_SCOPED.has(m.object.kind)) {
      t.notOk(m.object.metadata.namespace, `${describe(m)} is cluster-scoped`);
    } else {
      t.equal(m.object.metadata.namespace, kustomization.namespace, `${describe(m)} is in ${kustomization.namespace}`);
    }
  }
  findObject(manifests, 'Namespace', kustomization.namespace);
});

void t.test('every object validates against the Kubernetes schemas', async (t) => {
  for (const m of manifests) t.equal(await schemaProblem(m), undefined, describe(m));
});

// Mutations of the real DaemonSet: a check that cannot fail proves nothing.
function broken(mutate: (ds: DaemonSet) => void) {
  const copy = structuredClone(daemonSet);
  mutate(copy);
  return { file: 'mutated-daemonset.yaml', object: copy as KubeObject };
}

void t.test('no object has a field the Kubernetes API does not know', async (t) => {
  const misspelt = broken((ds) => {
    const sc = container(ds, 'logsift').securityContext as Record<string, unknown>;
    sc.readOnlyRootFileSystem = sc.readOnlyRootFilesystem;
  });
  // One compilation for both (it is the slow part): the real objects, then the broken copy.
  const problems = unknownFieldProblems([...manifests, misspelt]);
  t.same(problems.filter((p) => !p.startsWith('mutated-')), [], 'the manifests have no unknown field');
  t.match(problems.join('\n'), /mutated-daemonset\.yaml: DaemonSet\/logsift: .*readOnlyRootFileSystem/, 'a misspelt field is caught');
});

void t.test('the schema check catches a malformed quantity', async (t) => {
  const badQuantity = broken((ds) => {
    container(ds, 'logsift').resources!.limits!.memory = '512 megs';
  });
  t.match(await schemaProblem(badQuantity), /quantity/);
});

void t.test('RBAC lets the kubernetes filter read pods and namespaces, nothing more', async (t) => {
  const sa = findObject(manifests, 'ServiceAccount');
  t.equal(podSpec.serviceAccountName, sa.metadata.name);
  const role = findObject<KubeObject & { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }>(manifests, 'ClusterRole');
  t.same(role.rules, [{ apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }]);
  const binding = findObject<KubeObject & { roleRef: { kind: string; name: string }; subjects: { kind: string; name: string; namespace: string }[] }>(
    manifests,
    'ClusterRoleBinding',
  );
  t.same(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
  t.same(binding.subjects, [{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: kustomization.namespace }]);
  // Only fluent-bit needs the API token.
  t.equal(podSpec.automountServiceAccountToken, false);
  const tokenMounts = podSpec.containers.filter((c) => c.volumeMounts?.some((v) => v.mountPath === '/var/run/secrets/kubernetes.io/serviceaccount'));
  t.same(tokenMounts.map((c) => c.name), ['fluent-bit']);
});

void t.test('both containers are bounded and locked down', async (t) => {
  t.same(podSpec.containers.map((c) => c.name).sort(), ['fluent-bit', 'logsift']);
  t.equal(podSpec.securityContext?.seccompProfile?.type, 'RuntimeDefault');
  for (const c of podSpec.containers) {
    t.ok(c.resources?.requests?.cpu && c.resources.requests.memory, `${c.name} requests cpu and memory`);
    t.ok(c.resources?.limits?.memory, `${c.name} has a memory limit`);
    const sc = c.securityContext;
    t.equal(sc?.allowPrivilegeEscalation, false, `${c.name}: no privilege escalation`);
    t.equal(sc?.readOnlyRootFilesystem, true, `${c.name}: read-only root filesystem`);
    t.same(sc?.capabilities, { drop: ['ALL'] }, `${c.name}: no capabilities`);
    t.notOk(sc?.privileged, `${c.name}: not privileged`);
    t.ok(c.image && !/:latest$/.test(c.image), `${c.name}: image without :latest`);
  }
  const declared = new Set(podSpec.volumes?.map((v) => v.name));
  for (const c of podSpec.containers) {
    for (const mount of c.volumeMounts ?? []) t.ok(declared.has(mount.name), `${c.name} mounts declared volume ${mount.name}`);
  }
  const hostLogs = container(daemonSet, 'fluent-bit').volumeMounts?.find((v) => v.mountPath === '/var/log');
  t.equal(hostLogs?.readOnly, true, "the node's /var/log is mounted read-only");
});

void t.test('logsift runs as the image user, and the kustomization names its image', async (t) => {
  const logsift = container(daemonSet, 'logsift');
  const dockerUser = /^USER\s+(\d+)(?::(\d+))?\s*$/m.exec(readFileSync(repoPath('Dockerfile'), 'utf8'));
  t.ok(dockerUser, 'Dockerfile sets a numeric USER');
  t.equal(logsift.securityContext?.runAsNonRoot, true);
  t.equal(String(logsift.securityContext?.runAsUser), dockerUser?.[1], 'runAsUser is the Dockerfile USER');
  t.ok(
    kustomization.images?.some((i) => i.name === logsift.image && i.newName && i.newTag),
    `kustomization images: maps ${logsift.image} to a registry and tag`,
  );
  t.equal(logsift.args?.[0], 'serve');
});

void t.test('logsift gets its node from the downward API and sends OTLP to a collector Service', async (t) => {
  const logsift = container(daemonSet, 'logsift');
  const nodeName = logsift.env?.find((e) => e.name === 'NODE_NAME');
  t.same(nodeName?.valueFrom, { fieldRef: { fieldPath: 'spec.nodeName' } });
  t.match(envValue(logsift, 'OTEL_RESOURCE_ATTRIBUTES'), /(^|,)k8s\.node\.name=\$\(NODE_NAME\)(,|$)/);
  const endpoint = new URL(envValue(logsift, 'OTEL_EXPORTER_OTLP_ENDPOINT') ?? 'missing:');
  t.equal(endpoint.protocol, 'http:');
  t.match(endpoint.hostname, /^[a-z0-9-]+\.[a-z0-9-]+\.svc(\.cluster\.local)?$/, 'a Service DNS name');
});
