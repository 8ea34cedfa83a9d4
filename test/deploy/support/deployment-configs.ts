import { parse as parseYaml } from 'yaml';
import { buildConfig } from '../../../src/config/load-config.js';
import type { Config } from '../../../src/config/schema.js';
import { configMapKeyAt, container, findObject, type DaemonSet } from './daemonset.js';
import { parseFluentBitConf, type FluentBitSection } from './fluent-bit-conf.js';
import { loadManifests, type KubeObject, type Manifest } from './k8s-manifests.js';
import { repoPath } from './repo-paths.js';

type ConfigMap = KubeObject & { data: Record<string, string> };

export interface DeploymentConfigs {
  manifests: Manifest[];
  daemonSet: DaemonSet;
  /** logsift.yaml as written in its ConfigMap. */
  logsiftYaml: string;
  /** The same, validated by logsift's own schema (defaults applied). */
  logsift: Config;
  fluentBit: FluentBitSection[];
  /** Where each container reads its config file (from its args). */
  logsiftConfigPath: string;
  fluentBitConfigPath: string;
}

function configMapData(manifests: Manifest[], ds: DaemonSet, containerName: string, path: string): string {
  const at = configMapKeyAt(ds, container(ds, containerName), path);
  if (!at) throw new Error(`${containerName} reads ${path}, which no ConfigMap volume mount provides`);
  const data = findObject<ConfigMap>(manifests, 'ConfigMap', at.configMap).data?.[at.key];
  if (data === undefined) throw new Error(`ConfigMap ${at.configMap} has no key ${at.key} (read by ${containerName} as ${path})`);
  return data;
}

/** The config files the DaemonSet's containers actually read, found through their args and mounts. */
export function loadDeploymentConfigs(): DeploymentConfigs {
  const manifests = loadManifests(repoPath('deploy/kubernetes'));
  const daemonSet = findObject<DaemonSet>(manifests, 'DaemonSet', 'logsift');

  const logsiftArgs = container(daemonSet, 'logsift').args ?? [];
  const logsiftConfigPath = logsiftArgs[logsiftArgs.indexOf('--config') + 1];
  if (!logsiftArgs.includes('--config') || !logsiftConfigPath) throw new Error('logsift container args have no --config FILE');
  const fbArgs = container(daemonSet, 'fluent-bit').args ?? [];
  const fbFlag = fbArgs.find((a) => a.startsWith('--config=')) ?? (fbArgs.includes('-c') ? `--config=${fbArgs[fbArgs.indexOf('-c') + 1]}` : undefined);
  if (!fbFlag) throw new Error('fluent-bit container args have no --config=FILE or -c FILE');
  const fluentBitConfigPath = fbFlag.slice('--config='.length);

  const logsiftYaml = configMapData(manifests, daemonSet, 'logsift', logsiftConfigPath);
  return {
    manifests,
    daemonSet,
    logsiftYaml,
    logsift: buildConfig(parseYaml(logsiftYaml), `ConfigMap data for ${logsiftConfigPath}`),
    fluentBit: parseFluentBitConf(configMapData(manifests, daemonSet, 'fluent-bit', fluentBitConfigPath)),
    logsiftConfigPath,
    fluentBitConfigPath,
  };
}

export function sections(conf: FluentBitSection[], name: string, pluginName?: string): FluentBitSection[] {
  return conf.filter((s) => s.name === name && (pluginName === undefined || s.entries.get('name')?.at(-1) === pluginName));
}

export function onlySection(conf: FluentBitSection[], name: string, pluginName?: string): FluentBitSection {
  const found = sections(conf, name, pluginName);
  if (found.length !== 1) throw new Error(`expected one [${name}]${pluginName ? ` ${pluginName}` : ''} section, found ${found.length}`);
  return found[0];
}
