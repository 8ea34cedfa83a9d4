import type { LogRecord } from '../model/record.js';
import { displayPath, type CompiledRule } from './load-rules.js';
import type { ClassifierCall } from './recording-classifier.js';
import { levelAllows } from './rule-level.js';

/** Why a record came out as it did: the answer to "why did logsift tag this line so?". */
export interface Explanation {
  input: string;
  lines: number;
  /** Multi-line group kind: single, python-traceback, python-warning, java-stack, indented. */
  group: string;
  format: string;
  severity: { text: string; number: number; from: 'line' | 'rule' | 'none' };
  /** What templates and rules saw: the line without its timestamp/level prefix. */
  message: string;
  template: { id: string; text: string; seen: number };
  /** Every rule whose pattern matches the message, in the order they are tried. */
  matched: { rule: string; pack: string; file: string; line?: number; event?: string; relevance: string }[];
  decided: { rule: string; relevance: string; score: number; event?: string; reason?: string };
  /** One sentence on why it is signal, context or noise. */
  why: string;
}

export interface ExplainSettings {
  repeatWindow: string;
  repeatThreshold: number;
}

export function explainRecord(record: LogRecord, call: ClassifierCall, rules: CompiledRule[], settings: ExplainSettings): Explanation {
  const matched = rules
    .filter((r) => (r.kind === undefined || r.kind === call.kind) && levelAllows(r.levelMask, call.severityNumber) && r.matches(call.message))
    .map((r) => ({ rule: r.id, pack: r.pack, file: r.file, line: r.line, event: r.event, relevance: r.relevance }));
  const lineSeverity = call.severityNumber;
  return {
    input: record.body,
    lines: record.lineCount,
    group: call.kind,
    format: record.format,
    severity: { text: record.severityText, number: record.severityNumber, from: lineSeverity ? 'line' : record.severityNumber ? 'rule' : 'none' },
    message: call.message,
    template: { id: record.templateId, text: record.template, seen: call.templateSeen },
    matched,
    decided: { rule: record.rule, relevance: record.relevance, score: record.score, event: record.event, reason: record.reason },
    why: why(record, call, rules, settings),
  };
}

function why(record: LogRecord, call: ClassifierCall, rules: CompiledRule[], s: ExplainSettings): string {
  const rule = rules.find((r) => r.id === record.rule);
  if (rule) {
    const where = `${displayPath(rule.file)}${rule.line ? `:${rule.line}` : ''}`;
    const inLoop = record.reason === 'part of an active restart loop' && rule.reason !== record.reason;
    if (inLoop) return `rule ${rule.id} (${where}) makes it ${rule.relevance}, raised to signal because its pod is in an active restart loop`;
    // What came before in the pod (state/lifecycle-episodes.ts) changed the rule's answer.
    if (record.reason !== undefined && record.reason !== rule.reason) {
      return `rule ${rule.id} (${where}) makes it ${rule.relevance}; what came before in the pod makes it ${record.relevance}${record.event ? ` ${record.event}` : ' with no event'}: ${record.reason}`;
    }
    if (rule.relevance === 'noise' && rule.reason?.startsWith('benign:')) {
      return `benign entry ${rule.id} (${where}) in the known-benign catalogue: ${rule.reason.slice('benign:'.length).trim()}`;
    }
    const on = call.kind === 'python-traceback' && !rule.matches(call.message) ? " on the traceback's exception line" : '';
    return `rule ${rule.id} (${where}) decides it${on}: ${rule.relevance}${rule.reason ? ` — ${rule.reason}` : ''}`;
  }
  switch (record.rule) {
    case 'builtin.repetitive':
      return (
        `no rule matched; its template has repeated ${call.templateWindowCount} times in the current ${s.repeatWindow} window ` +
        `(more than ${s.repeatThreshold}) at ${record.severityText} (WARN or below), so it is repetitive noise`
      );
    case 'builtin.first-seen':
      return `no rule matched; the first record of this template at ${record.severityText} (WARN or above) is a signal`;
    case 'builtin.chatter':
    case 'builtin.artefact':
    case 'builtin.shell-trace':
    case 'builtin.frame':
    case 'builtin.pasted-command':
    case 'builtin.unit-status':
      // The structural decision (rule-classifier.ts): its reason says what the line's shape or recurrence showed.
      return `no rule matched; ${record.reason ?? record.rule}`;
    case 'builtin.stack-trace':
      return `no rule matched; a ${call.kind} group (a stack trace) is a signal`;
    case 'builtin.severity':
      return record.severityNumber
        ? `no rule matched; relevance follows the line's severity ${record.severityText}${record.relevance === 'noise' ? ' (debug or trace)' : ''}`
        : 'no rule matched and the line has no level: context';
    default:
      return record.reason ?? `decided by ${record.rule}`;
  }
}
