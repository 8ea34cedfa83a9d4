import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack } from 'msgpackr';
import { pino } from 'pino';
import { buildConfig } from '../../../src/config/load-config.js';
import { createClassifier } from '../../../src/classify/create-classifier.js';
import { readInputs } from '../../../src/cli/read-inputs.js';
import { UNKNOWN, type PodIdentity } from '../../../src/model/record.js';
import { Pipeline } from '../../../src/pipeline/pipeline.js';
import { Service } from '../../../src/service/service.js';
import type { PodSnapshot } from '../../../src/state/pod-state-store.js';
import { SelfTelemetry } from '../../../src/telemetry/self-telemetry.js';
import { post } from './support.js';

/**
 * The incident's Fluent Bit records posted to a running Service in batches (msgpack, json,
 * gzip'd json_lines) end in exactly the per-pod counts and loop verdicts that `logsift analyze`
 * computes from the same records (its Pipeline fed by readInputs, as analyze-command does).
 */

const RECORDS = fileURLToPath(new URL('../../fixtures/seed-incident/fluent-bit-records.jsonl', import.meta.url));
const BATCH = 100;
const config = buildConfig({ input: { http: { port: 0 }, otlp: { http: { enabled: false }, grpc: { enabled: false } } }, export: { prometheus: { enabled: false } } });
const defaultPod: PodIdentity = { namespace: UNKNOWN, pod: UNKNOWN, container: UNKNOWN };

type Rec = Record<string, unknown>;
const lines = readFileSync(RECORDS, 'utf8').split('\n').filter((l) => l !== '');
const records = lines.map((l) => JSON.parse(l) as Rec);

function verdicts(snapshot: PodSnapshot[]) {
  return Object.fromEntries(
    snapshot.map((s) => [
      `${s.pod.namespace}/${s.pod.pod}/${s.pod.container}`,
      { totals: s.totals, loop: { active: s.loop.active, cause: s.loop.cause, evidence: s.loop.evidence, sinceMs: s.loop.sinceMs } },
    ]),
  );
}

async function analyzeVerdicts() {
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod },
    () => {},
  );
  await readInputs([RECORDS], pipeline, { maxLineBytes: config.pipeline.maxLineBytes, stdin: process.stdin, stderr: process.stderr });
  return verdicts(pipeline.pods.snapshot(Date.now()));
}

/** Fluent Bit's event format: `[[EventTime, {}], record]`, EventTime as ext 0 written by hand. */
function msgpackEvent(rec: Rec): Buffer {
  const seconds = rec.date as number;
  const head = Buffer.alloc(13);
  head[0] = 0x92; // [header, record]
  head[1] = 0x92; // [EventTime, metadata]
  head[2] = 0xd7; // fixext 8
  head[3] = 0x00; // type 0
  head.writeUInt32BE(Math.floor(seconds), 4);
  head.writeUInt32BE(Math.round((seconds % 1) * 1e9), 8);
  head[12] = 0x80; // {}
  return Buffer.concat([head, pack(rec)]);
}

const formats: Record<string, (batch: Rec[]) => [string, Buffer, [string, string][]]> = {
  msgpack: (b) => ['application/msgpack', Buffer.concat(b.map(msgpackEvent)), []],
  json: (b) => ['application/json', Buffer.from(JSON.stringify(b)), []],
  'gzip json_lines': (b) => [
    'application/x-ndjson',
    gzipSync(b.map((r) => JSON.stringify(r) + '\n').join('')),
    [['Content-Encoding', 'gzip']],
  ],
};

void t.test('http batches give the same counts and loop verdicts as analyze, in-thread and with workers', async (t) => {
  const expected = await analyzeVerdicts();
  const dev = expected['dev/api-7f9c6d5b8-x2x9k/api'];
  t.ok(dev, 'analyze sees the crashing pod');
  t.ok(dev.totals.boot > 0 && dev.loop.active, 'and declares its restart loop');
  t.equal(expected['prod/api-7f9c6d5b8-k4p2q/api']?.loop.active, false, 'the healthy pod has no loop');

  for (const [format, encode] of Object.entries(formats)) for (const workers of [0, 2]) {
    const name = `${format}, ${workers} workers`;
    const service = new Service({
      config,
      logger: pino({ level: 'silent' }),
      defaultPod,
      stdout: new Writable({ write: (_c, _e, cb) => cb() }),
      workers,
    });
    await service.start();
    try {
      for (let i = 0; i < records.length; i += BATCH) {
        const [type, body, headers] = encode(records.slice(i, i + BATCH));
        const a = await post(service.http.address!, type, body, headers);
        t.equal(a.status, 200, `${name} batch ${i / BATCH}`);
      }
      await service.runner.flush();
      t.equal(service.runner.depth, 0, 'queue drained');
      t.same(verdicts(await service.runner.snapshot(Date.now())), expected, `${name}: same verdicts as analyze`);
      t.equal(service.telemetry.recordsIn.get('http'), records.length);
    } finally {
      await service.stop();
    }
  }
});
