export interface Template {
  /** Stable id: 16 hex chars of a 64-bit FNV-1a hash of the template text. */
  id: string;
  /** The message with variable parts masked as `<*>`. */
  text: string;
}

export const MASK = '<*>';

/** Characters that separate words; everything between two of them is one word. */
const DELIMITER = new Uint8Array(128);
for (const ch of ' \t\r\n=:,;()[]{}"\'<>/|.@#!?*&+`') DELIMITER[ch.charCodeAt(0)] = 1;

/**
 * Words after which a small number is meaning, not noise: `signal 9` is a kill and `signal 15`
 * a stop, `exit code 137` an OOM kill. Keeping them unmasked gives them their own templates,
 * so rules cached per template still see the difference.
 */
const KEEP_AFTER = new Set(['signal', 'sig', 'code', 'status', 'exitcode', 'errno', 'rc']);

const MAX_TEMPLATE_CHARS = 1024;

function isDelimiter(c: number): boolean {
  return c < 128 && DELIMITER[c] === 1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Masks the variable parts of a message: every word containing a digit (numbers, hex ids, pids,
 * UUIDs, addresses, times, versions), except small numbers with meaning (see KEEP_AFTER, and a
 * 3-digit HTTP status right after a quoted request line). One pass over the characters; no
 * allocation when nothing is masked.
 */
export function maskVariables(message: string): string {
  const n = message.length > MAX_TEMPLATE_CHARS ? MAX_TEMPLATE_CHARS : message.length;
  let out = '';
  let copiedTo = 0;
  let i = 0;
  let prevWordStart = -1;
  let prevWordEnd = -1;
  while (i < n) {
    const c = message.charCodeAt(i);
    if (isDelimiter(c)) {
      i++;
      continue;
    }
    const start = i;
    let digits = 0;
    while (i < n) {
      const d = message.charCodeAt(i);
      if (isDelimiter(d)) break;
      if (isDigit(d)) digits++;
      i++;
    }
    if (digits > 0 && !keepNumber(message, start, i, digits, prevWordStart, prevWordEnd)) {
      out += message.slice(copiedTo, start) + MASK;
      copiedTo = i;
    }
    prevWordStart = start;
    prevWordEnd = i;
  }
  if (copiedTo === 0) return n === message.length ? message : message.slice(0, n);
  return out + message.slice(copiedTo, n);
}

function keepNumber(s: string, start: number, end: number, digits: number, prevStart: number, prevEnd: number): boolean {
  const len = end - start;
  if (digits !== len || len > 3) return false;
  if (prevStart >= 0 && prevEnd - prevStart <= 8 && KEEP_AFTER.has(s.slice(prevStart, prevEnd).toLowerCase())) return true;
  // `"GET /x HTTP/1.1" 503 ...`: the status code of a combined access log line.
  return len === 3 && start >= 2 && s.charCodeAt(start - 1) === 32 && s.charCodeAt(start - 2) === 34;
}

/** 64-bit FNV-1a as two 32-bit lanes, printed as 16 hex characters. */
export function templateId(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 24), 0x01000193);
  }
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

export function templateOf(message: string): Template {
  const text = maskVariables(message);
  return { id: templateId(text), text };
}
