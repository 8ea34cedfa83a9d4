import { DIGITS, type AppFormat, type AppLine } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { scanLevelWord } from './plain.js';
import { severityFromSyslogPriority, severityFromWord } from './severity-words.js';
import { parseIsoTime, timeWithoutYear } from '../decode/timestamp.js';

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/**
 * RFC 3164: `<34>Oct 11 22:14:15 host app[123]: msg` (priority optional, as files keep it). The
 * tag may be two words (`syslogd 1.4.1: restart.`, `-- root[2421]: ...`) or missing; the message
 * then starts after the host. A day without its padding space (`Nov 9`, as some collectors
 * print it) is read too, and so is a lower-case month (`nov 20 12:15:50`: journalctl's %b in a
 * locale that writes it so, es_ES, nl_NL, it_IT among them).
 */
const BSD = /^(?:<(\d{1,3})>)?([A-Za-z][a-z]{2}) ([ \d]?\d) (\d\d):(\d\d):(\d\d) \S+ +(?:([^\s:[\]]+(?: [^\s:[\]]+)?)(?:\[(\d+)\])?: ?)?/;

/**
 * rsyslog's high-precision file format (RSYSLOG_FileFormat, the default of current Debian and
 * Fedora): `2023-03-15T09:42:07.123456+00:00 host app[123]: msg`; the tag is required here.
 */
const ISO_FILE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) ([A-Za-z0-9][\w.-]*) ([^\s:[\]]+)(?:\[(\d+)\])?: ?/;

/** RFC 5424: `<34>1 2003-10-11T22:14:15.003Z host app procid msgid [sd] msg`. */
const IETF = /^<(\d{1,3})>1 (\S+) \S+ \S+ \S+ \S+ (?:-|(?:\[(?:[^\]\\]|\\.)*\])+) ?/;

function parseBsd(text: string, refMs: number): AppLine | undefined {
  const m = BSD.exec(text);
  if (m === null) return undefined;
  const month = MONTHS.indexOf(m[2].charCodeAt(0) >= 97 ? m[2][0].toUpperCase() + m[2].slice(1) : m[2]);
  if (month < 0 || month % 3 !== 0) return undefined;
  const t = timeWithoutYear(refMs, month / 3 + 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), 0);
  const message = text.slice(m[0].length);
  if (m[1] !== undefined) {
    return makeAppLine(t, severityFromSyslogPriority(Number(m[1])), '<' + m[1] + '>', message, 'syslog', m[7], undefined, m[8] === undefined ? undefined : Number(m[8]));
  }
  // Without a priority the level, if any, is in the message itself.
  const lvl = scanLevelWord(message);
  return makeAppLine(t, lvl === undefined ? 0 : lvl.severity, lvl?.word, message, 'syslog', m[7], undefined, m[8] === undefined ? undefined : Number(m[8]));
}

function parseIetf(text: string): AppLine | undefined {
  const m = IETF.exec(text);
  if (m === null) return undefined;
  const t = m[2] === '-' ? undefined : parseIsoTime(m[2]);
  const pri = Number(m[1]);
  return makeAppLine(t, severityFromSyslogPriority(pri), '<' + m[1] + '>', text.slice(m[0].length), 'syslog');
}

/** rsyslog's ISO file format; undefined when the host is a level word (`... ERROR x: y` is not syslog). */
export function parseSyslogIso(text: string): AppLine | undefined {
  if (text.charCodeAt(10) !== 84) return undefined;
  const m = ISO_FILE.exec(text);
  if (m === null || severityFromWord(m[2]) > 0) return undefined;
  const message = text.slice(m[0].length);
  const lvl = scanLevelWord(message);
  return makeAppLine(parseIsoTime(m[1]), lvl === undefined ? 0 : lvl.severity, lvl?.word, message, 'syslog', m[3], undefined, m[4] === undefined ? undefined : Number(m[4]));
}

/** Syslog-style lines (RFC 3164 with or without priority, RFC 5424); times without zone are UTC. */
export function parseSyslog(text: string, refMs: number): AppLine | undefined {
  const c0 = text.charCodeAt(0);
  // `Mmm dd hh:` (or `Mmm d hh:`): a cheap look before the regex for upper-case lines.
  if (c0 !== 60 && (text.charCodeAt(3) !== 32 || (text.charCodeAt(9) !== 58 && text.charCodeAt(8) !== 58))) return undefined;
  if (c0 === 60 && text.charCodeAt(text.indexOf('>') + 1) === 49 && text.charCodeAt(text.indexOf('>') + 2) === 32) {
    return parseIetf(text);
  }
  return parseBsd(text, refMs);
}

export const syslogFormat: AppFormat = { name: 'syslog', firstChars: '<ADFJMNOSadfjmnos', parse: parseSyslog };
export const syslogIsoFormat: AppFormat = { name: 'syslog', firstChars: DIGITS, afterDigits: '-', parse: parseSyslogIso };
