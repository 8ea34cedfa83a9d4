// Issue 8.4: the export spool and pod-state checkpoint are on by default in the Kubernetes
// manifests, on an emptyDir (it survives container restarts, the common case for a sidecar).
import t, { type Test } from 'tap';
import { parse as parseYaml } from 'yaml';
import { buildConfig } from '../../src/config/load-config.js';
import { configMapKeyAt, container, findObject, type DaemonSet } from './support/daemonset.js';
import { loadDeploymentConfigs } from './support/deployment-configs.js';
import { loadManifests, type KubeObject } from './support/k8s-manifests.js';
import { repoPath } from './support/repo-paths.js';

function checkStorage(t: Test, workload: DaemonSet, path: string | undefined): void {
  t.ok(path, 'storage.path is set in the ConfigMap');
  const mount = container(workload, 'logsift').volumeMounts?.find((m) => m.mountPath === path);
  t.ok(mount, `${path} is a volume mount of the logsift container`);
  t.notOk(mount?.readOnly, 'and writable');
  const volume = workload.spec.template.spec.volumes?.find((v) => v.name === mount?.name);
  t.ok(volume?.emptyDir, 'an emptyDir');
  t.notMatch(JSON.stringify(volume?.emptyDir ?? {}), /Memory/, 'on disk, not counted against the memory limit');
}

t.test('logsift in the DaemonSet keeps its export spool on a writable emptyDir', async (t) => {
  const { daemonSet, logsift } = loadDeploymentConfigs();
  checkStorage(t, daemonSet, logsift.storage.path);
});

t.test('each gateway replica keeps its export spool on a writable emptyDir', async (t) => {
  const manifests = loadManifests(repoPath('deploy/gateway'));
  const sts = findObject<DaemonSet>(manifests, 'StatefulSet', 'logsift-gateway');
  const c = container(sts, 'logsift');
  const file = (c.args ?? [])[(c.args ?? []).indexOf('--config') + 1];
  const at = configMapKeyAt(sts, c, file)!;
  const data = findObject<KubeObject & { data: Record<string, string> }>(manifests, 'ConfigMap', at.configMap).data[at.key];
  checkStorage(t, sts, buildConfig(parseYaml(data), 'gateway logsift.yaml').storage.path);
});
