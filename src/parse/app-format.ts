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
  /** Which format parsed it (the `name` of its AppFormat, or plain). */
  format: string;
  /** Logger, tag or component the header names (`org.apache.hadoop.ipc.Server`, a logcat tag). */
  logger?: string;
  /** Thread name or id from the header (`main`, `QuorumPeer[myid=1]`). */
  thread?: string;
  /** Process id from the header. */
  pid?: number;
}

/**
 * One application line format: a row of the registry (format-registry.ts). `parse` is an
 * anchored check and the parser in one: it returns undefined as soon as the line is not in its
 * format, and the dispatcher falls through to the next candidate.
 */
export interface AppFormat {
  readonly name: string;
  /** Every character a line in this format can start with (the dispatcher's index). */
  readonly firstChars: string;
  /**
   * For lines that start with a digit: the characters that can follow the leading digits (`-`
   * in `2023-03-15`, `/` in `17/06/09`, a space after a record number). Lines whose next character
   * is not listed skip the format without calling it (an access log's `10.1.0.7`). Omitted: any.
   */
  readonly afterDigits?: string;
  /**
   * `refMs`: a time near the line's (its transport time), which gives the year to formats that
   * leave it out. Must not throw on any input (the dispatcher guards it anyway).
   */
  parse(text: string, refMs: number): AppLine | undefined;
}

export const DIGITS = '0123456789';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
