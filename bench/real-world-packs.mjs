// Scores the rule packs on real log excerpts against their hand marks, per ecosystem.
//
//   npm run build --silent && node bench/real-world-packs.mjs [--split heldout|dev|all] [--verbose] [--in-process]
//
// Excerpts live in test/fixtures/real-world/<server>/<split>-<name>.log, each with a sidecar
// <split>-<name>.marks: one line per log line, "<relevance> <event or ->" (sources in
// test/fixtures/README.md). `dev` excerpts were used while writing the rules; `heldout` ones were
// not, and are what the figures quote. Each file goes through `logsift tag` as a log file would;
// every line takes the relevance of the record that holds it, and a record's event counts on its
// first line. `--in-process` makes the same decisions with the built pipeline in this process
// (support/tag-lines.mjs): seconds instead of minutes for `--split all` on a busy machine.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countLine, differs, emptyTally } from './support/mark-tally.mjs';
import { inProcessTagger, tagLines } from './support/tag-lines.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const base = join(root, 'test/fixtures/real-world');
const args = process.argv.slice(2);
const split = args.includes('--split') ? args[args.indexOf('--split') + 1] : 'heldout';
const verbose = args.includes('--verbose');
const decide = args.includes('--in-process') ? await inProcessTagger(root) : undefined;
const tag = (path, lines) => (decide ? decide(lines) : tagLines(cli, path, lines));

function readMarks(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [relevance, event] = l.trim().split(/\s+/);
      return { relevance, event: event === '-' ? undefined : event };
    });
}

const rows = new Map();
function row(name) {
  if (!rows.has(name)) rows.set(name, { files: 0, ...emptyTally() });
  return rows.get(name);
}

for (const server of readdirSync(base).sort()) {
  for (const f of readdirSync(join(base, server)).filter((f) => f.endsWith('.log')).sort()) {
    if (split !== 'all' && !f.startsWith(`${split}-`)) continue;
    const path = join(base, server, f);
    const lines = readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
    const marks = readMarks(path.replace(/\.log$/, '.marks'));
    if (marks.length !== lines.length) throw new Error(`${f}: ${marks.length} marks for ${lines.length} lines`);
    const got = tag(path, lines);
    for (const r of [row(server), row('all')]) r.files++;
    lines.forEach((line, i) => {
      const m = marks[i];
      const g = got[i] ?? { relevance: 'missing' };
      for (const r of [row(server), row('all')]) countLine(r, m, g);
      if (verbose && differs(m, g)) {
        console.log(`${server}/${f}:${i + 1} marked ${m.relevance}/${m.event ?? '-'} got ${g.relevance}/${g.event ?? '-'} (${g.rule ?? '?'}) ${line.slice(0, 100)}`);
      }
    });
  }
}

const ratio = (a, b) => (b === 0 ? '   n/a' : (a / b).toFixed(3).padStart(6));
const header = ['ecosystem', 'files', 'lines', 'events', 'ev.recall', 'ev.prec', 'signals', 'sig.recall', 'sig→noise', 'noise', 'noise.recall'];
console.log(`split: ${split}`);
console.log(header.map((h, i) => (i === 0 ? h.padEnd(13) : h.padStart(i >= 4 ? 10 : 6))).join(' '));
for (const [name, r] of [...rows].sort((a, b) => (a[0] === 'all' ? 1 : b[0] === 'all' ? -1 : a[0].localeCompare(b[0])))) {
  console.log(
    [
      name.padEnd(13),
      String(r.files).padStart(6),
      String(r.lines).padStart(6),
      String(r.events).padStart(6),
      ratio(r.correct, r.events).padStart(10),
      ratio(r.correct, r.predicted).padStart(10),
      String(r.signals).padStart(10),
      ratio(r.signalHit, r.signals).padStart(10),
      String(r.signalNoise).padStart(10),
      String(r.noise).padStart(10),
      ratio(r.noiseHit, r.noise).padStart(10),
    ].join(' '),
  );
}
