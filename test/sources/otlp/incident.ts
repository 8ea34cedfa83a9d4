import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LogRecord as ApiLogRecord } from '@opentelemetry/api-logs';
import { createClassifier } from '../../../src/classify/create-classifier.js';
import { readInputs } from '../../../src/cli/read-inputs.js';
import type { Config } from '../../../src/config/schema.js';
import { UNKNOWN, type PodIdentity } from '../../../src/model/record.js';
import { Pipeline } from '../../../src/pipeline/pipeline.js';
import type { PodSnapshot } from '../../../src/state/pod-state-store.js';
import { SelfTelemetry } from '../../../src/telemetry/self-telemetry.js';

/** The seed incident (both pods as Fluent Bit records) and `analyze`'s verdicts on it. */

export const RECORDS_FILE = fileURLToPath(new URL('../../fixtures/seed-incident/fluent-bit-records.jsonl', import.meta.url));
export const DEFAULT_POD: PodIdentity = { namespace: UNKNOWN, pod: UNKNOWN, container: UNKNOWN };

export interface SeedRecord {
  date: number;
  stream: string;
  log: string;
  kubernetes: { pod_name: string; namespace_name: string; container_name: string; host: string };
}

export const seedRecords: SeedRecord[] = readFileSync(RECORDS_FILE, 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as SeedRecord);

/** Per pod: totals and the loop verdict, keyed `namespace/pod/container`. */
export function verdicts(snapshot: PodSnapshot[]) {
  return Object.fromEntries(
    snapshot.map((s) => [
      `${s.pod.namespace}/${s.pod.pod}/${s.pod.container}`,
      { totals: s.totals, loop: { active: s.loop.active, cause: s.loop.cause, evidence: s.loop.evidence, sinceMs: s.loop.sinceMs } },
    ]),
  );
}

/** What `logsift analyze` computes from the same file (its Pipeline fed by readInputs). */
export async function analyzeVerdicts(config: Config) {
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: DEFAULT_POD },
    () => {},
  );
  await readInputs([RECORDS_FILE], pipeline, { maxLineBytes: config.pipeline.maxLineBytes, stdin: process.stdin, stderr: process.stderr });
  return verdicts(pipeline.pods.snapshot(Date.now()));
}

/** The pod's resource attributes, as the Collector's k8sattributes processor sets them. */
export function podResource(r: SeedRecord): Record<string, string> {
  const k = r.kubernetes;
  return { 'k8s.namespace.name': k.namespace_name, 'k8s.pod.name': k.pod_name, 'k8s.container.name': k.container_name, 'k8s.node.name': k.host };
}

const GUNICORN_LEVEL = /^\[[^\]]+\] \[\d+\] \[([A-Z]+)\]/;
const SEVERITY: Record<string, number> = { DEBUG: 5, INFO: 9, WARNING: 13, ERROR: 17, CRITICAL: 21 };

/**
 * A seed record as an application's OTel logger would emit it: the line as body, the record
 * time, `log.iostream`, and the severity only where the line has a level (as in the captures).
 */
export function asEmit(r: SeedRecord): ApiLogRecord {
  const level = GUNICORN_LEVEL.exec(r.log)?.[1];
  const severityNumber = level === undefined ? undefined : SEVERITY[level];
  return {
    body: r.log,
    timestamp: r.date * 1000,
    attributes: { 'log.iostream': r.stream },
    ...(severityNumber === undefined ? {} : { severityNumber, severityText: level }),
  };
}

/** Records grouped by pod, in file order within each pod. */
export function byPod(records: SeedRecord[]): Map<string, SeedRecord[]> {
  const out = new Map<string, SeedRecord[]>();
  for (const r of records) {
    const key = `${r.kubernetes.namespace_name}/${r.kubernetes.pod_name}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(r);
  }
  return out;
}
