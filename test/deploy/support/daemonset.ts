import type { KubeObject, Manifest } from './k8s-manifests.js';

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  ports?: { name?: string; containerPort: number }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    privileged?: boolean;
  };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

export interface Probe {
  exec?: { command: string[] };
  httpGet?: { path: string; port: number | string };
}

export interface Volume {
  name: string;
  configMap?: { name: string };
  hostPath?: { path: string; type?: string };
  emptyDir?: object;
  projected?: object;
}

export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  containers: Container[];
  volumes?: Volume[];
  securityContext?: { seccompProfile?: { type: string } };
}

export type DaemonSet = KubeObject & { spec: { template: { spec: PodSpec } } };

export function findObject<T extends KubeObject>(manifests: Manifest[], kind: string, name?: string): T {
  const found = manifests.filter((m) => m.object.kind === kind && (name === undefined || m.object.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}`);
  return found[0].object as T;
}

export function container(ds: DaemonSet, name: string): Container {
  const c = ds.spec.template.spec.containers.find((x) => x.name === name);
  if (!c) throw new Error(`DaemonSet ${ds.metadata.name} has no container ${name}`);
  return c;
}

export function envValue(c: Container, name: string): string | undefined {
  return c.env?.find((e) => e.name === name)?.value;
}

/** The ConfigMap data key a container reads at `path`, through its volume mounts. */
export function configMapKeyAt(ds: DaemonSet, c: Container, path: string): { configMap: string; key: string } | undefined {
  for (const mount of c.volumeMounts ?? []) {
    const prefix = mount.mountPath.endsWith('/') ? mount.mountPath : mount.mountPath + '/';
    if (!path.startsWith(prefix)) continue;
    const volume = ds.spec.template.spec.volumes?.find((v) => v.name === mount.name);
    if (volume?.configMap) return { configMap: volume.configMap.name, key: path.slice(prefix.length) };
  }
  return undefined;
}
