import { DIGITS, type AppFormat, type AppLine } from './app-format.js';
import { isDigit } from './char-codes.js';
import { bracketEnd, digitsEnd, intIn, isQualified, levelSeverity, nameEnd, readLevel, skipSpaces } from './header-fields.js';
import { monthAt, readClock, readCompactClock, readYear, timeEnd, utcDayMs } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { parseIsoTime, twoDigits } from '../decode/timestamp.js';

/** Time of the header read by `headerTime`, NaN when its shape carries no date. */
let stampMs = NaN;

/** After `HH:mm:ss` at 11: fraction and zone of an ISO stamp; the end of the stamp, or -1. */
function isoStampEnd(s: string): number {
  let i = 19;
  const c = s.charCodeAt(i);
  if ((c === 44 || c === 46) && isDigit(s.charCodeAt(i + 1))) {
    i++;
    while (isDigit(s.charCodeAt(i))) i++;
  }
  const z = s.charCodeAt(i);
  if (z === 90) return i + 1;
  if ((z === 43 || z === 45) && isDigit(s.charCodeAt(i + 1))) {
    i += 3;
    if (s.charCodeAt(i) === 58) i++;
    return isDigit(s.charCodeAt(i)) && isDigit(s.charCodeAt(i + 1)) ? i + 2 : -1;
  }
  return i;
}

/**
 * The timestamp shapes log4j/logback layouts commonly print, by fixed positions: ISO
 * (`2015-10-18 18:01:47,978`, `...T...+09:00`), `yyyy/MM/dd HH:mm:ss`, Spark's `yy/MM/dd HH:mm:ss`,
 * HDFS's `yyMMdd HHmmss`, Tomcat's `dd-MMM-yyyy HH:mm:ss.SSS`, logback's bare `HH:mm:ss.SSS`.
 * Returns the end of the stamp (time in `stampMs`) or -1.
 */
function headerTime(s: string): number {
  stampMs = NaN;
  const c2 = s.charCodeAt(2);
  const c4 = s.charCodeAt(4);
  if ((c4 === 45 || c4 === 47) && s.charCodeAt(7) === c4) {
    const sep = s.charCodeAt(10);
    if (sep !== 32 && sep !== 84) return -1;
    if (c4 === 45) {
      const end = isoStampEnd(s);
      if (end < 0) return -1;
      stampMs = parseIsoTime(s, 0, end);
      return stampMs === stampMs ? end : -1;
    }
    const year = readYear(s, 0);
    const clock = readClock(s, 11);
    if (clock !== clock) return -1;
    stampMs = utcDayMs(year, twoDigits(s, 5), twoDigits(s, 8)) + clock;
    return timeEnd;
  }
  if (c2 === 47 && s.charCodeAt(5) === 47 && s.charCodeAt(8) === 32) {
    const clock = readClock(s, 9);
    const month = twoDigits(s, 3);
    const day = twoDigits(s, 6);
    const yy = twoDigits(s, 0);
    if (clock !== clock || yy < 0 || month < 1 || month > 12 || day < 1 || day > 31) return -1;
    stampMs = utcDayMs(2000 + yy, month, day) + clock;
    return timeEnd;
  }
  if (s.charCodeAt(6) === 32 && s.charCodeAt(13) === 32 && digitsEnd(s, 0, 6) === 6 && digitsEnd(s, 7, 6) === 13) {
    const clock = readCompactClock(s, 7);
    const month = twoDigits(s, 2);
    const day = twoDigits(s, 4);
    if (clock !== clock || month < 1 || month > 12 || day < 1 || day > 31) return -1;
    stampMs = utcDayMs(2000 + twoDigits(s, 0), month, day) + clock;
    return 13;
  }
  if (c2 === 45 && s.charCodeAt(6) === 45 && s.charCodeAt(11) === 32) {
    const month = monthAt(s, 3);
    const day = twoDigits(s, 0);
    const clock = readClock(s, 12);
    if (month === 0 || day < 1 || day > 31 || clock !== clock) return -1;
    stampMs = utcDayMs(readYear(s, 7), month, day) + clock;
    return timeEnd;
  }
  if (c2 === 58 && s.charCodeAt(5) === 58) {
    // A clock with no date: the line's time stays the transport's.
    const clock = readClock(s, 0);
    return clock === clock ? timeEnd : -1;
  }
  return -1;
}

/** Zookeeper's `[thread:Class@123]`: the class before `@line` is the logger. */
function splitThread(s: string, from: number, to: number): { thread: string; logger?: string } {
  const at = s.lastIndexOf('@', to);
  const colon = s.lastIndexOf(':', at);
  if (at > from && colon >= from && digitsEnd(s, at + 1) === to) {
    return { thread: s.slice(from, colon), logger: s.slice(colon + 1, at) };
  }
  return { thread: s.slice(from, to).trim() };
}

