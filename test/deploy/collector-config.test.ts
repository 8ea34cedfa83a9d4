import t from 'tap';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { collectorConfigProblems } from './support/collector-schema.js';
import { findObject } from './support/daemonset.js';
import { loadManifests, type KubeObject } from './support/k8s-manifests.js';
import { repoPath } from './support/repo-paths.js';

/**
 * The example Collector configurations use only keys the components document (filelog receiver,
 * container parser, k8sattributes, load-balancing exporter, ...): the Collector refuses unknown
 * keys at start, so a typo would break whoever applies the example.
 */

type ConfigMap = KubeObject & { data: Record<string, string> };
type Config = Record<string, Record<string, unknown>>;

const agent = parseYaml(findObject<ConfigMap>(loadManifests(repoPath('deploy/gateway')), 'ConfigMap', 'otel-agent-config').data['config.yaml']) as Config;
const central = parseYaml(readFileSync(repoPath('deploy/otel-collector/collector-config.yaml'), 'utf8')) as Config;

void t.test('the gateway agent config uses documented keys only', async (t) => {
  t.same(collectorConfigProblems(agent), []);
});

void t.test('so does the central Collector example', async (t) => {
  t.same(collectorConfigProblems(central), []);
});

void t.test('a misspelt or misplaced key is caught at any depth', async (t) => {
  const cases: [string, (c: Config) => void, RegExp][] = [
    ['routing key', (c) => ((c.exporters.loadbalancing as Record<string, unknown>).routing_atributes = ['k8s.pod.name']), /loadbalancing\.routing_atributes/],
    ['resolver', (c) => (((c.exporters.loadbalancing as { resolver: { k8s: Record<string, unknown> } }).resolver.k8s).service_name = 'x'), /resolver\.k8s\.service_name/],
    ['container parser', (c) => (((c.receivers.filelog as { operators: Record<string, unknown>[] }).operators[0]).add_metadata_from_file_path = true), /operators\[0\]\.add_metadata_from_file_path/],
    ['filelog', (c) => ((c.receivers.filelog as Record<string, unknown>).start_from = 'end'), /filelog\.start_from/],
    ['k8sattributes', (c) => (((c.processors.k8sattributes as { filter: Record<string, unknown> }).filter).node_from_env = 'X'), /filter\.node_from_env/],
    ['otlp protocol', (c) => ((((c.exporters.loadbalancing as { protocol: { otlp: Record<string, unknown> } }).protocol.otlp).tls as Record<string, unknown>).insecure_skip = true), /tls\.insecure_skip/],
    ['undefined pipeline component', (c) => (c.service as { pipelines: { logs: { processors: string[] } } }).pipelines.logs.processors.push('batch/2'), /processors batch\/2 is not defined/],
  ];
  for (const [what, mutate, expected] of cases) {
    const copy = structuredClone(agent);
    mutate(copy);
    t.match(collectorConfigProblems(copy).join('\n'), expected, what);
  }
});
