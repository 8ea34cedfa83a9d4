// Every component: stop() is safe without start() and safe twice (the Collector generates this
// test for each of its components).
import t from 'tap';
import { PassThrough, Writable } from 'node:stream';
import type { Component } from '../src/component.js';
import { buildConfig } from '../src/config/load-config.js';
import { createClassifier } from '../src/classify/create-classifier.js';
import { PipelineRunner } from '../src/pipeline/pipeline-runner.js';
import { createSinks } from '../src/sinks/create-sinks.js';
import { createHttpSource } from '../src/sources/http/http-source.js';
import { OtlpSource } from '../src/sources/otlp/otlp-source.js';
import { StdinSource } from '../src/sources/stdin-source.js';
import { Service } from '../src/service/service.js';
import { ConfigWatcher } from '../src/service/reload/config-watcher.js';
import { SelfTelemetry } from '../src/telemetry/self-telemetry.js';
import { pino } from 'pino';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateCheckpointer } from '../src/storage/state-checkpointer.js';

const config = buildConfig({
  input: { http: { port: 0 }, otlp: { http: { port: 0 }, grpc: { port: 0 } } },
  export: { prometheus: { port: 0 }, stdout: { enabled: true }, otlp: { endpoint: 'http://127.0.0.1:9' } },
  shutdown: { deadline: '2s' },
});
const logger = pino({ level: 'silent' });
const devNull = () => new Writable({ write: (_c, _e, cb) => cb() });
const pod = { namespace: 'n', pod: 'p', container: 'c' };

function runner(): PipelineRunner {
  const telemetry = new SelfTelemetry();
  return new PipelineRunner({ config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry, defaultPod: pod }, [], logger);
}

function sinks(): Component[] {
  const r = runner();
  return createSinks(config, { pods: r.pipeline.pods, recordCounts: r.pipeline.recordCounts, telemetry: new SelfTelemetry() }, logger, devNull(), {}).components;
}

const factories: Record<string, () => Component> = {
  'pipeline runner': runner,
  'stdin source': () => new StdinSource(new PassThrough(), runner().queue, new SelfTelemetry(), { maxLineBytes: 1024 }),
  'http source': () => createHttpSource({ config: config.input.http, queue: runner().queue, telemetry: new SelfTelemetry(), logger, busy: () => false }),
  'otlp source': () => new OtlpSource({ config: config.input.otlp, queue: runner().queue, telemetry: new SelfTelemetry(), logger, env: {} }),
  'otlp source, http only': () =>
    new OtlpSource({ config: { ...config.input.otlp, grpc: { ...config.input.otlp.grpc, enabled: false } }, queue: runner().queue, telemetry: new SelfTelemetry(), logger, env: {} }),
  'metrics sink': () => sinks().find((c) => c.name.includes('metric'))!,
  'otlp logs sink': () => sinks().find((c) => c.name.includes('otlp') && !c.name.includes('metric'))!,
  'stdout sink': () => sinks().find((c) => c.name === 'stdout')!,
  'config watcher': () => new ConfigWatcher({ enabled: true, debounceMs: 50, dirs: [tmpdir()] }, () => {}, logger),
  'state checkpointer': () =>
    new StateCheckpointer({ dir: join(mkdtempSync(join(tmpdir(), 'logsift-lifecycle-')), 'state'), intervalMs: 60_000, pods: runner().pipeline.pods, logger }),
  'service with storage': () => {
    const storage = buildConfig({ ...structuredClone(config), storage: { path: mkdtempSync(join(tmpdir(), 'logsift-lifecycle-')) } });
    const s = new Service({ config: storage, logger, defaultPod: pod, stdin: new PassThrough(), stdout: devNull(), env: {} });
    return { name: 'service', start: () => s.start(), flush: async () => {}, stop: () => s.stop() };
  },
  service: () => {
    const s = new Service({ config, logger, defaultPod: pod, stdin: new PassThrough(), stdout: devNull(), env: {} });
    return { name: 'service', start: () => s.start(), flush: async () => {}, stop: () => s.stop() };
  },
};

t.test('every component is built', async (t) => {
  t.equal(sinks().length, 3, 'metrics, otlp logs and stdout');
  for (const [name, make] of Object.entries(factories)) t.ok(make(), name);
});

for (const [name, make] of Object.entries(factories)) {
  t.test(`${name}: stop without start, then start, flush, stop twice`, async (t) => {
    await make().stop();
    const c = make();
    await c.start();
    await c.flush();
    await c.stop();
    await c.stop();
    t.pass('no throw, no hang');
  });
}
