// Stage micro-benchmark: decodeContainerLine and parseAppLine, CPU ns/line, over the realistic
// workload (bench/out/containers-1000000-200, 1M CRI lines of mixed formats, 200 pods), overall
// and per format. Run after `npm run build`:
//   node bench/stages-decode-parse.mjs [--passes N] [--dir DIR] [--synthetic [lines]]
// `--synthetic` keeps the older figure: decode+parse over 1M generated CRI-wrapped gunicorn lines.
// CPU time (process.cpuUsage: all threads, GC helpers included) rather than wall time: other
// benchmarks share the machine.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeContainerLine } from '../dist/decode/container-line.js';
import { stripLinePrefix } from '../dist/decode/line-prefixes.js';
import { parseAppLine } from '../dist/parse/app-line.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length && !args[i + 1].startsWith('--') ? args[i + 1] : dflt;
};
const PASSES = Number(opt('--passes', 5));
const here = new URL('.', import.meta.url).pathname;

/** CPU ns per item of one call of `fn` (which returns a checksum so the work is not dropped). */
function cpuNs(fn, items) {
  const c0 = process.cpuUsage();
  const check = fn();
  const c = process.cpuUsage(c0);
  return { ns: ((c.user + c.system) * 1000) / items, check };
}

/** Median and best of PASSES runs. */
function measure(fn, items) {
  const ns = [];
  let check = 0;
  for (let p = 0; p < PASSES; p++) {
    const r = cpuNs(fn, items);
    ns.push(r.ns);
    check = r.check;
  }
  ns.sort((a, b) => a - b);
  return { best: ns[0], median: ns[PASSES >> 1], check };
}

// ---------------------------------------------------------------- realistic workload

async function loadWorkload(dir) {
  if (!existsSync(join(dir, '.done'))) {
    const { generateWorkload } = await import('./workload.mjs');
    await generateWorkload({ dir, lines: 1_000_000, pods: 200 });
    writeFileSync(join(dir, '.done'), '');
  }
  // As bench/pipeline-core.mjs and the file source do: one file after the other, split on '\n'
  // (so the strings are slices of a decoded chunk, as in production), empty lines skipped.
  const lines = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.log')).sort()) {
    for (const l of readFileSync(join(dir, f), 'utf8').split('\n')) if (l) lines.push(l);
  }
  return lines;
}

function decodeAll(lines) {
  let check = 0;
  for (let i = 0; i < lines.length; i++) {
    const d = decodeContainerLine(lines[i]);
    check += d.text.length + (d.timeMs ?? 0) + (d.partial ? 1 : 0);
  }
  return check;
}

/** The log-prefix stage over already-decoded lines (none of the workload's has a prefix). */
function prefixAll(decoded) {
  let check = 0;
  for (let i = 0; i < decoded.length; i++) check += stripLinePrefix(decoded[i]).text.length;
  return check;
}

/** The same stage over the workload as `docker compose logs` would print it (one object per line, as decoding makes). */
function prefixComposeAll(texts) {
  let check = 0;
  for (let i = 0; i < texts.length; i++) {
    const d = { text: texts[i], timeMs: undefined, stream: undefined, partial: false, framing: 'raw', pod: undefined, containerId: undefined, prefix: undefined };
    check += stripLinePrefix(d).text.length;
  }
  return check;
}

function parseAll(texts, refs) {
  let check = 0;
  for (let i = 0; i < texts.length; i++) {
    const a = parseAppLine(texts[i], refs[i]);
    check += a.severityNumber + a.message.length + (a.timeMs ?? 0);
  }
  return check;
}

