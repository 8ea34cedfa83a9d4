/** ASCII char-code tests shared by the hand-written parsers (no regex, no slicing). */

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

export function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** Every char of `text` in [from, to) is an ASCII upper-case letter. */
export function isUpperRun(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isUpper(text.charCodeAt(i))) return false;
  return true;
}

export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `text.startsWith(word, at)` by char code: cheaper for the short words parsers compare. */
export function sameChars(text: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (text.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return true;
}
