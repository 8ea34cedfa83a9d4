export const TRACEBACK_HEADER = 'Traceback (most recent call last):';
export const JVM_THREAD_HEADER = 'Exception in thread ';

const SUFFIXES = ['Error', 'Exception', 'Interrupt', 'Exit', 'Throwable'] as const;

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 36;
}

/**
 * Length of the exception class that starts the line (`ValueError: boom`, `KeyboardInterrupt`,
 * `module.CustomError: x`, `java.lang.IllegalStateException: msg`), or 0. Scans the first token
 * by char code: no regex and no allocation for the lines that are not exceptions.
 */
export function exceptionClassLength(text: string): number {
  const c0 = text.charCodeAt(0);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) || c0 === 95)) return 0;
  let e = 1;
  while (e < text.length && e < 200 && isNameChar(text.charCodeAt(e))) e++;
  if (e < text.length) {
    if (text.charCodeAt(e) !== 58) return 0;
    if (e + 1 < text.length && text.charCodeAt(e + 1) !== 32) return 0;
  }
  for (const s of SUFFIXES) {
    // A bare `Exit` or `Interrupt` is a word, not a class; `Error: x` is Node's own error line.
    const bareOk = s === 'Error' || s === 'Exception';
    if ((e > s.length || (bareOk && e === s.length)) && text.startsWith(s, e - s.length)) return e;
  }
  return 0;
}

/** A JVM exception line: the class is dotted (`java.lang.X: msg`) or the thread header leads. */
export function isJvmExceptionStart(text: string): boolean {
  if (text.startsWith(JVM_THREAD_HEADER)) return true;
  const n = exceptionClassLength(text);
  return n > 0 && text.lastIndexOf('.', n) > 0;
}
