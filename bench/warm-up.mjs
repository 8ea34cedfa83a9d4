// Where an isolate's first lines go: CPU µs per line, slice by slice, of fresh pipelines over the
// same lines in one process. Round 0 pays everything a new worker pays (V8 compiling the
// pipeline's code as it gets hot, templates and rule decisions learned for the first time);
// later rounds find the code compiled and learn the state again, so round 0 minus round 1 is
// the JIT's share and round 1's excess over the steady slices is the learning. Each pipeline
// worker pays both again, which is most of why 2 workers cost more CPU than 1.
// Run after `npm run build`:
//   node bench/warm-up.mjs [FILE] [--lines N] [--slice N] [--rounds N]
// FILE: JSON lines or any log (default: the realistic workload's first lines, as `analyze` reads
// it). CPU time of this thread's process (GC helpers and the compiler's threads included).
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { loadConfig } from '../dist/config/load-config.js';
import { createClassifier } from '../dist/classify/create-classifier.js';
import { Pipeline } from '../dist/pipeline/pipeline.js';
import { SelfTelemetry } from '../dist/telemetry/self-telemetry.js';
import { Analysis } from '../dist/report/analysis.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const here = new URL('.', import.meta.url).pathname;
const file = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--'))) ?? `${here}out/realistic-2000000/gunicorn-mix.jsonl`;
if (!existsSync(file)) {
  console.error(`no input: ${file} (generate it with BENCH_ONLY=cli npm run bench, or give a file)`);
  process.exit(2);
}
const maxLines = Number(opt('--lines', 200_000));
const slice = Number(opt('--slice', 25_000));
const rounds = Number(opt('--rounds', 3));

// Only the head is read (the workload file is 525 MB): its complete lines, at most maxLines.
const fd = openSync(file, 'r');
const head = Buffer.allocUnsafe(maxLines * 512);
const got = readSync(fd, head, 0, head.length, 0);
closeSync(fd);
const text = head.toString('latin1', 0, got);
const lines = text.slice(0, got === head.length ? text.lastIndexOf('\n') : text.length).split('\n').slice(0, maxLines);
if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
const config = loadConfig();
const defaultPod = { namespace: 'unknown', pod: 'unknown', container: 'unknown' };
// As `analyze` hands a file's lines over: 64 KiB reads, about 250 of these lines a batch.
const BATCH = 256;

console.log(`${lines.length} lines of ${file}, slices of ${slice}: CPU µs per line`);
for (let round = 0; round < rounds; round++) {
  const analysis = new Analysis(undefined, {});
  const c00 = process.cpuUsage();
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod },
    (out) => analysis.add(out),
  );
  const setup = process.cpuUsage(c00);
  const perSlice = [];
  let total = 0;
  for (let i = 0; i < lines.length; i += slice) {
    const end = Math.min(lines.length, i + slice);
    const c0 = process.cpuUsage();
    for (let j = i; j < end; j += BATCH) pipeline.processLines(lines.slice(j, Math.min(j + BATCH, end)), undefined, file, undefined);
    const c = process.cpuUsage(c0);
    total += c.user + c.system;
    perSlice.push(((c.user + c.system) / (end - i)).toFixed(2));
  }
  pipeline.flush();
  const steady = Number(perSlice[perSlice.length - 1]);
  const excess = total / 1e6 - (steady * lines.length) / 1e6;
  console.log(
    `round ${round}: set-up ${((setup.user + setup.system) / 1000).toFixed(0)} ms; ${perSlice.join(' ')}; ` +
      `${(total / 1e6).toFixed(2)} CPU-s, ${excess.toFixed(2)} s over the last slice's rate`,
  );
}
