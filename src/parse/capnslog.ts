import type { AppFormat, AppLine } from './app-format.js';
import { DIGITS } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromLevelLetter } from './severity-words.js';
import { parseIsoTime } from '../decode/timestamp.js';

/**
 * CoreOS capnslog's PrettyFormatter (coreos/pkg capnslog/formatters.go, v4; etcd ≤ 3.4's default
 * text log, flannel, older CoreOS tools): `2006-01-02 15:04:05.000000` (local time), with
 * debug on ` [file.go:12]`, then ` <L> | ` and `<pkg>: ` before the message. L is
 * LogLevel.Char() (capnslog/logmap.go): C E W N I D T (critical, error, warning, notice, info,
 * debug, trace). The package is kept as the logger; the message still starts at the level letter
 * (`C | etcdmain: ...`), as sidekiq's keeps its level word, because packs key on both: etcd's
 * pack reads a critical (Fatal/Panic: the process exits) from `C | ` and its raft rules name the
 * package, as the journald framing of the same lines also prints it.
 */

export function parseCapnslog(s: string): AppLine | undefined {
  // `2018-08-15 16:17:34.063210 W | `
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(26) !== 32) return undefined;
  let i = 27;
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf('] ', i);
    if (close < 0 || close > i + 80) return undefined;
    i = close + 2;
  }
  const severity = severityFromLevelLetter(s.charCodeAt(i));
  if (severity === 0 || s.charCodeAt(i + 1) !== 32 || s.charCodeAt(i + 2) !== 124 || s.charCodeAt(i + 3) !== 32) return undefined;
  const timeMs = parseIsoTime(s, 0, 26);
  if (timeMs !== timeMs) return undefined;
  const pkg = i + 4;
  let logger: string | undefined;
  // `rafthttp: `: a package name (lower case, digits, `/`, `-`, `_`, `.`) and a colon.
  let j = pkg;
  while (j < pkg + 64) {
    const c = s.charCodeAt(j);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 47 || c === 45 || c === 95 || c === 46)) break;
    j++;
  }
  if (j > pkg && s.charCodeAt(j) === 58 && s.charCodeAt(j + 1) === 32) logger = s.slice(pkg, j);
  return makeAppLine(timeMs, severity, s[i], s.slice(i), 'capnslog', logger);
}

export const capnslogFormat: AppFormat = { name: 'capnslog', firstChars: DIGITS, afterDigits: '-', parse: parseCapnslog };
