import { isJvmExceptionStart, TRACEBACK_HEADER } from '../parse/exception-line.js';
import { isPythonWarningLine } from '../parse/python-warning.js';
import { SEVERITY_BY_WORD } from '../parse/severity-words.js';

/** What a line can start when no group is pending for its stream. */
export const Start = { None: 0, Traceback: 1, Warning: 2, Jvm: 3, Indented: 4 } as const;
export type Start = (typeof Start)[keyof typeof Start];

const CHAIN_HEADERS = [
  'During handling of the above exception, another exception occurred:',
  'The above exception was the direct cause of the following exception:',
] as const;

export function isIndented(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 32 || c === 9;
}

export function isBlank(text: string): boolean {
  return text.length === 0 || (isIndented(text) && text.trim().length === 0);
}

export function isTracebackHeader(text: string): boolean {
  return text.charCodeAt(0) === 84 && text.startsWith(TRACEBACK_HEADER);
}

/** The lines Python prints between chained tracebacks. */
export function isChainHeader(text: string): boolean {
  return text.startsWith(CHAIN_HEADERS[0]) || text.startsWith(CHAIN_HEADERS[1]);
}

/** Non-indented JVM stack lines (`Caused by:`, `Suppressed:`, `... 12 more`). */
export function isJvmContinuation(text: string): boolean {
  return text.startsWith('Caused by: ') || text.startsWith('Suppressed: ') || text.startsWith('... ');
}

function leadingUpperWord(text: string): string | undefined {
  let j = 0;
  while (j < 10 && j < text.length) {
    const c = text.charCodeAt(j);
    if (c < 65 || c > 90) break;
    j++;
  }
  return j >= 3 && j < 10 ? text.slice(0, j) : undefined;
}

/**
 * A line that opens a new log record by its look: a timestamp, a bracketed header (gunicorn),
 * a syslog priority, a JSON object, klog's `E0315 ` or a level word first. Such a line never
 * continues a traceback even when it sits where the exception line would be.
 */
export function looksLikeRecordStart(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c === 91 || c === 123 || c === 60 || (c >= 48 && c <= 57)) return true;
  if ((c === 73 || c === 87 || c === 69 || c === 70) && text.charCodeAt(5) === 32) {
    const d = text.charCodeAt(1);
    if (d >= 48 && d <= 57) return true;
  }
  const word = leadingUpperWord(text);
  if (word === undefined) return false;
  const next = text.charCodeAt(word.length);
  return (next === 32 || next === 58 || next === 93) && SEVERITY_BY_WORD.has(word);
}

/** Classifies a line with no pending group: most lines return None after a char check or two. */
export function startOf(text: string): Start {
  const c = text.charCodeAt(0);
  if (c === 32 || c === 9) return isBlank(text) ? Start.None : Start.Indented;
  if (c === 91 || c === 123 || c === 60 || (c >= 48 && c <= 57) || c !== c) return Start.None;
  if (c === 84 && text.startsWith(TRACEBACK_HEADER)) return Start.Traceback;
  if (isPythonWarningLine(text)) return Start.Warning;
  if ((c >= 97 && c <= 122) || c === 69) return isJvmExceptionStart(text) ? Start.Jvm : Start.None;
  return Start.None;
}
