import type { AppFormat, AppLine } from './app-format.js';
import { DIGITS } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * ZooKeeper's own log layout (conf/log4j.properties 3.4-3.7, conf/logback.xml 3.8+, and the
 * official image's): `%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m`, e.g.
 * `2022-03-30 19:45:52,348 [myid:1] - INFO  [main:NIOServerCnxnFactory@686] - binding to port ...`.
 * The thread may hold `:`, `[`, `]` and spaces (`QuorumPeer[myid=1](plain=[0:0:0:0:0:0:0:0]:2181)
 * (secure=disabled)`), so the bracket ends at the first `@<line>] - ` after it; the class is the
 * logger, the rest of the bracket the thread.
 */

// The level word and the bracket: bounded, so a line that only looks like one costs a few steps.
const BRACKET = /^(TRACE|DEBUG|INFO|WARN|ERROR|FATAL) *\[(.{0,300}?):([\w$]{1,120})@(\d{1,6})\] - /;

export function parseZookeeperLog4j(s: string): AppLine | undefined {
  // `2022-03-30 19:45:52,348 [myid:`
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(10) !== 32 || s.charCodeAt(19) !== 44 || !s.startsWith(' [myid:', 23)) return undefined;
  const close = s.indexOf('] - ', 30);
  if (close < 0 || close > 60) return undefined;
  const rest = close + 4;
  const m = BRACKET.exec(s.slice(rest, rest + 500));
  if (m === null) return undefined;
  const timeMs = parseIsoTime(s, 0, 23);
  if (timeMs !== timeMs) return undefined;
  const severity = severityInRange(m[1], 0, m[1].length);
  return makeAppLine(timeMs, severity, m[1], s.slice(rest + m[0].length), 'zookeeper', m[3], m[2]);
}

export const zookeeperLog4jFormat: AppFormat = { name: 'zookeeper', firstChars: DIGITS, afterDigits: '-', parse: parseZookeeperLog4j };
