import { DNS_CHARS, IdentityTable, scanWhile, type LinePrefixParser, type PrefixMatch } from './line-prefix.js';
import { parseIsoTime } from './timestamp.js';

/*
 * Heroku's log framing (Heroku Dev Center "Logging", log format): `heroku logs` prints
 * `<timestamp> <source>[<dyno>]: <message>`, source `app` for the app's dynos and `heroku` for
 * the platform (router, dyno manager); the timestamp is RFC 5424's, with microseconds and offset:
 * `2019-02-28T15:57:59.930830+00:00 app[web.1]: ...`. Log drains (logplex, syslog) carry the same
 * fields as RFC 5424 APP-NAME / PROCID / MSGID (and an empty STRUCTURED-DATA `-` in some
 * drains), which archives keep as `<timestamp> app web.1 - - <message>`.
 * The dyno (`web.1`) names the pod, its process type (`web`) the container.
 *
 * Misfire guard: only the two sources Heroku uses, after a full RFC 3339 time with a zone, and in
 * the drain form only with the `-` MSGID; the empty SD `- ` is taken only when a letter does not
 * follow it (a message may start with `- Word`, as puma's "- Worker 0 booted").
 */

const table = new IdentityTable('heroku');
const SOURCES = ['app', 'heroku'] as const;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function identityOf(raw: string): { pod: string; container: string } {
  const dot = raw.lastIndexOf('.');
  return { pod: raw, container: dot > 0 ? raw.slice(0, dot) : raw };
}

export const herokuPrefix: LinePrefixParser = {
  tool: 'heroku',
  starts: ['timestamp'],
  parse(text: string): PrefixMatch | undefined {
    // `2019-02-28T15:57:59.930830+00:00 `: the zone is `+HH:MM` or `Z`.
    const sp = text.indexOf(' ', 19);
    if (sp < 0 || sp > 40) return undefined;
    const zone = text.charCodeAt(sp - 1) === 90 || (text.charCodeAt(sp - 3) === 58 && (text.charCodeAt(sp - 6) === 43 || text.charCodeAt(sp - 6) === 45));
    if (!zone) return undefined;
    let i = sp + 1;
    let source = '';
    for (const s of SOURCES) {
      if (text.startsWith(s, i)) {
        source = s;
        break;
      }
    }
    if (source === '') return undefined;
    i += source.length;
    const bracket = text.charCodeAt(i) === 91;
    if (!bracket && text.charCodeAt(i) !== 32) return undefined;
    const nameStart = i + 1;
    const nameEnd = scanWhile(text, nameStart, DNS_CHARS, 63);
    if (nameEnd === nameStart) return undefined;
    let end: number;
    if (bracket) {
      if (text.charCodeAt(nameEnd) !== 93 || text.charCodeAt(nameEnd + 1) !== 58 || text.charCodeAt(nameEnd + 2) !== 32) return undefined;
      end = nameEnd + 3;
    } else {
      if (!text.startsWith(' - ', nameEnd)) return undefined;
      end = nameEnd + 3;
      if (text.charCodeAt(end) === 45 && text.charCodeAt(end + 1) === 32 && !isLetter(text.charCodeAt(end + 2))) end += 2;
    }
    const ms = parseIsoTime(text, 0, sp);
    if (ms !== ms) return undefined;
    const identity = table.get(text, nameStart, nameEnd, identityOf);
    return { end, identity, timeMs: ms };
  },
};