/**
 * log4j / logback / java.util.logging one-line headers and the variants Hadoop, HDFS, Spark,
 * Zookeeper, Tomcat and Spring Boot print, e.g.
 *   `2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: msg`
 *   `2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0.0.0.0:2181:FastLeaderElection@774] - msg`
 *   `17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: msg`
 *   `081109 203615 148 INFO dfs.DataNode$PacketResponder: msg`
 *   `2023-03-15 09:42:07.123  INFO 12345 --- [           main] o.s.b.w.e.tomcat.TomcatWebServer : msg`
 *   `2023-03-15 09:42:07,123 [main] INFO  com.example.App - msg`, `09:42:07.123 [main] INFO  c.e.App - msg`
 *   `15-Mar-2023 09:42:07.123 INFO [main] org.apache.catalina.startup.Catalina.start msg`
 * A level word is required; thread, pid and logger are optional. Times without a zone are UTC.
 */
export function parseJavaLogging(s: string): AppLine | undefined {
  let i = headerTime(s);
  if (i < 0 || s.charCodeAt(i) !== 32) return undefined;
  const timeMs = stampMs;
  // A layout's own marks: a dash after the time, a pid, a thread, a logger, a non-ISO stamp.
  // Without one the line is a bare `time LEVEL msg`, left to the learned header.
  let marked = s.charCodeAt(4) !== 45;
  i = skipSpaces(s, i);
  if (s.charCodeAt(i) === 45 && s.charCodeAt(i + 1) === 32) {
    i = skipSpaces(s, i + 2);
    marked = true;
  }
  let pid: number | undefined;
  let thread: string | undefined;
  let logger: string | undefined;
  // Before the level: HDFS's pid, or log4j's `[%t]`.
  if (isDigit(s.charCodeAt(i))) {
    const e = digitsEnd(s, i);
    if (s.charCodeAt(e) !== 32) return undefined;
    pid = intIn(s, i, e);
    i = skipSpaces(s, e);
  } else if (s.charCodeAt(i) === 91) {
    const e = bracketEnd(s, i);
    if (e < 0 || s.charCodeAt(e) !== 32) return undefined;
    thread = s.slice(i + 1, e - 1).trim();
    i = skipSpaces(s, e);
  }
  const levelStart = i;
  const levelEnd = readLevel(s, i);
  if (levelEnd < 0) return undefined;
  const severity = levelSeverity;
  const level = s.slice(levelStart, levelEnd);
  i = skipSpaces(s, levelEnd);
  // Spring Boot: `INFO 12345 --- [app] [  thread] logger : msg`.
  if (pid === undefined && isDigit(s.charCodeAt(i))) {
    const e = digitsEnd(s, i);
    if (s.charCodeAt(e) === 32) {
      pid = intIn(s, i, e);
      i = skipSpaces(s, e);
    }
  }
  if (s.charCodeAt(i) === 45 && s.charCodeAt(i + 1) === 45 && s.charCodeAt(i + 2) === 45 && s.charCodeAt(i + 3) === 32) i = skipSpaces(s, i + 4);
  while (s.charCodeAt(i) === 91) {
    const e = bracketEnd(s, i);
    if (e < 0) break;
    const t = splitThread(s, i + 1, e - 1);
    thread = t.thread;
    logger = t.logger;
    i = e;
    if (s.charCodeAt(i) !== 32) break;
    i = skipSpaces(s, i);
  }
  if (pid !== undefined || thread !== undefined) marked = true;
  // Zookeeper: `[...] - msg`.
  if (s.charCodeAt(i) === 45 && s.charCodeAt(i + 1) === 32) {
    return makeAppLine(timeMs, severity, level, s.slice(i + 2), 'java', logger, thread, pid);
  }
  const ne = nameEnd(s, i);
  if (ne > 0 && logger === undefined) {
    const qualified = isQualified(s, i, ne);
    if (s.charCodeAt(ne) === 58 && (s.charCodeAt(ne + 1) === 32 || ne + 1 === s.length) && (qualified || thread !== undefined)) {
      // Hadoop, Spark, HDFS: `logger: msg`.
      return makeAppLine(timeMs, severity, level, s.slice(Math.min(ne + 2, s.length)), 'java', s.slice(i, ne), thread, pid);
    }
    const after = skipSpaces(s, ne);
    const sep = s.charCodeAt(after);
    if (after > ne && (sep === 58 || sep === 45) && s.charCodeAt(after + 1) === 32) {
      // Spring Boot's padded `logger : msg`, log4j's `%c - %m`.
      return makeAppLine(timeMs, severity, level, s.slice(after + 2), 'java', s.slice(i, ne), thread, pid);
    }
    if (qualified && thread !== undefined && after === ne + 1 && s.lastIndexOf('.', ne) > s.indexOf('.', i)) {
      // java.util.logging's OneLineFormatter (Tomcat): `[thread] class.method msg`.
      return makeAppLine(timeMs, severity, level, s.slice(after), 'java', s.slice(i, ne), thread, pid);
    }
  }
  return marked ? makeAppLine(timeMs, severity, level, s.slice(i), 'java', logger, thread, pid) : undefined;
}

export const javaLoggingFormat: AppFormat = {
  name: 'java',
  firstChars: DIGITS,
  afterDigits: '-/ :',
  parse: parseJavaLogging,
};