async function realistic() {
  const dir = opt('--dir', join(here, 'out', 'containers-1000000-200'));
  const lines = await loadWorkload(dir);
  const n = lines.length;
  const texts = new Array(n);
  const refs = new Array(n);
  for (let i = 0; i < n; i++) {
    const d = decodeContainerLine(lines[i]);
    texts[i] = d.text;
    refs[i] = d.timeMs;
  }
  // Per format: the lines each parser ends up with, kept in workload order.
  const byFormat = new Map();
  for (let i = 0; i < n; i++) {
    const f = parseAppLine(texts[i], refs[i]).format;
    let g = byFormat.get(f);
    if (g === undefined) byFormat.set(f, (g = { texts: [], refs: [] }));
    g.texts.push(texts[i]);
    g.refs.push(refs[i]);
  }
  // Warm-up: one full pass of each so V8 has optimised before timing.
  decodeAll(lines);
  parseAll(texts, refs);
  for (const g of byFormat.values()) parseAll(g.texts, g.refs);

  const decoded = lines.map((l) => decodeContainerLine(l));
  // Joined and split again so the strings are flat slices, as a reader's lines are (not cons strings).
  const composed = texts.map((x, i) => `svc-${i % 7}  | ${x}`).join('\n').split('\n');
  prefixAll(decoded);
  prefixComposeAll(composed);

  const rows = [];
  const dec = measure(() => decodeAll(lines), n);
  rows.push(['decodeContainerLine', n, dec]);
  const pre = measure(() => prefixAll(decoded), n);
  rows.push(['stripLinePrefix (no prefix)', n, pre]);
  rows.push(['stripLinePrefix (compose-prefixed, incl. one object per line)', n, measure(() => prefixComposeAll(composed), n)]);
  const par = measure(() => parseAll(texts, refs), n);
  rows.push(['parseAppLine (all)', n, par]);
  const formats = [...byFormat.keys()].sort((a, b) => byFormat.get(b).texts.length - byFormat.get(a).texts.length);
  for (const f of formats) {
    const g = byFormat.get(f);
    rows.push([`parseAppLine ${f}`, g.texts.length, measure(() => parseAll(g.texts, g.refs), g.texts.length)]);
  }
  console.log(`decode/parse stages, ${n.toLocaleString('en-US')} lines of ${dir}, ${PASSES} passes, CPU ns/line:`);
  console.log('| stage | lines | median ns | best ns |');
  console.log('|---|---:|---:|---:|');
  for (const [name, count, r] of rows) {
    console.log(`| ${name} | ${count.toLocaleString('en-US')} | ${r.median.toFixed(0)} | ${r.best.toFixed(0)} |`);
  }
  console.log(`decode+prefix+parse median: ${(dec.median + pre.median + par.median).toFixed(0)} ns/line (checks ${dec.check} ${pre.check} ${par.check})`);
}

// ---------------------------------------------------------------- synthetic gunicorn lines

const LINES_PER_SECOND = 100;
const MESSAGES = [
  (pid) => `[${'INFO'}] Booting worker with pid: ${pid}`,
  (pid) => `[CRITICAL] WORKER TIMEOUT (pid:${pid})`,
  (pid) => `[INFO] Worker exiting (pid: ${pid})`,
  (pid) => `[WARNING] Worker with pid ${pid} was terminated due to signal 9`,
];

const pad = (n) => (n < 10 ? '0' + n : String(n));

/** Deterministic workload: the clock advances one second every 100 lines, as a busy pod's would. */
function syntheticLines(n) {
  const out = new Array(n);
  const start = Date.UTC(2023, 2, 15, 0, 42, 6);
  for (let i = 0; i < n; i++) {
    const t = new Date(start + Math.floor(i / LINES_PER_SECOND) * 1000);
    const local = new Date(t.getTime() + 9 * 3_600_000);
    const cri = `${t.toISOString().slice(0, 19)}.${String(123456789 + i).slice(-9)}Z`;
    const stamp = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
      `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} +0900`;
    const pid = 9 + (i % 400);
    out[i] = `${cri} stderr F [${stamp}] [${pid}] ${MESSAGES[i % MESSAGES.length](pid)}`;
  }
  // split2 hands over pieces of a decoded chunk split on '\n'; do the same so the strings are
  // laid out as in production rather than as concatenation ropes.
  return out.join('\n').split('\n');
}

function decodeAndParse(lines) {
  let check = 0;
  for (let i = 0; i < lines.length; i++) {
    const d = decodeContainerLine(lines[i]);
    const a = parseAppLine(d.text, d.timeMs);
    check += a.severityNumber + a.message.length;
  }
  return check;
}

function synthetic() {
  const n = Number(opt('--synthetic', 1_000_000));
  const lines = syntheticLines(n);
  decodeAndParse(lines.slice(0, 100_000));
  const r = measure(() => decodeAndParse(lines), n);
  console.log(`decodeContainerLine+parseAppLine, ${n} CRI-wrapped gunicorn lines x ${PASSES} passes:`);
  console.log(`  cpu: median ${r.median.toFixed(0)} ns/line (${Math.round(1e9 / r.median).toLocaleString('en-US')} lines/cpu-s), best ${r.best.toFixed(0)} ns/line (check ${r.check})`);
}

if (args.includes('--synthetic')) synthetic();
else await realistic();
