import { skipSgr } from './ansi.js';
import { DNS_CHARS, IdentityTable, scanWhile, type LinePrefixParser, type PrefixMatch } from './line-prefix.js';

/**
 * stern's default output: `<pod> <container> message`, or `<namespace> <pod> <container> message`
 * with --all-namespaces or several namespaces (stern/stern cmd/cmd.go generateTemplate, v1.34:
 * `{{color .PodColor .PodName}} {{color .ContainerColor .ContainerName}} ...`, the namespace in
 * the pod's colour). Colours are fatih/color SGR sequences (`ESC[96m` … `ESC[0m`).
 *
 * Misfire guard: plain words in front of a message are what most log lines start with, so an
 * uncoloured prefix is taken only in the `<pod> <container>` form and when the pod name carries
 * the suffixes Kubernetes generates (`<deployment>-<pod-template-hash>-<5>` or
 * `<daemonset/job>-<5 with a digit>`, from the alphabet of apimachinery's rand.String); a
 * coloured one needs every name wrapped in its own colour sequence. StatefulSet pods (`db-0`)
 * and the uncoloured namespace form are therefore only recognised with stern's colours on.
 */

const SPACE = 32;
const table = new IdentityTable('stern');

/** apimachinery util/rand: consonants and digits that cannot spell words. */
function isRandChar(c: number): boolean {
  if (c >= 50 && c <= 57) return c !== 51; // 2 4 5 6 7 8 9
  if (c < 98 || c > 122) return false;
  return c !== 101 && c !== 105 && c !== 111 && c !== 117 && c !== 97 && c !== 121; // no vowels, no y
}

function randRun(text: string, start: number, end: number): { ok: boolean; digit: boolean } {
  let digit = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isRandChar(c)) return { ok: false, digit };
    if (c < 97) digit = true;
  }
  return { ok: true, digit };
}

/** A pod name with generated suffixes: `name-<6..10>-<5>`, or `name-<5>` whose suffix has a digit. */
export function looksGenerated(text: string, start: number, end: number): boolean {
  const last = text.lastIndexOf('-', end - 1);
  if (last <= start || end - last - 1 !== 5) return false;
  const suffix = randRun(text, last + 1, end);
  if (!suffix.ok) return false;
  const prev = text.lastIndexOf('-', last - 1);
  if (prev > start) {
    const hashLen = last - prev - 1;
    if (hashLen >= 6 && hashLen <= 10 && randRun(text, prev + 1, last).ok) return true;
  }
  return suffix.digit;
}

/** The text with its SGR sequences removed. */
function withoutSgr(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const j = skipSgr(raw, i);
    if (j > i) i = j;
    else out += raw[i++];
  }
  return out;
}

interface Token {
  start: number;
  end: number;
  /** Index after the token's trailing space. */
  next: number;
  colour: string;
}

/** One name, coloured or not, followed by a space. */
function token(text: string, i: number): Token | undefined {
  const start = skipSgr(text, i);
  const end = scanWhile(text, start, DNS_CHARS);
  if (end === start) return undefined;
  const after = skipSgr(text, end);
  if ((start > i) !== (after > end)) return undefined; // colour opened and closed, or neither
  if (text.charCodeAt(after) !== SPACE) return undefined;
  return { start, end, next: after + 1, colour: text.slice(i, start) };
}

export const sternPrefix: LinePrefixParser = {
  tool: 'stern',
  starts: ['ansi', 'name-word'],
  parse(text: string): PrefixMatch | undefined {
    const c0 = text.charCodeAt(0);
    // Names are lower case; an upper-case or digit first letter is an ordinary line.
    if (c0 !== 27 && (c0 < 97 || c0 > 122)) return undefined;
    const a = token(text, 0);
    if (a === undefined) return undefined;
    const coloured = a.colour !== '';
    // Uncoloured, only `<pod> <container>`: a namespace in front is just another word.
    if (!coloured && !looksGenerated(text, a.start, a.end)) return undefined;
    const b = token(text, a.next);
    if (b === undefined || coloured !== (b.colour !== '')) return undefined;
    let last = b;
    // The namespace is printed in the pod's colour; a container never is.
    if (coloured && a.colour === b.colour) {
      const c = token(text, b.next);
      if (c === undefined || c.colour === '') return undefined;
      last = c;
    }
    const identity = table.get(text, 0, last.next, (raw) => {
      const names = withoutSgr(raw).trim().split(' ');
      return names.length === 3 ? { namespace: names[0], pod: names[1], container: names[2] } : { pod: names[0], container: names[1] };
    });
    return { end: last.next, identity };
  },
};
