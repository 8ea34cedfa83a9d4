// What a live reload costs the pipeline: `Pipeline.reconfigure` (compile the packs, swap the
// classifier, forget the rule decisions of a full template cache) blocks the event loop for this
// long between two batches. CPU time (process.cpuUsage), not wall time: the machine is shared.
// Run: npm run build && node bench/reload-swap.mjs
import { buildConfig } from '../dist/config/load-config.js';
import { createClassifier, ruleDirs } from '../dist/classify/create-classifier.js';
import { readRuleSources } from '../dist/classify/load-rules.js';
import { Pipeline } from '../dist/pipeline/pipeline.js';
import { SelfTelemetry } from '../dist/telemetry/self-telemetry.js';

const config = buildConfig({});
const pod = { namespace: 'bench', pod: 'bench-0', container: 'app' };
const pipeline = new Pipeline(
  { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: pod },
  () => {},
);
// A full template cache (the default cap), every template with a cached rule decision.
const templates = config.pipeline.templates.maxTemplates;
const word = (i) => Array.from({ length: 4 }, (_, k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).join('');
const lines = Array.from({ length: templates }, (_, i) => `[2023-03-15 09:42:07 +0900] [1] [INFO] event ${word(i)} happened`);
pipeline.process(lines.map((line) => ({ line, streamKey: 'bench' })));

const cpuMs = (f, n) => {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / n;
};
const rules = readRuleSources(ruleDirs(config.pipeline.classify));
const live = { classify: config.pipeline.classify, rules, defaultPod: pod };
const N = 50;
console.log('\n| step | CPU ms (mean of 50) |');
console.log('|---|---:|');
console.log(`| read the shipped packs (${rules.length} files) | ${cpuMs(() => readRuleSources(ruleDirs(config.pipeline.classify)), N).toFixed(2)} |`);
console.log(`| Pipeline.reconfigure with ${templates.toLocaleString('en-US')} templates cached | ${cpuMs(() => pipeline.reconfigure(live), N).toFixed(2)} |`);
