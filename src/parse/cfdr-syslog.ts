import { UPPER, type AppFormat, type AppLine } from './app-format.js';
import { isUpper } from './char-codes.js';
import { digitsEnd } from './header-fields.js';
import { makeAppLine } from './make-app-line.js';
import { parseSyslog } from './syslog.js';

/**
 * Syslog of the Sandia supercomputers (Thunderbird, Spirit, Liberty) as the USENIX CFDR dumps
 * print them (Oliner & Stearley, "What Supercomputers Say", DSN 2007): an alert label (`-` for
 * none, else a category such as `VAPI`), the epoch seconds and `yyyy.mm.dd` the collector added,
 * the source node, then the node's own RFC 3164 line:
 * `- 1131566461 2005.11.09 tn230 Nov 9 12:01:01 tn230/tn230 crond(pam_unix)[2915]: session opened`.
 * The collector's epoch is the time (the syslog stamp has no year or zone); the syslog tag and
 * pid come from the node's line. Lines whose rest is not syslog (BlueGene/L RAS) are bgl.ts's.
 */
export function parseCfdrSyslog(s: string, refMs: number): AppLine | undefined {
  let i = 0;
  if (s.charCodeAt(0) === 45) i = 1;
  else while (i < 17 && isUpper(s.charCodeAt(i))) i++;
  if (i === 0 || i > 16 || s.charCodeAt(i) !== 32) return undefined;
  const epochEnd = digitsEnd(s, i + 1, 9);
  if (epochEnd < 0 || epochEnd - i > 12 || s.charCodeAt(epochEnd) !== 32) return undefined;
  if (s.charCodeAt(epochEnd + 5) !== 46 || s.charCodeAt(epochEnd + 8) !== 46 || s.charCodeAt(epochEnd + 11) !== 32) return undefined;
  const node = s.indexOf(' ', epochEnd + 12);
  if (node < 0 || node - epochEnd > 140) return undefined;
  const epochMs = Number(s.slice(i + 1, epochEnd)) * 1000;
  const line = parseSyslog(s.slice(node + 1), epochMs || refMs);
  if (line === undefined) return undefined;
  return makeAppLine(epochMs, line.severityNumber, line.levelText, line.message, 'cfdr-syslog', line.logger, undefined, line.pid);
}

export const cfdrSyslogFormat: AppFormat = { name: 'cfdr-syslog', firstChars: '-' + UPPER, parse: parseCfdrSyslog };
