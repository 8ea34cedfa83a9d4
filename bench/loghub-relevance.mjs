// Scores relevance and lifecycle events on Loghub system logs against hand marks made per
// template, as real-world-packs.mjs does for application excerpts.
//
//   npm run build --silent && node bench/loghub-relevance.mjs --marks DIR [--dir DATASETS]... [--verbose]
//
// DIR holds <System>.tsv files (`EventId<TAB>relevance<TAB>event<TAB>template`, one row per
// Loghub template), marked by hand. Each system's raw <System>_2k.log goes through `logsift tag`;
// its lines take their marks from the EventId column of <System>_2k.log_structured.csv. The
// Loghub files and the marks stay outside the repository (the datasets' licence); without them
// the script says so and exits 0. Figures are per line (a template counts as often as it occurs)
// and per template (a template counts once, with the decision most of its lines got).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './support/csv.mjs';
import { countLine, differs, emptyTally } from './support/mark-tally.mjs';
import { tagLines } from './support/tag-lines.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const args = process.argv.slice(2);
const valuesOf = (flag) => args.flatMap((a, i) => (args[i - 1] === flag ? [a] : []));
const marksDir = valuesOf('--marks')[0];
const dirs = valuesOf('--dir');
if (dirs.length === 0) dirs.push(join(root, '../shared/datasets/loghub-2k'));
const verbose = args.includes('--verbose');

if (marksDir === undefined || !existsSync(marksDir)) {
  console.log('loghub-relevance: no marks directory (--marks DIR); nothing to score');
  process.exit(0);
}

/** The EventId of every line of a structured CSV, in line order. */
function eventIds(path) {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const col = header.indexOf('EventId');
  return rows.map((r) => r[col]);
}

function readMarks(path) {
  const marks = new Map();
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    if (line === '') continue;
    const [id, relevance, event] = line.split('\t');
    marks.set(id, { relevance, event: event === '-' ? undefined : event });
  }
  return marks;
}

function systems() {
  const found = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const log = join(dir, name, `${name}_2k.log`);
      const marks = join(marksDir, `${name}.tsv`);
      if (existsSync(log) && existsSync(marks)) found.push({ name, log, structured: `${log}_structured.csv`, marks });
    }
  }
  return found;
}

const emptyRow = () => ({ ...emptyTally(), tSignals: 0, tSignalHit: 0, tNoise: 0, tNoiseHit: 0 });

function score(sys) {
  const lines = readFileSync(sys.log, 'utf8').replace(/\r?\n$/, '').split(/\r?\n/);
  const ids = eventIds(sys.structured);
  const marks = readMarks(sys.marks);
  const got = tagLines(cli, sys.log, lines);
  const r = emptyRow();
  const perTemplate = new Map();
  lines.forEach((line, i) => {
    const m = marks.get(ids[i]);
    if (m === undefined) return;
    const g = got[i] ?? { relevance: 'missing' };
    countLine(r, m, g);
    const t = perTemplate.get(ids[i]) ?? { mark: m.relevance, votes: new Map() };
    t.votes.set(g.relevance, (t.votes.get(g.relevance) ?? 0) + 1);
    perTemplate.set(ids[i], t);
    if (verbose && differs(m, g)) {
      console.log(`${sys.name}:${i + 1} ${ids[i]} marked ${m.relevance}/${m.event ?? '-'} got ${g.relevance}/${g.event ?? '-'} (${g.rule ?? '?'}) ${line.slice(0, 110)}`);
    }
  });
  for (const t of perTemplate.values()) {
    const majority = [...t.votes].sort((a, b) => b[1] - a[1])[0][0];
    if (t.mark === 'signal') (r.tSignals++, majority === 'signal' && r.tSignalHit++);
    if (t.mark === 'noise') (r.tNoise++, majority === 'noise' && r.tNoiseHit++);
  }
  return r;
}

const ratio = (a, b) => (b === 0 ? 'n/a' : (a / b).toFixed(3));
const columns = [
  ['system', (n) => n, 12],
  ['lines', (_, r) => r.lines, 6],
  ['ev.recall', (_, r) => ratio(r.correct, r.events), 9],
  ['ev.prec', (_, r) => ratio(r.correct, r.predicted), 8],
  ['signals', (_, r) => r.signals, 8],
  ['sig.recall', (_, r) => ratio(r.signalHit, r.signals), 10],
  ['sig.prec', (_, r) => ratio(r.signalHit, r.flagged), 8],
  ['sig→noise', (_, r) => r.signalNoise, 9],
  ['noise.recall', (_, r) => ratio(r.noiseHit, r.noise), 12],
  ['tpl.sig.rec', (_, r) => ratio(r.tSignalHit, r.tSignals), 11],
  ['tpl.noise.rec', (_, r) => ratio(r.tNoiseHit, r.tNoise), 13],
];
const print = (name, r) => console.log(columns.map(([, f, w], i) => String(f(name, r))[i === 0 ? 'padEnd' : 'padStart'](w)).join(' '));

const found = systems();
if (found.length === 0) {
  console.log(`loghub-relevance: no system has both a <System>_2k.log under ${dirs.join(', ')} and marks in ${marksDir}`);
  process.exit(0);
}
console.log(columns.map(([h, , w], i) => h[i === 0 ? 'padEnd' : 'padStart'](w)).join(' '));
const total = emptyRow();
for (const sys of found) {
  const r = score(sys);
  print(sys.name, r);
  for (const k of Object.keys(total)) total[k] += r[k];
}
print('all', total);
