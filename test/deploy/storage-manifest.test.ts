// Issue 8.4: the export spool and pod-state checkpoint are on by default in the Kubernetes
// manifests, on an emptyDir (it survives container restarts, the common case for a sidecar).
import t from 'tap';
import { container } from './support/daemonset.js';
import { loadDeploymentConfigs } from './support/deployment-configs.js';

t.test('logsift in the DaemonSet keeps its export spool on a writable emptyDir', async (t) => {
  const { daemonSet, logsift } = loadDeploymentConfigs();
  const path = logsift.storage.path;
  t.ok(path, 'storage.path is set in the ConfigMap');
  const mount = container(daemonSet, 'logsift').volumeMounts?.find((m) => m.mountPath === path);
  t.ok(mount, `${path} is a volume mount of the logsift container`);
  t.notOk(mount?.readOnly, 'and writable');
  const volume = daemonSet.spec.template.spec.volumes?.find((v) => v.name === mount?.name);
  t.ok(volume?.emptyDir, 'an emptyDir');
  t.notMatch(JSON.stringify(volume?.emptyDir ?? {}), /Memory/, 'on disk, not counted against the memory limit');
});
