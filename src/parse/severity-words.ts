import { Severity } from '../model/severity.js';

/** NOTICE sits just above INFO in the OpenTelemetry ranges (INFO2). */
const INFO2 = Severity.INFO + 1;

/**
 * Level words as applications write them, upper-cased, to OpenTelemetry SeverityNumbers.
 * CRITICAL/ALERT/EMERG are FATAL (syslog's top three); SEVERE is java.util.logging's error, and
 * SEVER/WARNI its levels cut to five letters (OrientDB's log format). supervisord writes its own
 * four-letter names (supervisor/loggers.py, LevelsByDescription: CRIT ERRO WARN INFO DEBG TRAC BLAT).
 * INFORMATION is Poco::Message's name for info (ClickHouse's `<Information>`, Poco-based servers).
 */
export const SEVERITY_BY_WORD: ReadonlyMap<string, number> = new Map([
  ['TRACE', Severity.TRACE],
  ['TRAC', Severity.TRACE],
  ['BLAT', Severity.TRACE],
  ['FINEST', Severity.TRACE],
  ['FINER', Severity.TRACE],
  ['DEBUG', Severity.DEBUG],
  ['DBG', Severity.DEBUG],
  ['DEBG', Severity.DEBUG],
  ['FINE', Severity.DEBUG],
  ['INFO', Severity.INFO],
  ['INF', Severity.INFO],
  ['INFORMATIONAL', Severity.INFO],
  ['INFORMATION', Severity.INFO],
  ['NOTICE', INFO2],
  ['WARN', Severity.WARN],
  ['WARNING', Severity.WARN],
  ['WRN', Severity.WARN],
  ['ERR', Severity.ERROR],
  ['ERRO', Severity.ERROR],
  ['ERROR', Severity.ERROR],
  ['SEVERE', Severity.ERROR],
  ['SEVER', Severity.ERROR],
  ['WARNI', Severity.WARN],
  ['DPANIC', Severity.FATAL],
  ['PANIC', Severity.FATAL],
  ['FATAL', Severity.FATAL],
  ['FTL', Severity.FATAL],
  ['CRIT', Severity.FATAL],
  ['CRITICAL', Severity.FATAL],
  ['ALERT', Severity.FATAL],
  ['EMERG', Severity.FATAL],
  ['EMERGENCY', Severity.FATAL],
]);

/** ASCII upper case of a char code; other codes unchanged. */
function upper(c: number): number {
  return c >= 97 && c <= 122 ? c - 32 : c;
}

/** Level words by a hash of their upper-case letters: a lookup without building a string. */
const WORDS_BY_HASH = new Map<number, [string, number][]>();
for (const [w, sev] of SEVERITY_BY_WORD) {
  const h = hashUpper(w, 0, w.length);
  const list = WORDS_BY_HASH.get(h);
  if (list === undefined) WORDS_BY_HASH.set(h, [[w, sev]]);
  else list.push([w, sev]);
}

/** Hash of `s[start, end)` upper-cased (ASCII); -1 when a char is not ASCII. */
function hashUpper(s: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return -1;
    h = (Math.imul(h, 31) + upper(c)) | 0;
  }
  return h & 0x3fffffff;
}

