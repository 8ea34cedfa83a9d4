import type { AppFormat, AppLine } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { scanLevelWord } from './plain.js';
import { timeWithoutYear } from '../decode/timestamp.js';

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/**
 * macOS `/var/log/system.log` (syslogd's BSD output): the sender may be followed by what the
 * message is about in parentheses before the colon: launchd's job label, sandboxd's pid of the
 * process it judged. `Jul  1 09:01:05 mbp com.apple.xpc.launchd[1] (com.apple.emond): Service
 * only ran for 0 seconds.` (Console shows the same record as `com.apple.xpc.launchd[1]:
 * (com.apple.emond) Service only ran ...`, eclecticlight.co, 2015-10-02). The plain BSD tag
 * (syslog.ts) stops at the `[pid]` without a colon after it and leaves the whole prefix in the
 * message, so every job label made its own template. The parenthesised subject is header here:
 * one event whatever job it names; the line's body keeps it. At most one level of parentheses
 * inside (`(com.apple.quicklook[2337])`, `([412])`); a sender of up to three words
 * (`Google Chrome Helper[412]`).
 */
const MACOS = /^([A-Z][a-z]{2}) ([ \d]?\d) (\d\d):(\d\d):(\d\d) \S+ +([^\s:[\]()]+(?: [^\s:[\]()]+){0,2})\[(\d+)\] \((?:[^()\n]|\([^()\n]*\))+\): ?/;

export function parseMacosSyslog(text: string, refMs: number): AppLine | undefined {
  // `Mmm dd hh:` (or `Mmm d hh:`), then a `] (` somewhere: the cheap looks before the regex.
  if (text.charCodeAt(3) !== 32 || (text.charCodeAt(9) !== 58 && text.charCodeAt(8) !== 58)) return undefined;
  const at = text.indexOf('] (', 16);
  if (at < 0 || at > 200) return undefined;
  const m = MACOS.exec(text);
  if (m === null) return undefined;
  const month = MONTHS.indexOf(m[1]);
  if (month < 0 || month % 3 !== 0) return undefined;
  const t = timeWithoutYear(refMs, month / 3 + 1, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), 0);
  const message = text.slice(m[0].length);
  const lvl = scanLevelWord(message);
  return makeAppLine(t, lvl === undefined ? 0 : lvl.severity, lvl?.word, message, 'syslog', m[6], undefined, Number(m[7]));
}

export const macosSyslogFormat: AppFormat = { name: 'syslog', firstChars: 'ADFJMNOS', parse: parseMacosSyslog };
