import type { LogRecord } from '../model/record.js';
import { Severity, severityText } from '../model/severity.js';
import type { LoopTransition } from '../state/pod-state-store.js';
import { templateId } from '../template/fingerprint.js';

const LOOP_TEMPLATE = 'restart loop detected: <*>';
const LOOP_TEMPLATE_ID = templateId(LOOP_TEMPLATE);

/** The one synthesized signal record that announces a restart loop. */
export function loopRecord(t: LoopTransition, observedMs: number): LogRecord {
  const { pod, state } = t;
  const body =
    `restart loop detected in ${pod.namespace}/${pod.pod} (${pod.container}): ${state.evidence ?? 'repeated restarts'}` +
    (state.hint ? ` — likely cause: ${state.hint}` : '');
  const attributes: Record<string, string | number | boolean> = { 'logsift.loop.cause': state.cause ?? 'unknown' };
  if (state.evidence) attributes['logsift.loop.evidence'] = state.evidence;
  if (state.hint) attributes['logsift.loop.hint'] = state.hint;
  if (state.pack) attributes['logsift.loop.pack'] = state.pack;
  // What the container printed last before it was replaced (templates, oldest first).
  if (state.lastSignals && state.lastSignals.length > 0) attributes['logsift.loop.last_signals'] = state.lastSignals.join('\n');
  return {
    timeMs: t.atMs,
    timeFromSource: true,
    observedMs,
    body,
    lineCount: 0,
    pod,
    severityNumber: Severity.ERROR,
    severityText: severityText(Severity.ERROR),
    relevance: 'signal',
    score: 100,
    rule: 'logsift.restart-loop',
    reason: state.hint,
    templateId: LOOP_TEMPLATE_ID,
    template: LOOP_TEMPLATE,
    format: 'logsift',
    synthetic: true,
    attributes,
  };
}
