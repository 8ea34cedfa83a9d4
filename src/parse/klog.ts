import type { AppLine } from './app-line.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromKlogLetter } from './severity-words.js';

/** `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg` — the header only; the message is the rest. */
const HEADER = /^[IWEF](\d\d)(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? +\d+ [^ \]]+\] ?/;

const DAY_MS = 86_400_000;

/**
 * A year-less month/day/time (klog, RFC 3164 syslog) in UTC, in the year of `refMs`; a time more
 * than a day after the reference is last year's (a December line read in January).
 */
export function timeWithoutYear(
  refMs: number, month: number, day: number, h: number, m: number, s: number, fracMs: number,
): number {
  const year = new Date(refMs).getUTCFullYear();
  let t = Date.UTC(year, month - 1, day, h, m, s) + fracMs;
  if (t > refMs + DAY_MS) t = Date.UTC(year - 1, month - 1, day, h, m, s) + fracMs;
  return t;
}

function fractionMs(digits: string | undefined): number {
  if (digits === undefined) return 0;
  return (Number(digits) * 1000) / 10 ** digits.length;
}

/** klog / glog: `E0315 09:42:07.123456   12345 file.go:123] msg`; times read as UTC. */
export function parseKlog(text: string, refMs: number): AppLine | undefined {
  const m = HEADER.exec(text);
  if (m === null) return undefined;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const t = timeWithoutYear(refMs, month, day, Number(m[3]), Number(m[4]), Number(m[5]), fractionMs(m[6]));
  const letter = text[0];
  return makeAppLine(t, severityFromKlogLetter(text.charCodeAt(0)), letter, text.slice(m[0].length), 'klog');
}
