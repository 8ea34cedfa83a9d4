import type { AppFormat, AppLine } from './app-format.js';
import { isDigit } from './char-codes.js';
import { APP_FORMATS } from './format-registry.js';
import { makeAppLine } from './make-app-line.js';
import { parsePlain } from './plain.js';
import { Severity } from '../model/severity.js';

/** Candidate formats per first character (ASCII); lines starting otherwise go straight to plain. */
const BY_FIRST_CHAR: (readonly AppFormat[])[] = [];
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  BY_FIRST_CHAR.push(APP_FORMATS.filter((f) => f.firstChars.includes(ch)));
}

/** For digit-led lines: candidates per character after the leading digits (see AppFormat.afterDigits). */
const BY_AFTER_DIGITS: (readonly AppFormat[])[] = [];
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  BY_AFTER_DIGITS.push(BY_FIRST_CHAR[48].filter((f) => f.afterDigits === undefined || f.afterDigits.includes(ch)));
}

function candidatesFor(text: string, c0: number): readonly AppFormat[] {
  if (c0 < 48 || c0 > 57) return BY_FIRST_CHAR[c0];
  let i = 1;
  while (i < 12 && isDigit(text.charCodeAt(i))) i++;
  const next = text.charCodeAt(i);
  return next < 128 ? BY_AFTER_DIGITS[next] : BY_FIRST_CHAR[c0];
}

/** The first registered format that accepts the line, or undefined (never throws). */
export function parseKnownLine(text: string, refMs?: number): AppLine | undefined {
  try {
    return parseKnown(text, refMs);
  } catch {
    return undefined;
  }
}

function parseKnown(text: string, refMs: number | undefined): AppLine | undefined {
  const c0 = text.charCodeAt(0);
  if (!(c0 < 128)) return undefined;
  const candidates = candidatesFor(text, c0);
  if (candidates.length === 0) return undefined;
  const ref = refMs ?? Date.now();
  for (let k = 0; k < candidates.length; k++) {
    const line = candidates[k].parse(text, ref);
    if (line !== undefined) return line.severityNumber === 0 && line.format === 'syslog' ? withInnerLevel(line, ref) : line;
  }
  return undefined;
}

/**
 * A syslog or journald line carries the program's own line as its message, header and all
 * (`pulsar[21529]: 2022-09-30T12:21:35,214+0000 [thread] WARN  o.a.p.ZKSessionWatcher - ...`,
 * `containerd[31892]: time="..." level=error msg="..."`): when the syslog header gave no level,
 * the program's format gives it (INFO and above). The message stays whole, as rules read it so.
 */
function withInnerLevel(line: AppLine, ref: number): AppLine {
  const c0 = line.message.charCodeAt(0);
  if (!(c0 < 128)) return line;
  const inner = parseKnown(line.message, ref);
  // Debug and trace stay unleveled: the debug level in the text is read with the line's words
  // (chatter-shape.ts DEBUG_TEXT), which keep a debug line that names a failure out of noise.
  if (inner === undefined || inner.severityNumber < Severity.INFO) return line;
  line.severityNumber = inner.severityNumber;
  line.levelText = inner.levelText;
  return line;
}

/**
 * Reads a line with the first registered format that accepts it (format-registry.ts: gunicorn,
 * Python logging, log4j/logback/Java and its Hadoop/Spark/Zookeeper/HDFS/Spring Boot variants,
 * oslo.log, Apache httpd and nginx error logs, Android logcat, Windows CBS, BlueGene/L and HPC
 * logs, Proxifier, JSON logs, logfmt, klog, syslog), else a learned header or the plain reading
 * (level words, Python warnings, exception lines). Never throws.
 * `refMs`: a time near the line's (its transport time), which gives the year to formats that
 * leave it out (klog, RFC 3164 syslog, logcat); the clock's year otherwise.
 */
export function parseAppLine(text: string, refMs?: number): AppLine {
  try {
    return parseKnown(text, refMs) ?? parsePlain(text);
  } catch {
    return makeAppLine(undefined, 0, undefined, text, 'plain');
  }
}
