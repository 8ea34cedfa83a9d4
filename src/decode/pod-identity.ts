import { UNKNOWN, type PodIdentity } from '../model/record.js';

/**
 * The kubelet's `/var/log/containers` name: `<pod>_<namespace>_<container>-<container id>.log`.
 * Pod names are DNS subdomains (may hold dots, never `_`), as in Fluent Bit's kubernetes filter
 * regex; the container id is hex (64 chars from the runtime; shorter ids are accepted).
 */
const CONTAINER_FILE =
  /(?:^|[/.])([a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*)_([^_/]+)_([^/]+)-([0-9a-f]{1,64})\.log$/;

/**
 * The longest kubelet file name: pod (253) _ namespace (63) _ container (63) - id (64) .log,
 * rounded up. The name regex backtracks on long runs of name characters, so nothing longer is
 * tried (a crafted 4 KB tag cost 60 ms of event loop per request).
 */
const MAX_FILE_NAME = 512;

/** `/var/log/pods/<namespace>_<pod>_<uid>/<container>/<n>.log`, n the container's restart count. */
const POD_DIR_FILE = /(?:^|\/)([^/_]+)_([^/_]+)_([^/_]+)\/([^/]+)\/(\d+)\.log$/;

function identity(namespace: string, pod: string, container: string, node?: string): PodIdentity {
  return node === undefined ? { namespace, pod, container } : { namespace, pod, container, node };
}

/** Pod identity from a kubelet log file path, or undefined when the path is not one. */
export function podFromLogPath(path: string): PodIdentity | undefined {
  if (path.length > 4096) return undefined;
  const slash = path.lastIndexOf('/');
  const name = slash >= 0 ? path.slice(slash) : path;
  const m = name.length <= MAX_FILE_NAME ? CONTAINER_FILE.exec(name) : null;
  if (m) return identity(m[2], m[1], m[3]);
  const d = POD_DIR_FILE.exec(path);
  if (d) return identity(d[1], d[2], d[4]);
  return undefined;
}

/**
 * The container instance a kubelet log path names: the runtime's id in the `/var/log/containers`
 * name, or `restarts:<pod uid>/<n>` under `/var/log/pods` (a different kind of id, see
 * RawEntry.containerId).
 */
export function containerIdFromLogPath(path: string): string | undefined {
  if (path.length > 4096) return undefined;
  const slash = path.lastIndexOf('/');
  const name = slash >= 0 ? path.slice(slash) : path;
  const m = name.length <= MAX_FILE_NAME ? CONTAINER_FILE.exec(name) : null;
  if (m) return m[4];
  const d = POD_DIR_FILE.exec(path);
  if (d) return `restarts:${d[3]}/${d[5]}`;
  return undefined;
}

let lastTag = '';
let lastTagPod: PodIdentity | undefined;
let lastTagId: string | undefined;

/**
 * Pod identity from a Fluent Bit tag such as
 * `kube.var.log.containers.<pod>_<namespace>_<container>-<id>.log` (the tail input turns the
 * path's `/` into `.`). Tags repeat for every record of a batch, so the last answer is kept.
 */
export function podFromTag(tag: string): PodIdentity | undefined {
  if (tag !== lastTag) readTag(tag);
  return lastTagPod;
}

/** The container id in a kubelet file-name tag (see podFromTag). */
export function containerIdFromTag(tag: string): string | undefined {
  if (tag !== lastTag) readTag(tag);
  return lastTagId;
}

function readTag(tag: string): void {
  let pod: PodIdentity | undefined;
  let id: string | undefined;
  if (tag.length <= 4096 && tag.endsWith('.log')) {
    const at = tag.lastIndexOf('containers.');
    const name = at >= 0 ? tag.slice(at + 'containers.'.length) : tag;
    const m = name.length <= MAX_FILE_NAME ? CONTAINER_FILE.exec(name) : null;
    if (m) {
      pod = identity(m[2], m[1], m[3]);
      id = m[4];
    }
  }
  lastTag = tag;
  lastTagPod = pod;
  lastTagId = id;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Pod identity from the map Fluent Bit's kubernetes filter adds (`pod_name`, `namespace_name`,
 * `container_name`, `host`). Needs at least the pod and namespace; a missing container is
 * `unknown` so the pod still counts.
 */
export function podFromKubernetesMap(obj: unknown): PodIdentity | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const k = obj as Record<string, unknown>;
  const pod = str(k.pod_name);
  const namespace = str(k.namespace_name);
  if (pod === undefined || namespace === undefined) return undefined;
  return identity(namespace, pod, str(k.container_name) ?? UNKNOWN, str(k.host));
}

/**
 * The container instance in the map Fluent Bit's kubernetes filter adds: `docker_id` (the
 * runtime's container id, from the tag or the pod status), else `container_hash` (the image
 * digest, from containerStatuses[].imageID in filter_kubernetes kube_meta.c: it changes only with
 * the image, so it is a different kind of id, `image:`).
 */
export function containerIdFromKubernetesMap(obj: unknown): string | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const k = obj as Record<string, unknown>;
  return containerIdOf(k.docker_id, k.container_hash);
}

/** containerIdFromKubernetesMap from the two values (also read by the msgpack reader and for GELF). */
export function containerIdOf(dockerId: unknown, containerHash: unknown): string | undefined {
  const id = str(dockerId);
  if (id !== undefined) return id.length <= MAX_ID ? id : undefined;
  const hash = str(containerHash);
  return hash !== undefined && hash.length <= MAX_ID ? 'image:' + hash : undefined;
}

/** Longer values are not ids (an image reference is at most a few hundred characters). */
const MAX_ID = 512;
