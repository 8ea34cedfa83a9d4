// Parse + template stage benchmark on the shared gunicorn workload (Fluent Bit records as JSON
// lines, /work/shared/bench/gen-gunicorn-workload.py): CPU ns/line and lines per CPU-second for
//   StreamHeaders.parse          the app-format registry, header parsers and per-stream headers,
//                                as the pipeline calls them (parseAppLine for a build without them)
//   TemplateCache.get            message shape → rule-cache entry → template cluster
//   parse + template             both, as the pipeline runs them per record
// over the `log` of every record, decoded beforehand (decode is measured by
// stages-decode-parse.mjs). CPU time (process.cpuUsage), median and best of N passes; the
// template cache is rebuilt for each pass, so every pass pays for its misses.
//
//   python3 ../shared/bench/gen-gunicorn-workload.py --outdir /tmp/wl
//   npm run build && node bench/stages-parse-template.mjs --jsonl /tmp/wl/gunicorn-mix-2M.jsonl
//   node bench/stages-parse-template.mjs --jsonl ... --dist /path/to/other/dist   # A/B a build
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const here = new URL('.', import.meta.url).pathname;
const dist = resolve(opt('--dist', join(here, '..', 'dist')));
const file = opt('--jsonl', '/tmp/wl/gunicorn-mix-2M.jsonl');
const PASSES = Number(opt('--passes', 5));
const LIMIT = Number(opt('--lines', 2_000_000));

const { decodeContainerLine } = await import(join(dist, 'decode/container-line.js'));
const { parseAppLine } = await import(join(dist, 'parse/app-line.js'));
const { TemplateCache } = await import(join(dist, 'template/template-cache.js'));
// The pipeline reads lines through the per-stream headers where the build has them (one stream
// here: every record of the workload is one pod's), else through parseAppLine.
const streamHeaders = await import(join(dist, 'parse/stream-header.js')).catch(() => undefined);
const STREAM = 'bench/pod/container';
const parseLine = streamHeaders === undefined
  ? (() => parseAppLine)()
  : (() => {
      const headers = new streamHeaders.StreamHeaders((s) => s);
      return (text, ref) => headers.parse(text, ref, STREAM);
    })();

const texts = [];
const refs = [];
{
  const raw = readFileSync(file, 'utf8');
  let from = 0;
  while (from < raw.length && texts.length < LIMIT) {
    let end = raw.indexOf('\n', from);
    if (end < 0) end = raw.length;
    if (end > from) {
      const d = decodeContainerLine(raw.slice(from, end));
      texts.push(d.text);
      refs.push(d.timeMs ?? Date.UTC(2023, 2, 15));
    }
    from = end + 1;
  }
}
const n = texts.length;
const messages = texts.map((t, i) => parseAppLine(t, refs[i]).message);

function parseAll() {
  let check = 0;
  for (let i = 0; i < n; i++) check += parseLine(texts[i], refs[i]).severityNumber;
  return check;
}
function templateAll() {
  const cache = new TemplateCache(20_000);
  let check = 0;
  for (let i = 0; i < n; i++) check += cache.get(messages[i]).epoch;
  return check;
}
function bothAll() {
  const cache = new TemplateCache(20_000);
  let check = 0;
  for (let i = 0; i < n; i++) check += cache.get(parseLine(texts[i], refs[i]).message).epoch;
  return check;
}

function measure(fn) {
  fn();
  const ns = [];
  for (let p = 0; p < PASSES; p++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    ns.push(((c.user + c.system) * 1000) / n);
  }
  ns.sort((a, b) => a - b);
  return { median: ns[PASSES >> 1], best: ns[0] };
}

const rows = [[streamHeaders === undefined ? 'parseAppLine' : 'StreamHeaders.parse', measure(parseAll)], ['TemplateCache.get', measure(templateAll)], ['parse + template', measure(bothAll)]];
console.log(`${n.toLocaleString('en-US')} records of ${file}, ${dist}, ${PASSES} passes, CPU time:`);
console.log('| stage | median ns/line | best ns/line | lines per CPU-second (median) |');
console.log('|---|---:|---:|---:|');
for (const [name, r] of rows) {
  console.log(`| ${name} | ${r.median.toFixed(0)} | ${r.best.toFixed(0)} | ${Math.round(1e9 / r.median).toLocaleString('en-US')} |`);
}
