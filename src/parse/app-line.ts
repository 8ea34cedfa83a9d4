import { parseGunicorn } from './gunicorn.js';
import { parseJsonLog } from './json-log.js';
import { looksLikeKlogHeader, parseKlog } from './klog.js';
import { isDigit } from './char-codes.js';
import { parseLogfmt } from './logfmt.js';
import { makeAppLine } from './make-app-line.js';
import { parsePlain } from './plain.js';
import { parsePythonBasic, parsePythonTimestamped } from './python-logging.js';
import { parseSyslog } from './syslog.js';

/** What the application's own format says about one line. */
export interface AppLine {
  /** Event time from the line (ms since epoch), when it has one. */
  timeMs?: number;
  /** OpenTelemetry SeverityNumber, 0 when the line has no level. */
  severityNumber: number;
  /** The level as the line wrote it (`WARNING`, `30`, `E`), when it has one. */
  levelText?: string;
  /** The message without timestamp/level/pid prefix (for templates and rules). */
  message: string;
  /** Which format parsed it: gunicorn, python, json, logfmt, klog, syslog, plain. */
  format: string;
}

/** `Mar 15 09:42:07 ...`: a capitalised three-letter month, a space, a day. */
function looksLikeBsdSyslog(text: string): boolean {
  return text.charCodeAt(3) === 32 && text.charCodeAt(9) === 58;
}

function parseUpper(text: string, c0: number, refMs: number): AppLine | undefined {
  if (looksLikeKlogHeader(text)) return parseKlog(text, refMs);
  if (looksLikeBsdSyslog(text)) return parseSyslog(text, refMs);
  return parsePythonBasic(text);
}

/** One dispatch on the first character, then at most one anchored check per candidate format. */
function parseKnown(text: string, refMs: number | undefined): AppLine | undefined {
  const c0 = text.charCodeAt(0);
  if (c0 === 91) return parseGunicorn(text);
  if (isDigit(c0)) return parsePythonTimestamped(text);
  if (c0 === 123) return parseJsonLog(text);
  if (c0 >= 65 && c0 <= 90) return parseUpper(text, c0, refMs ?? Date.now());
  if (c0 >= 97 && c0 <= 122) return parseLogfmt(text);
  if (c0 === 60) return parseSyslog(text, refMs ?? Date.now());
  return undefined;
}

/**
 * Recognises common application formats: gunicorn (`[time] [pid] [LEVEL] msg`), Python logging
 * defaults, JSON logs (pino/bunyan numeric levels, zap, logrus, structlog keys), logfmt, klog
 * (`E0315 09:42:07.123456 ...`), syslog-style, and plain lines with level words (including Python
 * warning categories such as `UserWarning`). Never throws.
 * `refMs`: a time near the line's (its transport time), which gives the year to formats that
 * leave it out (klog, RFC 3164 syslog); the clock's year otherwise.
 */
export function parseAppLine(text: string, refMs?: number): AppLine {
  try {
    return parseKnown(text, refMs) ?? parsePlain(text);
  } catch {
    return makeAppLine(undefined, 0, undefined, text, 'plain');
  }
}
