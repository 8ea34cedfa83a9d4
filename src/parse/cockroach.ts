import type { AppFormat, AppLine } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { severityFromKlogLetter } from './severity-words.js';

/**
 * CockroachDB's own log header (pkg/util/log, formats crdb-v1 and crdb-v1-count, v1.0 to today;
 * docs/generated/logformats.md): `Lyymmdd hh:mm:ss.uuuuuu goid [chan@]file:line marker tags
 * counter`, so klog's letter with a six-digit date that carries the year. The goroutine id is
 * left out when zero (and by 2016's beta builds), the channel before `@` when zero; the marker is
 * `⋮` (a redactable entry) or a second space. Times are UTC.
 * `E160622 14:16:14.654867 raft/log.go:308  [group 903] entries[1:632) is unavailable from storage`,
 * `W171026 14:02:38.849368 21 gossip/gossip.go:1277  [n?] no incoming or outgoing connections`.
 */
const CRDB = /^([IWEF])(\d\d)(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? (?:\d+ )?(?:\d+@)?([\w./-]+\.go):\d+ (?:⋮ |\s)?/;

export function parseCockroach(text: string): AppLine | undefined {
  // `L` and six digits, then a space: klog's four digits put the space at 5.
  if (text.charCodeAt(7) !== 32) return undefined;
  const m = CRDB.exec(text);
  if (m === null) return undefined;
  const month = Number(m[3]);
  const day = Number(m[4]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const frac = m[8] === undefined ? 0 : Number(m[8].slice(0, 3).padEnd(3, '0'));
  const t = Date.UTC(2000 + Number(m[2]), month - 1, day, Number(m[5]), Number(m[6]), Number(m[7]), frac);
  return makeAppLine(t, severityFromKlogLetter(text.charCodeAt(0)), m[1], text.slice(m[0].length), 'cockroach', m[9]);
}

export const cockroachFormat: AppFormat = { name: 'cockroach', firstChars: 'IWEF', parse: parseCockroach };
