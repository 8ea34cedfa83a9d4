// The rule packs against hand-marked real log excerpts, one row per ecosystem.
//
//   npm run build --silent && node bench/real-world-packs.mjs [--split heldout|dev|all] [--verbose]
//
// test/fixtures/real-world/<ecosystem>/<split>-<name>.log holds an excerpt (origins in
// test/fixtures/README.md) and <split>-<name>.marks its hand marks, one line per log line:
// "<relevance> <event or ->" ('#' lines are comments). `dev` excerpts were looked at while the
// rules were written; `heldout` ones were not, and are the figures to quote. Each file goes
// through `logsift tag` as a file would; a line takes the relevance of the record that holds it,
// and a record's event counts on its first line.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const base = join(root, 'test/fixtures/real-world');
const argv = process.argv.slice(2);
const split = argv.includes('--split') ? argv[argv.indexOf('--split') + 1] : 'heldout';
const verbose = argv.includes('--verbose');

function marksOf(path) {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => {
    const [relevance, event] = l.trim().split(/\s+/);
    return { relevance, event: event === undefined || event === '-' ? undefined : event };
  });
}

/** Per input line: the relevance of the record holding it, its event on the record's first line. */
function decisions(path, lines) {
  const out = execFileSync('node', [cli, 'tag', path], { maxBuffer: 1 << 26, encoding: 'utf8' });
  const got = new Array(lines.length);
  let next = 0;
  for (const json of out.split('\n')) {
    if (json === '') continue;
    const { body, attributes: a } = JSON.parse(json);
    if (a['logsift.synthetic']) continue;
    const bodyLines = body.split('\n');
    // Records come out in input order for one stream; search forward for the first line they hold.
    let at = next;
    while (at < lines.length && lines[at] !== bodyLines[0]) at++;
    if (at === lines.length) continue;
    bodyLines.forEach((_, k) => {
      if (at + k < lines.length) got[at + k] = { relevance: a['logsift.relevance'], event: k === 0 ? a['logsift.event'] : undefined, rule: a['logsift.rule'] };
    });
    next = at + bodyLines.length;
  }
  return got;
}

const table = new Map();
const rowOf = (name) => {
  if (!table.has(name)) table.set(name, { files: 0, lines: 0, events: 0, predicted: 0, hits: 0, signals: 0, signalHits: 0, signalsAsNoise: 0, noise: 0, noiseHits: 0 });
  return table.get(name);
};

for (const eco of readdirSync(base).sort()) {
  for (const file of readdirSync(join(base, eco)).filter((f) => f.endsWith('.log')).sort()) {
    if (split !== 'all' && !file.startsWith(`${split}-`)) continue;
    const path = join(base, eco, file);
    const lines = readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
    const marks = marksOf(path.replace(/\.log$/, '.marks'));
    if (marks.length !== lines.length) throw new Error(`${eco}/${file}: ${marks.length} marks for ${lines.length} lines`);
    const got = decisions(path, lines);
    const rows = [rowOf(eco), rowOf('all')];
    for (const r of rows) r.files++;
    lines.forEach((line, i) => {
      const want = marks[i];
      const have = got[i] ?? { relevance: 'missing' };
      for (const r of rows) {
        r.lines++;
        if (want.event) r.events++;
        if (have.event) r.predicted++;
        if (have.event && have.event === want.event) r.hits++;
        if (want.relevance === 'signal') {
          r.signals++;
          if (have.relevance === 'signal') r.signalHits++;
          if (have.relevance === 'noise') r.signalsAsNoise++;
        } else if (want.relevance === 'noise') {
          r.noise++;
          if (have.relevance === 'noise') r.noiseHits++;
        }
      }
      if (verbose && (want.relevance !== have.relevance || (want.event ?? '-') !== (have.event ?? '-'))) {
        console.log(`${eco}/${file}:${i + 1} marked ${want.relevance}/${want.event ?? '-'} got ${have.relevance}/${have.event ?? '-'} (${have.rule ?? '?'})  ${line.slice(0, 90)}`);
      }
    });
  }
}

const ratio = (a, b) => (b === 0 ? 'n/a' : (a / b).toFixed(3));
const cols = ['ecosystem', 'files', 'lines', 'events', 'ev.recall', 'ev.prec', 'signals', 'sig.recall', 'sig→noise', 'noise', 'noise.recall'];
console.log(`split: ${split}`);
console.log(cols.map((c, i) => (i === 0 ? c.padEnd(15) : c.padStart(i < 4 ? 7 : 12))).join(''));
const names = [...table.keys()].filter((n) => n !== 'all').sort().concat(table.has('all') ? ['all'] : []);
for (const name of names) {
  const r = table.get(name);
  const cells = [r.files, r.lines, r.events, ratio(r.hits, r.events), ratio(r.hits, r.predicted), r.signals, ratio(r.signalHits, r.signals), r.signalsAsNoise, r.noise, ratio(r.noiseHits, r.noise)];
  console.log(name.padEnd(15) + cells.map((c, i) => String(c).padStart(i < 3 ? 7 : 12)).join(''));
}
