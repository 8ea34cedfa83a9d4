import { UNKNOWN, type PodIdentity } from '../model/record.js';
import type { Config } from '../config/schema.js';

export interface PodFlags {
  namespace?: string;
  pod?: string;
  container?: string;
}

/**
 * Identity for lines that carry none: command-line flags, then the downward-API environment
 * (POD_NAME, POD_NAMESPACE, NODE_NAME; LOGSIFT_CONTAINER_NAME,
 * since the downward API has no field for the container's name), then the config file, else `unknown`.
 */
export function defaultPod(flags: PodFlags, config: Config, env: NodeJS.ProcessEnv = process.env): PodIdentity {
  const pick = (flag: string | undefined, envName: string, cfg: string | undefined) =>
    flag || env[envName] || cfg || UNKNOWN;
  const node = env.NODE_NAME;
  return {
    namespace: pick(flags.namespace, 'POD_NAMESPACE', config.identity.namespace),
    pod: pick(flags.pod, 'POD_NAME', config.identity.pod),
    container: pick(flags.container, 'LOGSIFT_CONTAINER_NAME', config.identity.container),
    ...(node ? { node } : {}),
  };
}
