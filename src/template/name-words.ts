import { isDigit, isLetter } from '../parse/char-codes.js';

/**
 * Words with a digit that are names, not values (`SOCKS5`, `eth0`, `log4j`, `jk2_init`): the
 * cluster tokens keep them (cluster-tokens.ts) and so does the message shape (fingerprint.ts), so
 * two messages that differ only in such a name are two shapes, each clustered on its own.
 */

/**
 * A name with a digit in it rather than a value: capitals then one or two digits (`SOCKS5`,
 * `HTTP2`, `PSR0`), lower-case letters then one digit (`ssh2`, `eth0`), or one digit between
 * letters (`log4j`, `Slf4jLogger`).
 */
export function isNameWithDigit(s: string, start: number, end: number): boolean {
  const c0 = s.charCodeAt(start);
  let i = start;
  if (!isDigit(s.charCodeAt(end - 1))) {
    // One digit between letters: `log4j`, `Slf4jLogger`.
    while (i < end && isLetter(s.charCodeAt(i))) i++;
    if (i - start < 2 || !isDigit(s.charCodeAt(i))) return false;
    i++;
    if (!isLetter(s.charCodeAt(i))) return false;
    while (i < end && isLetter(s.charCodeAt(i))) i++;
    return i === end;
  }
  if (c0 >= 65 && c0 <= 90) {
    while (i < end && s.charCodeAt(i) >= 65 && s.charCodeAt(i) <= 90) i++;
    return i - start >= 3 && end - i >= 1 && end - i <= 2 && isDigit(s.charCodeAt(i)) && isDigit(s.charCodeAt(end - 1));
  }
  while (i < end && s.charCodeAt(i) >= 97 && s.charCodeAt(i) <= 122) i++;
  return i - start >= 2 && end - i === 1;
}

/**
 * `_`-joined parts that are each a word or a name with a digit (`jk2_init`, `ip6_tables`,
 * `utf8_general_ci`): an identifier. A part that is a number (`blk_123`, `broadcast_0_piece0`)
 * makes it an id.
 */
export function isSnakeName(s: string, start: number, end: number): boolean {
  let from = start;
  let parts = 0;
  for (let i = start; i <= end; i++) {
    if (i < end && s.charCodeAt(i) !== 95) continue;
    if (i === from) return false;
    let letters = true;
    for (let k = from; k < i && letters; k++) letters = isLetter(s.charCodeAt(k));
    if (!letters && !isNameWithDigit(s, from, i)) return false;
    parts++;
    from = i + 1;
  }
  return parts > 1;
}
