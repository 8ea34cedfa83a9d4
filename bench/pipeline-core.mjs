// The processing path alone, in this process on one core: decode → group → parse → template →
// classify → count, over lines already in memory (no I/O, no output serialisation).
import { readFileSync } from 'node:fs';
import { loadConfig } from '../dist/config/load-config.js';
import { createClassifier } from '../dist/classify/create-classifier.js';
import { Pipeline } from '../dist/pipeline/pipeline.js';
import { containerIdFromLogPath, podFromLogPath } from '../dist/decode/pod-identity.js';
import { SelfTelemetry } from '../dist/telemetry/self-telemetry.js';

export function runPipelineCore(files) {
  const config = loadConfig();
  // As `logsift analyze` reads files: identity and container instance from the kubelet file name.
  const inputs = files.map((f) => ({ file: f, pod: podFromLogPath(f), containerId: containerIdFromLogPath(f), lines: readFileSync(f, 'utf8').split('\n') }));
  let records = 0;
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: { namespace: 'unknown', pod: 'unknown', container: 'unknown' } },
    (out) => (records += out.length),
  );
  let lines = 0;
  let bytes = 0;
  for (const i of inputs) for (const l of i.lines) bytes += l.length + 1;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const { file, pod, containerId, lines: ls } of inputs) {
    for (let i = 0; i < ls.length; i += 4096) {
      const batch = [];
      const end = Math.min(ls.length, i + 4096);
      for (let j = i; j < end; j++) if (ls[j]) batch.push({ line: ls[j], pod, streamKey: file, containerId });
      lines += batch.length;
      pipeline.process(batch);
    }
  }
  pipeline.flush();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { lines, records, seconds, cpuSeconds, bytes, loops: pipeline.pods.activeLoops, pods: pipeline.pods.size };
}
