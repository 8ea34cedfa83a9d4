/**
 * What the warnings module prints: `<file>:<line>: <Category>: <message>`, e.g.
 * `/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:499: UserWarning: ...`, also
 * `<frozen importlib._bootstrap>:219: RuntimeWarning: ...`, on Windows `C:\app\conf.py:12: ...`.
 * Group 1 is the category.
 */
const WARNING_LINE = /^(?:[A-Za-z]:\\)?\S[^:]*:\d+: ([A-Z]\w*Warning): /;

/** Start of the category (after `file:line: `), or -1 when this is not a warnings-module line. */
export function pythonWarningCategoryAt(text: string): number {
  // Cheap necessary conditions first: a regex per line would cost more than the rare hit is
  // worth. `^\S[^:]*:\d+: ` means the first colon after the first char is followed by a digit.
  // A Windows drive (`C:\`) is not the colon before the line number.
  const colon = text.indexOf(':', text.charCodeAt(1) === 58 && text.charCodeAt(2) === 92 ? 3 : 1);
  if (colon < 0) return -1;
  // `:<digits>: ` (a time's `:09:00` fails here, before the search for the category).
  let k = colon + 1;
  while (k < text.length) {
    const d = text.charCodeAt(k);
    if (d < 48 || d > 57) break;
    k++;
  }
  if (k === colon + 1 || text.charCodeAt(k) !== 58 || text.charCodeAt(k + 1) !== 32) return -1;
  if (text.indexOf('Warning: ', k) < 0) return -1;
  const m = WARNING_LINE.exec(text);
  return m === null ? -1 : m[0].length - m[1].length - 2;
}

export function isPythonWarningLine(text: string): boolean {
  return pythonWarningCategoryAt(text) >= 0;
}
