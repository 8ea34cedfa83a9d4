/**
 * What the warnings module prints: `<file>:<line>: <Category>: <message>`, e.g.
 * `/usr/lib/python3.9/site-packages/numpy/core/getlimits.py:499: UserWarning: ...`, also
 * `<frozen importlib._bootstrap>:219: RuntimeWarning: ...`. Group 1 is the category.
 */
const WARNING_LINE = /^\S[^:]*:\d+: ([A-Z]\w*Warning): /;

/** Start of the category (after `file:line: `), or -1 when this is not a warnings-module line. */
export function pythonWarningCategoryAt(text: string): number {
  // indexOf first: a regex per line would cost more than the rare hit is worth.
  if (text.indexOf('Warning: ') < 0) return -1;
  const m = WARNING_LINE.exec(text);
  return m === null ? -1 : m[0].length - m[1].length - 2;
}

export function isPythonWarningLine(text: string): boolean {
  return pythonWarningCategoryAt(text) >= 0;
}
