import { LIFECYCLE_EVENTS } from '../model/record.js';
import type { AnalysisDocument } from './analysis.js';

export interface TextReportOptions {
  color: boolean;
  /** Rows per table at most. */
  top: number;
}

const oneLine = (s: string, max: number) => {
  const line = s.split('\n')[0];
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
};

const time = (iso?: string) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-');

/**
 * The terminal triage report: restart loops first (they are the answer most of the time),
 * then per-pod lifecycle counts, the signals, and what was filtered out as noise and why.
 */
export function renderTextReport(doc: AnalysisDocument, opts: TextReportOptions): string {
  const bold = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[22m` : s);
  const red = (s: string) => (opts.color ? `\x1b[31m${s}\x1b[39m` : s);
  const dim = (s: string) => (opts.color ? `\x1b[2m${s}\x1b[22m` : s);
  const out: string[] = [];
  const s = doc.summary;
  out.push(
    bold('logsift triage report') +
      `  ${s.lines} lines, ${s.records} records, ${time(s.timeRange.first)} → ${time(s.timeRange.last)}`,
  );
  out.push('');

  const looping = doc.pods.filter((p) => p.restartLoop.active);
  if (looping.length) {
    for (const p of looping) {
      out.push(red(bold(`RESTART LOOP  ${p.namespace}/${p.pod} (${p.container})`)) + `  since ${time(p.restartLoop.since)}`);
      if (p.restartLoop.evidence) out.push(`  seen:         ${p.restartLoop.evidence}`);
      if (p.restartLoop.hint) out.push(`  likely cause: ${p.restartLoop.hint}`);
      const last = p.restartLoop.lastSignals;
      if (last) last.forEach((l, i) => out.push(`${i === 0 ? '  last signals: ' : '                '}${oneLine(l, 110)}`));
      out.push('');
    }
  } else {
    out.push(bold('No restart loop detected.'));
    out.push('');
  }

  out.push(bold('PODS'));
  const events = LIFECYCLE_EVENTS.filter((e) => doc.pods.some((p) => p.events[e] > 0));
  const header = ['namespace/pod (container)', 'records', 'signals', ...events, 'loop'];
  const rows = doc.pods.slice(0, opts.top).map((p) => [
    `${p.namespace}/${p.pod} (${p.container})`,
    String(p.records),
    String(p.signals),
    ...events.map((e) => String(p.events[e])),
    p.restartLoop.active ? 'ACTIVE' : '-',
  ]);
  out.push(...table([header, ...rows]).map((l, i) => (i === 0 ? dim(l) : l)));
  if (doc.pods.length > opts.top) out.push(dim(`  … ${doc.pods.length - opts.top} more pods`));
  out.push('');

  out.push(bold(`SIGNALS`) + `  ${s.byRelevance.signal} records, ${doc.signals.length} distinct`);
  for (const e of doc.signals.slice(0, opts.top)) {
    const tag = [e.severityText, e.event].filter(Boolean).join(' ');
    out.push(`  ${String(e.count).padStart(6)}×  ${tag.padEnd(14)} ${oneLine(e.example, 110)}`);
    out.push(dim(`           ${time(e.first)} → ${time(e.last)}  rule ${e.rule}`));
  }
  if (doc.signals.length > opts.top) out.push(dim(`  … ${doc.signals.length - opts.top} more`));
  out.push('');

  out.push(bold('NOISE') + `  ${s.byRelevance.noise} records filtered, ${doc.noise.length} distinct`);
  for (const e of doc.noise.slice(0, opts.top)) {
    out.push(`  ${String(e.count).padStart(6)}×  ${oneLine(e.example, 110)}`);
    out.push(dim(`           why: ${oneLine(e.reason, 120)}`));
  }
  if (doc.noise.length > opts.top) out.push(dim(`  … ${doc.noise.length - opts.top} more`));
  out.push('');
  out.push(
    `signal ${s.byRelevance.signal}  context ${s.byRelevance.context}  noise ${s.byRelevance.noise}` +
      (s.templates.omitted ? `  (${s.templates.omitted} records of templates past the report cap)` : ''),
  );
  return out.join('\n') + '\n';
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => '  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}
