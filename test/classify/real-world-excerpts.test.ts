import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogRecord, RawEntry } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { FIXTURES } from '../helpers/run-cli.js';

/*
 * Real log excerpts from public bug reports (test/fixtures/real-world/, sources in the fixtures
 * README) against their hand marks. The figures (recall, precision, noise) are bench/
 * real-world-packs.mjs's job; this test holds the properties that must never regress: no line
 * marked signal is tagged noise, every event logsift reports is the one marked on that line, and
 * on the `dev-` excerpts (the ones the packs were checked against) every marked event is found.
 */
const BASE = join(FIXTURES, 'real-world');
const config = loadConfig();
const classifier = createClassifier(config.pipeline.classify);

interface Mark {
  relevance: string;
  event?: string;
}

function marksOf(path: string): Mark[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [relevance, event] = l.trim().split(/\s+/);
      return { relevance, event: event === '-' ? undefined : event };
    });
}

/** Each line with the decision of the record that holds it (the event on the record's first line). */
function tagged(lines: string[]): ({ relevance: string; event?: string } | undefined)[] {
  const out: LogRecord[] = [];
  const pipeline = new Pipeline(
    { config: config.pipeline, classifier, telemetry: new SelfTelemetry(), defaultPod: { namespace: 'rw', pod: 'p', container: 'c' }, clock: () => Date.UTC(2024, 0, 1) },
    (records) => out.push(...records),
  );
  pipeline.process(lines.map((line): RawEntry => ({ line, streamKey: 'rw' })));
  pipeline.flush();
  const got: ({ relevance: string; event?: string } | undefined)[] = lines.map(() => undefined);
  const used = lines.map(() => false);
  for (const r of out) {
    if (r.synthetic) continue;
    const body = r.body.split('\n');
    const at = lines.findIndex((l, i) => !used[i] && l === body[0]);
    if (at < 0) continue;
    body.forEach((_, k) => {
      used[at + k] = true;
      got[at + k] = { relevance: r.relevance, event: k === 0 ? r.event : undefined };
    });
  }
  return got;
}

for (const server of readdirSync(BASE).sort()) {
  t.test(server, async (t) => {
    const logs = readdirSync(join(BASE, server)).filter((f) => f.endsWith('.log'));
    t.ok(logs.some((f) => f.startsWith('dev-')) && logs.some((f) => f.startsWith('heldout-')), 'a dev and a held-out excerpt');
    for (const f of logs) {
      const lines = readFileSync(join(BASE, server, f), 'utf8').replace(/\n$/, '').split('\n');
      const marks = marksOf(join(BASE, server, f.replace(/\.log$/, '.marks')));
      t.equal(marks.length, lines.length, `${f}: one mark per line`);
      const got = tagged(lines);
      lines.forEach((line, i) => {
        const m = marks[i];
        const g = got[i];
        const where = `${f}:${i + 1} ${line.slice(0, 80)}`;
        t.ok(g, `${where}: tagged`);
        if (m.relevance === 'signal') t.not(g?.relevance, 'noise', `${where}: a signal is never noise`);
        if (g?.event) t.equal(g.event, m.event, `${where}: the event reported is the one marked`);
        if (f.startsWith('dev-') && m.event) t.equal(g?.event, m.event, `${where}: the marked event is found`);
      });
    }
  });
}
