import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LifecycleEvent, LogRecord, PodIdentity, Relevance } from '../../src/model/record.js';
import { severityText } from '../../src/model/severity.js';
import type { EventCounts, PodSnapshot, PodStateStore } from '../../src/state/pod-state-store.js';

export const FLUENT_BIT_RECORDS = fileURLToPath(new URL('../fixtures/seed-incident/fluent-bit-records.jsonl', import.meta.url));
export const DEV_POD = 'api-7f9c6d5b8-x2x9k';
export const PROD_POD = 'api-7f9c6d5b8-k4p2q';

interface FluentBitRecord {
  date: number;
  log: string;
  stream: string;
  kubernetes: { pod_name: string; namespace_name: string; container_name: string; host: string };
}

/** The tagging the pipeline is specified to give the incident lines (design §3), for sink tests. */
const TAGS: [RegExp, Relevance, number, string, LifecycleEvent?][] = [
  [/WORKER TIMEOUT/, 'signal', 21, 'gunicorn-timeout', 'timeout'],
  [/terminated due to signal 9/, 'signal', 13, 'gunicorn-kill', 'kill'],
  [/Booting worker/, 'context', 9, 'gunicorn-boot', 'boot'],
  [/Worker exiting/, 'context', 9, 'gunicorn-exit', 'exit'],
  [/UserWarning: The value of the smallest subnormal/, 'noise', 13, 'numpy-subnormal'],
  [/^\s+setattr\(self, word/, 'noise', 13, 'numpy-echo-setattr'],
  [/^\s+return self\._float_to_str/, 'noise', 13, 'numpy-echo-float'],
  [/GET \/healthz/, 'noise', 9, 'access-healthz'],
];

/** The incident fixture as tagged records, in file order. */
export function incidentRecords(): LogRecord[] {
  const pods = new Map<string, PodIdentity>();
  const out: LogRecord[] = [];
  for (const line of readFileSync(FLUENT_BIT_RECORDS, 'utf8').split('\n')) {
    if (!line) continue;
    const fb = JSON.parse(line) as FluentBitRecord;
    const k = fb.kubernetes;
    let pod = pods.get(k.pod_name);
    if (!pod) pods.set(k.pod_name, (pod = { namespace: k.namespace_name, pod: k.pod_name, container: k.container_name, node: k.host }));
    const tag = TAGS.find(([re]) => re.test(fb.log));
    const [, relevance, severityNumber, templateId, event] = tag ?? [undefined, 'context', 9, 'other:' + fb.log.slice(30, 50)];
    out.push({
      timeMs: fb.date * 1000,
      timeFromSource: true,
      observedMs: fb.date * 1000 + 5,
      body: fb.log,
      lineCount: 1,
      pod,
      severityNumber,
      severityText: severityText(severityNumber),
      relevance,
      score: relevance === 'signal' ? 90 : relevance === 'context' ? 50 : 5,
      rule: templateId,
      event,
      templateId,
      template: templateId,
      format: 'gunicorn',
      stream: fb.stream,
    });
  }
  return out;
}

function counts(partial: Partial<EventCounts>): EventCounts {
  return { boot: 0, timeout: 0, kill: 0, oom: 0, exit: 0, crash: 0, probe_fail: 0, backoff: 0, restart: 0, ...partial };
}

/** What PodStateStore.snapshot() is specified to say after the incident (fixture README counts). */
export function incidentSnapshot(): PodSnapshot[] {
  const dev = counts({ boot: 20, timeout: 20, exit: 20, kill: 20 });
  const prod = counts({ boot: 2 });
  return [
    {
      pod: { namespace: 'dev', pod: DEV_POD, container: 'api' },
      totals: dev,
      windows: [
        { label: '1m', counts: counts({ boot: 4, timeout: 4, exit: 4, kill: 4 }) },
        { label: '5m', counts: counts({ boot: 18, timeout: 18, exit: 18, kill: 18 }) },
        { label: '15m', counts: dev },
      ],
      loop: { active: true, cause: 'starved_workers', evidence: '20 worker timeouts, 20 kills, 20 boots in 5m' },
      lastSeenMs: 1678841237000,
    },
    {
      pod: { namespace: 'prod', pod: PROD_POD, container: 'api' },
      totals: prod,
      windows: [
        { label: '1m', counts: counts({}) },
        { label: '5m', counts: counts({}) },
        { label: '15m', counts: prod },
      ],
      loop: { active: false },
      lastSeenMs: 1678841237000,
    },
  ];
}

/** A stand-in for PodStateStore whose snapshot the test controls (the real store is being written). */
export function fakePodStore(snapshot: () => PodSnapshot[]): PodStateStore {
  return {
    snapshot: () => snapshot(),
    get size() {
      return snapshot().length;
    },
    get activeLoops() {
      return snapshot().filter((p) => p.loop.active).length;
    },
  } as unknown as PodStateStore;
}
