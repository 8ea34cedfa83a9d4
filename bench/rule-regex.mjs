// Rule regexes: the patterns as written on V8's engine, the linear-time engine alone (the `l`
// flag), and the rules as logsift runs them (lines up to 2,048 characters on V8's engine,
// finished by the linear one past 10,000 backtracks; longer lines on the linear engine; behind
// the literal prefilter), on typical messages and on hostile lines at the line limit. Once linear-regex.js is loaded the fallback holds for every regex in the process,
// so "as written" is no longer the raw backtracking engine: its runaway runs end too. CPU time
// (process.cpuUsage), so figures hold on a busy machine.
// Run after `npm run build`: node bench/rule-regex.mjs
import { loadRules, DEFAULT_RULES_DIR } from '../dist/classify/load-rules.js';
import { compileLinear, BACKTRACKING_MAX_CHARS } from '../dist/classify/linear-regex.js';
import { ruleExamples } from '../dist/classify/rule-examples.js';

const LIMIT = 262_144;
const fill = (piece) => piece.repeat(Math.ceil(LIMIT / piece.length)).slice(0, LIMIT);
const cpuMs = (fn) => {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
};

let rules;
const loadMs = cpuMs(() => (rules = loadRules([DEFAULT_RULES_DIR])));
const backtracking = rules.map((r) => {
  const re = new RegExp(r.match, r.ignoreCase ? 'i' : '');
  return { id: r.id, test: (s) => re.test(s) };
});
const linear = rules.map((r) => ({ id: r.id, test: r.matches }));
const linearNoFilter = rules.map((r) => ({ id: r.id, test: (s) => r.regex.test(s) }));
const asRunNoFilter = rules.map((r) => {
  const c = compileLinear(r.match, r.ignoreCase);
  return { id: r.id, test: (s) => (s.length <= BACKTRACKING_MAX_CHARS ? c.backtracking : c.regex).test(s) };
});

const typical = [
  '[1] [CRITICAL] WORKER TIMEOUT (pid:9)',
  "/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:499: UserWarning: The value of the smallest subnormal for <class 'numpy.float32'> type is zero.",
  '10.0.0.1 - - [15/Mar/2023:09:42:37 +0000] "GET /api/v1/orders?id=42 HTTP/1.1" 200 512 "-" "python-requests/2.28"',
  'Started GET "/users" for 127.0.0.1 at 2023-03-15 09:42:37 +0000 and some more text of a typical length',
];
function perMessageUs(set) {
  for (let k = 0; k < 200; k++) for (const m of typical) for (const r of set) r.test(m);
  const reps = 2000;
  return (cpuMs(() => { for (let k = 0; k < reps; k++) for (const m of typical) for (const r of set) r.test(m); }) / (reps * typical.length)) * 1000;
}
function allRules(set, line) {
  let total = 0;
  let worst = 0;
  let worstId = '';
  for (const r of set) {
    const ms = cpuMs(() => r.test(line));
    total += ms;
    if (ms > worst) [worst, worstId] = [ms, r.id];
  }
  return { total, worst, worstId };
}

// Each rule's example with its last character cut: every literal is there, no rule matches, so
// the prefilter lets every rule's regex scan the whole line (the worst case for the shipped set).
const nearMisses = rules.flatMap((r) => ruleExamples(r.match).map((e) => e.slice(0, -1))).join(' ') + ' ';
const hostile = {
  '"Probe failed " repeated': fill('Probe failed '),
  '"GET /healthz HTTP/1.1" 200 repeated': fill('"GET /healthz HTTP/1.1" 200 '),
  'near-misses of every rule, repeated': fill(nearMisses),
  '"a" repeated': fill('a'),
};

const fmt = (n) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
console.log(`\nrule regexes: ${rules.length} shipped rules, line limit ${LIMIT} bytes; packs loaded and compiled in ${fmt(loadMs)} ms CPU`);
console.log('| input | as written, V8 engine | linear engine only, no prefilter | as run, no prefilter | as run + prefilter (shipped) |');
console.log('|---|---:|---:|---:|---:|');
console.log(`| all rules on one typical message (µs) | ${[backtracking, linearNoFilter, asRunNoFilter, linear].map((set) => fmt(perMessageUs(set))).join(' | ')} |`);
// Lines at the limit run on the linear engine, so "as run" equals it there: the hostile rows
// also show a line of BACKTRACKING_MAX_CHARS, the longest that runs on V8's engine.
for (const [name, long] of Object.entries(hostile)) for (const line of [long, long.slice(0, BACKTRACKING_MAX_CHARS)]) {
  const cells = [backtracking, linearNoFilter, asRunNoFilter, linear].map((set) => {
    const r = allRules(set, line);
    return `${fmt(r.total)} ms (worst ${r.worstId} ${fmt(r.worst)})`;
  });
  console.log(`| ${name} (${line.length} chars), all rules | ${cells.join(' | ')} |`);
}

// The rules as shipped before this change (issue 8 item 1), on the backtracking engine.
const before = {
  'k8s.probe-failed (before)': ['(Liveness|Readiness|Startup) probe failed|Probe failed.*probeType="?(Liveness|Readiness|Startup)', hostile['"Probe failed " repeated']],
  'k8s.health-check-ok (before)': ['"(GET|HEAD) /(healthz|readyz|livez|health|ready|ping)\\S* HTTP/[0-9.]+" [23]\\d\\d .*kube-probe/', hostile['"GET /healthz HTTP/1.1" 200 repeated']],
};
console.log('\n| rule on its hostile line (256 KiB) | as written, V8 engine | as run + prefilter |');
console.log('|---|---:|---:|');
for (const [name, [src, line]] of Object.entries(before)) {
  const bt = new RegExp(src);
  const li = compileLinear(src);
  console.log(`| ${name} | ${fmt(cpuMs(() => bt.test(line)))} ms | ${fmt(cpuMs(() => li.test(line)))} ms |`);
}
const evilBt = /(a+)+$/;
const evilLi = compileLinear('(a+)+$');
for (const n of [18, 20, 22, 50, LIMIT]) {
  const s = 'a'.repeat(n) + '!';
  // Without the fallback this doubles per a: 50 never finish.
  const bt = `${fmt(cpuMs(() => evilBt.test(s)))} ms`;
  console.log(`| user rule (a+)+$ on ${n} a + "!" | ${bt} | ${fmt(cpuMs(() => evilLi.test(s)))} ms |`);
}
