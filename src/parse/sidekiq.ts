import type { AppFormat, AppLine } from './app-format.js';
import { DIGITS } from './app-format.js';
import { isUpperRun } from './char-codes.js';
import { digitsEnd, intIn } from './header-fields.js';
import { makeAppLine } from './make-app-line.js';
import { severityInRange } from './severity-words.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * Sidekiq's own log formatter, Pretty and WithoutTimestamp:
 * - Sidekiq 3 to 5 (lib/sidekiq/logging.rb): `<time.utc.iso8601(3)> <pid> TID-<tid><context>
 *   <SEVERITY>: message`, the context being the job's class and `JID-<jid>` while a job runs;
 *   WithoutTimestamp leaves the time out.
 * - Sidekiq 6 and 7 (lib/sidekiq/logger.rb): `<time> pid=<pid> tid=<tid><format_context>
 *   <SEVERITY>: message`, the context as ` class=… jid=… elapsed=…`.
 * Severities are Ruby Logger's (DEBUG INFO WARN ERROR FATAL). The time, pid and thread id are
 * the header; the message keeps the job context and the level word (`HardWorker JID-… INFO:
 * done: 0.25 sec`), which is how sidekiq's own lines read and what its rule pack matches.
 */

const MAX_CONTEXT = 12;

function isSpace(c: number): boolean {
  return c === 32;
}

export function parseSidekiq(s: string): AppLine | undefined {
  let i = 0;
  let timeMs: number | undefined;
  if (s.charCodeAt(4) === 45 && s.charCodeAt(10) === 84) {
    const sp = s.indexOf(' ', 19);
    if (sp < 0 || sp > 40 || s.charCodeAt(sp - 1) !== 90) return undefined;
    timeMs = parseIsoTime(s, 0, sp);
    if (timeMs !== timeMs) return undefined;
    i = sp + 1;
  }
  let pid: number;
  let tidAt: number;
  if (s.startsWith('pid=', i)) {
    const pidEnd = digitsEnd(s, i + 4);
    if (pidEnd < 0 || !s.startsWith(' tid=', pidEnd)) return undefined;
    pid = intIn(s, i + 4, pidEnd);
    tidAt = pidEnd + 5;
  } else {
    const pidEnd = digitsEnd(s, i);
    if (pidEnd < 0 || !s.startsWith(' TID-', pidEnd)) return undefined;
    pid = intIn(s, i, pidEnd);
    tidAt = pidEnd + 5;
  }
  const tidEnd = s.indexOf(' ', tidAt);
  if (tidEnd <= tidAt || tidEnd - tidAt > 24) return undefined;
  // The context words, then `<SEVERITY>:`.
  let at = tidEnd + 1;
  for (let k = 0; k < MAX_CONTEXT && at < s.length; k++) {
    let end = at;
    while (end < s.length && !isSpace(s.charCodeAt(end))) end++;
    if (s.charCodeAt(end - 1) === 58 && end - at >= 5) {
      const severity = severityInRange(s, at, end - 1);
      if (severity > 0 && isUpperRun(s, at, end - 1)) {
        return makeAppLine(timeMs, severity, s.slice(at, end - 1), s.slice(tidEnd + 1), 'sidekiq', undefined, s.slice(tidAt, tidEnd), pid);
      }
    }
    at = end + 1;
  }
  return undefined;
}

export const sidekiqFormat: AppFormat = { name: 'sidekiq', firstChars: DIGITS + 'p', afterDigits: '- ', parse: parseSidekiq };
