/**
 * ANSI SGR colour sequences (`ESC [ 1;36 m`) around the names that log prefixes colour. Only SGR
 * is recognised: anything else after ESC is text.
 */

const ESC = 27;
const BRACKET = 91;
const LOWER_M = 109;
/** `ESC[38;2;255;255;255m` is the longest SGR a colouring tool writes. */
const MAX_SGR = 24;

/** Index after the SGR sequences starting at `i` (0 or more of them); `i` itself when there is none. */
export function skipSgr(text: string, i: number): number {
  let at = i;
  while (text.charCodeAt(at) === ESC && text.charCodeAt(at + 1) === BRACKET) {
    let j = at + 2;
    const limit = Math.min(text.length, at + MAX_SGR);
    while (j < limit) {
      const c = text.charCodeAt(j);
      if ((c >= 48 && c <= 57) || c === 59) j++;
      else break;
    }
    if (text.charCodeAt(j) !== LOWER_M) return at;
    at = j + 1;
  }
  return at;
}