function equalsUpper(s: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    if (upper(s.charCodeAt(start + k)) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * SeverityNumber for the level word `s[start, end)` in any case, 0 when it is not one. Reads
 * char codes instead of slicing and upper-casing: most candidates (`GET`, `HTTP`) are not levels.
 */
export function severityInRange(s: string, start: number, end: number): number {
  const n = end - start;
  if (n > 13) return 0;
  const h = hashUpper(s, start, end);
  // Non-ASCII letters can upper-case into ASCII ones (`ﬁne`, dotless `ı`): the slow way decides.
  if (h < 0) return SEVERITY_BY_WORD.get(s.slice(start, end).toUpperCase()) ?? 0;
  const list = WORDS_BY_HASH.get(h);
  if (list === undefined) return 0;
  for (const [w, sev] of list) if (w.length === n && equalsUpper(s, start, w)) return sev;
  return 0;
}

/**
 * `FTL`, zerolog's console name for fatal (console.go, TRC DBG INF WRN ERR FTL PNC), is also a
 * program's own name in its lines (pihole-FTL: `[2019-01-24 12:14:00.432] FTL branch: ...`,
 * `FTL started!`). zerolog writes it right after its time, unbracketed (`3:04PM FTL msg`): the
 * word counts as a level there or bracketed, not after a bracketed header. `s[start, end)` is the
 * word; true when it is FTL outside those places.
 */
export function isNameNotLevel(s: string, start: number, end: number, bracketed: boolean): boolean {
  if (bracketed || end - start !== 3 || !equalsUpper(s, start, 'FTL')) return false;
  const before = start >= 2 ? s.charCodeAt(start - 2) : NaN;
  const afterTime = s.charCodeAt(start - 1) === 32 && ((before >= 48 && before <= 57) || (before === 77 && (s.charCodeAt(start - 3) === 65 || s.charCodeAt(start - 3) === 80)));
  return !afterTime;
}

/** SeverityNumber for a level word in any case, 0 when it is not one. */
export function severityFromWord(word: string): number {
  return severityInRange(word, 0, word.length);
}

/** Syslog severities 0..7 (emerg, alert, crit, err, warning, notice, info, debug). */
const SYSLOG: readonly number[] = [
  Severity.FATAL, Severity.FATAL, Severity.FATAL, Severity.ERROR,
  Severity.WARN, INFO2, Severity.INFO, Severity.DEBUG,
];

/** SeverityNumber from a syslog PRI value (facility * 8 + severity) or a bare severity 0..7. */
export function severityFromSyslogPriority(pri: number): number {
  return SYSLOG[pri & 7];
}

/**
 * Numeric JSON levels: pino/bunyan (10 trace … 60 fatal; values between round down), or a
 * syslog severity 0..7 as GELF writes it.
 */
export function severityFromNumericLevel(n: number): number {
  if (!Number.isFinite(n) || n < 0) return 0;
  if (n <= 7 && Number.isInteger(n)) return SYSLOG[n];
  if (n >= 60) return Severity.FATAL;
  if (n >= 50) return Severity.ERROR;
  if (n >= 40) return Severity.WARN;
  if (n >= 30) return Severity.INFO;
  if (n >= 20) return Severity.DEBUG;
  return n >= 10 ? Severity.TRACE : 0;
}

/**
 * The one-letter levels of capnslog (coreos/pkg capnslog/logmap.go Char(): C E W N I D T) and
 * Phusion Passenger (LoggingKit logLevelMarkers: the same, without T): critical, error, warning,
 * notice (INFO2, as the word NOTICE reads), info, debug, trace; 0 for any other letter.
 */
export function severityFromLevelLetter(code: number): number {
  switch (code) {
    case 67: return Severity.FATAL; // C
    case 69: return Severity.ERROR; // E
    case 87: return Severity.WARN; // W
    case 78: return Severity.INFO + 1; // N
    case 73: return Severity.INFO; // I
    case 68: return Severity.DEBUG; // D
    case 84: return Severity.TRACE; // T
    default: return 0;
  }
}

/** klog / glog severity letters. */
export function severityFromKlogLetter(code: number): number {
  switch (code) {
    case 73: return Severity.INFO; // I
    case 87: return Severity.WARN; // W
    case 69: return Severity.ERROR; // E
    case 70: return Severity.FATAL; // F
    default: return 0;
  }
}

/**
 * Python warning categories (`UserWarning`, `DeprecationWarning`, custom `FooWarning`) are
 * WARN: the warnings module prints them with no level of its own.
 */
export function isPythonWarningCategory(word: string): boolean {
  return word.length > 7 && word.endsWith('Warning') && word.charCodeAt(0) >= 65 && word.charCodeAt(0) <= 90;
}
