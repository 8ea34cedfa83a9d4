import type { AppFormat, AppLine } from './app-format.js';
import { DIGITS } from './app-format.js';
import { makeAppLine } from './make-app-line.js';

/**
 * Lines that start with the Unix time in seconds and `: ` — Mosquitto's default (src/logging.c
 * log__vprintf: `"%d: %s"` with time(NULL) when log_timestamp is true and no
 * log_timestamp_format is set; 0.15-2.0), e.g. `1463751297: mosquitto version 0.15 starting`.
 * The line carries no level. Only 9 or 10 digits between 2001-09-09 and 2100 are taken, so a
 * line number or a count in front of a colon stays plain.
 */

const MIN_S = 1_000_000_000; // 2001-09-09
const MAX_S = 4_102_444_800; // 2100-01-01

export function parseEpochPrefix(s: string): AppLine | undefined {
  let i = 0;
  let n = 0;
  while (i < 11) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
    i++;
  }
  if (i < 9 || i > 10 || s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 32) return undefined;
  if (n < MIN_S || n >= MAX_S) return undefined;
  return makeAppLine(n * 1000, 0, undefined, s.slice(i + 2), 'epoch-prefix');
}

export const epochPrefixFormat: AppFormat = { name: 'epoch-prefix', firstChars: DIGITS, afterDigits: ':', parse: parseEpochPrefix };
