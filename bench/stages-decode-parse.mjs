// Micro-benchmark: decodeContainerLine + parseAppLine over 1M CRI-wrapped gunicorn lines.
// Run after `npm run build`: node bench/stages-decode-parse.mjs [lines]
import { decodeContainerLine } from '../dist/decode/container-line.js';
import { parseAppLine } from '../dist/parse/app-line.js';

const N = Number(process.argv[2] ?? 1_000_000);
const LINES_PER_SECOND = 100;
const MESSAGES = [
  (pid) => `[${'INFO'}] Booting worker with pid: ${pid}`,
  (pid) => `[CRITICAL] WORKER TIMEOUT (pid:${pid})`,
  (pid) => `[INFO] Worker exiting (pid: ${pid})`,
  (pid) => `[WARNING] Worker with pid ${pid} was terminated due to signal 9`,
];

const pad = (n) => (n < 10 ? '0' + n : String(n));

/** Deterministic workload: the clock advances one second every 100 lines, as a busy pod's would. */
function workload(n) {
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

function run(lines) {
  let sev = 0;
  let bytes = 0;
  for (let i = 0; i < lines.length; i++) {
    const d = decodeContainerLine(lines[i]);
    const a = parseAppLine(d.text);
    sev += a.severityNumber;
    bytes += a.message.length;
  }
  return sev + bytes;
}

const PASSES = 5;
const lines = workload(N);
run(lines.slice(0, 100_000)); // warm-up: let V8 optimise before timing
const wall = [];
const cpu = [];
let check = 0;
for (let p = 0; p < PASSES; p++) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  check = run(lines);
  const ns = Number(process.hrtime.bigint() - t0);
  const c = process.cpuUsage(c0);
  wall.push(N / (ns / 1e9));
  // CPU time (all threads, GC helpers included) is steadier than wall time on a busy machine.
  cpu.push(N / ((c.user + c.system) / 1e6));
}
const byRate = (a, b) => b - a;
wall.sort(byRate);
cpu.sort(byRate);
const fmt = (r) => Math.round(r).toLocaleString('en-US');
const mid = PASSES >> 1;
console.log(`decodeContainerLine+parseAppLine, ${N} CRI-wrapped gunicorn lines x ${PASSES} passes:`);
console.log(`  wall: best ${fmt(wall[0])} lines/s, median ${fmt(wall[mid])} lines/s`);
console.log(`  cpu:  best ${fmt(cpu[0])} lines/cpu-s, median ${fmt(cpu[mid])} lines/cpu-s (check ${check})`);
