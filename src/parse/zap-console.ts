import { DIGITS, type AppFormat, type AppLine } from './app-format.js';
import { isLetter } from './char-codes.js';
import { severityInRange } from './severity-words.js';
import { makeAppLine } from './make-app-line.js';
import { parseIsoTime } from '../decode/timestamp.js';

/** A field with no space in it, short enough to be a logger or a caller (`envoy/main.go:218`). */
function isNameField(s: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 120) return false;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 32) return false;
  return true;
}

/**
 * zap's console encoder (go.uber.org/zap, zapcore/console_encoder.go, 1.x): the time, the level,
 * the logger name and the caller when configured, then the message, each joined by a tab, the
 * context fields last as one JSON object. Istio's proxy agent and pilot (pkg/log), controller-runtime's
 * development logger and many Go operators print it:
 *   `2019-06-17T18:47:45.957958Z\tinfo\tStatus server has successfully terminated`
 *   `2023-03-15T09:42:07.123Z\tINFO\tcontroller-runtime.metrics\tMetrics server is starting to listen\t{"addr": ":8080"}`
 * Only ISO-8601 times are read (an epoch-float time is not told apart from other numbers here).
 * Fields between the level and the message count as the logger (the first) when they hold no
 * space and another tab follows.
 */
export function parseZapConsole(s: string): AppLine | undefined {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(10) !== 84) return undefined;
  const tab = s.indexOf('\t', 19);
  if (tab < 0 || tab > 40) return undefined;
  const timeMs = parseIsoTime(s, 0, tab);
  if (timeMs !== timeMs) return undefined;
  const levelEnd = s.indexOf('\t', tab + 1);
  if (levelEnd < tab + 4 || levelEnd > tab + 14) return undefined;
  for (let i = tab + 1; i < levelEnd; i++) if (!isLetter(s.charCodeAt(i))) return undefined;
  const severity = severityInRange(s, tab + 1, levelEnd);
  if (severity === 0) return undefined;
  let at = levelEnd + 1;
  let logger: string | undefined;
  for (let k = 0; k < 2; k++) {
    const next = s.indexOf('\t', at);
    if (next < 0 || !isNameField(s, at, next)) break;
    logger ??= s.slice(at, next);
    at = next + 1;
  }
  return makeAppLine(timeMs, severity, s.slice(tab + 1, levelEnd), s.slice(at), 'zap-console', logger);
}

export const zapConsoleFormat: AppFormat = { name: 'zap-console', firstChars: DIGITS, afterDigits: '-', parse: parseZapConsole };
