import { exceptionClassLength } from '../parse/exception-line.js';
import { isUpper } from '../parse/char-codes.js';

/*
 * A Python traceback whose indentation was lost (pasted into an issue, or trimmed by a shipper):
 * CPython's frame line (Lib/traceback.py StackSummary.format: `  File "{}", line {}, in {}`) is
 * still recognisable without its two spaces, and so is the exception line that ends the frames.
 */

const FRAME = 'File "';

/** `File "/usr/lib/python3.9/site-packages/billiard/pool.py", line 1265, in mark_as_worker_lost`. */
export function isPythonFrameLine(text: string): boolean {
  if (text.charCodeAt(0) !== 70 || !text.startsWith(FRAME)) return false;
  const q = text.indexOf('", line ', FRAME.length);
  return q > 0;
}

/**
 * `billiard.exceptions.WorkerLostError: Worker exited ...`, `KeyError: 'x'`, `mymod.Timeout`:
 * a dotted name whose last part is capitalised, alone or before `: `. A source line (`raise
 * X(`, `return f(x)`) has a space or a bracket first.
 */
export function isPythonExceptionLine(text: string): boolean {
  if (exceptionClassLength(text) > 0) return true;
  let i = 0;
  let segment = 0;
  const n = text.length;
  while (i < n && i < 200) {
    const c = text.charCodeAt(i);
    if (c === 46) segment = i + 1;
    else if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) break;
    i++;
  }
  if (i === 0 || !isUpper(text.charCodeAt(segment))) return false;
  return i === n || (text.charCodeAt(i) === 58 && (i + 1 === n || text.charCodeAt(i + 1) === 32));
}
