import t from 'tap';
import {
  containerIdFromKubernetesMap, containerIdFromLogPath, containerIdFromTag, podFromKubernetesMap, podFromLogPath, podFromTag,
} from '../../src/decode/pod-identity.js';
import { fixtureLines } from './fixture.js';

const DEV = { namespace: 'dev', pod: 'api-7f9c6d5b8-x2x9k', container: 'api' };
const DEV_FILE = 'api-7f9c6d5b8-x2x9k_dev_api-3f1c2a9e8d7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a.log';

void t.test('kubelet file names under /var/log/containers', async (t) => {
  t.same(podFromLogPath('/var/log/containers/' + DEV_FILE), DEV);
  t.same(podFromLogPath(DEV_FILE), DEV);
  t.same(
    podFromLogPath('/var/log/containers/api-7f9c6d5b8-k4p2q_prod_api-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f.log'),
    { namespace: 'prod', pod: 'api-7f9c6d5b8-k4p2q', container: 'api' },
  );
  t.same(
    podFromLogPath('/var/log/containers/coredns-5d78c9869d-abcde_kube-system_coredns-' + 'a'.repeat(64) + '.log'),
    { namespace: 'kube-system', pod: 'coredns-5d78c9869d-abcde', container: 'coredns' },
  );
  t.same(
    podFromLogPath('/var/log/containers/web-0.shard_default_istio-proxy-' + 'b'.repeat(64) + '.log'),
    { namespace: 'default', pod: 'web-0.shard', container: 'istio-proxy' },
  );
});

void t.test('/var/log/pods layout', async (t) => {
  t.same(podFromLogPath('/var/log/pods/dev_api-7f9c6d5b8-x2x9k_5e3c1f0a-1b2c-4d3e-8f90-a1b2c3d4e5f6/api/0.log'), DEV);
  t.same(podFromLogPath('/var/log/pods/prod_api-7f9c6d5b8-k4p2q_0f0e0d0c-1b2c-4d3e-8f90-a1b2c3d4e5f6/sidecar/12.log'),
    { namespace: 'prod', pod: 'api-7f9c6d5b8-k4p2q', container: 'sidecar' });
});

void t.test('paths that are not kubelet logs', async (t) => {
  for (const p of ['/var/log/syslog', '/var/log/containers/readme.txt', 'api_dev.log', '/var/log/pods/dev_api/api/0.log', '']) {
    t.equal(podFromLogPath(p), undefined, p);
  }
});

void t.test('Fluent Bit tags', async (t) => {
  t.same(podFromTag('kube.var.log.containers.web-7d4b9c-abcde_default_app-0123456789abcdef.log'),
    { namespace: 'default', pod: 'web-7d4b9c-abcde', container: 'app' });
  t.same(podFromTag('kube.var.log.containers.' + DEV_FILE), DEV);
  t.same(podFromTag('kube.var.log.containers.' + DEV_FILE), DEV, 'cached answer is the same');
  t.equal(podFromTag('kube.var.log.syslog'), undefined);
  t.equal(podFromTag('app.logs'), undefined);
});

void t.test('kubernetes maps from the incident records', async (t) => {
  const rec = JSON.parse(fixtureLines('seed-incident/fluent-bit-records.jsonl')[0]) as { kubernetes: unknown };
  t.same(podFromKubernetesMap(rec.kubernetes), { ...DEV, node: 'node-1' });
  t.same(podFromKubernetesMap({ pod_name: 'p', namespace_name: 'n' }), { namespace: 'n', pod: 'p', container: 'unknown' });
  for (const bad of [undefined, null, 'x', 42, {}, { pod_name: 'p' }, { pod_name: '', namespace_name: 'n' }, { pod_name: 1, namespace_name: 'n' }]) {
    t.equal(podFromKubernetesMap(bad), undefined, JSON.stringify(bad));
  }
});

void t.test('the container instance a path, a tag or a kubernetes map names', async (t) => {
  t.equal(containerIdFromLogPath('/var/log/containers/' + DEV_FILE), '3f1c2a9e8d7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a');
  t.equal(
    containerIdFromLogPath('/var/log/pods/dev_api-7f9c6d5b8-x2x9k_5e3c1f0a-1b2c-4d3e-8f90-a1b2c3d4e5f6/api/3.log'),
    'restarts:5e3c1f0a-1b2c-4d3e-8f90-a1b2c3d4e5f6/3',
    'under /var/log/pods the file is the restart count: another kind of id',
  );
  t.equal(containerIdFromLogPath('/var/log/syslog'), undefined);
  t.equal(containerIdFromTag('kube.var.log.containers.web-7d4b9c-abcde_default_app-0123456789abcdef.log'), '0123456789abcdef');
  t.same(podFromTag('kube.var.log.containers.web-7d4b9c-abcde_default_app-0123456789abcdef.log'), { namespace: 'default', pod: 'web-7d4b9c-abcde', container: 'app' });
  t.equal(containerIdFromTag('kube.var.log.containers.' + DEV_FILE), '3f1c2a9e8d7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a');
  t.equal(containerIdFromTag('app.logs'), undefined);
  // filter_kubernetes: docker_id is the container; container_hash the image digest (kube_meta.c).
  const map = { pod_name: 'p', namespace_name: 'n', docker_id: 'ab'.repeat(32), container_hash: 'registry.example/web@sha256:' + 'c'.repeat(64) };
  t.equal(containerIdFromKubernetesMap(map), 'ab'.repeat(32));
  t.equal(containerIdFromKubernetesMap({ ...map, docker_id: undefined }), 'image:registry.example/web@sha256:' + 'c'.repeat(64));
  t.equal(containerIdFromKubernetesMap({ ...map, docker_id: '' }), 'image:registry.example/web@sha256:' + 'c'.repeat(64));
  for (const bad of [undefined, null, 'x', {}, { docker_id: 7 }, { docker_id: 'x'.repeat(600) }]) {
    t.equal(containerIdFromKubernetesMap(bad), undefined, JSON.stringify(bad)?.slice(0, 40));
  }
});
