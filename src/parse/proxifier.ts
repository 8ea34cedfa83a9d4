import type { AppFormat, AppLine } from './app-format.js';
import { readClock, timeEnd } from './header-time.js';
import { makeAppLine } from './make-app-line.js';
import { timeWithoutYear, twoDigits } from '../decode/timestamp.js';

/**
 * Proxifier's connection log: `[10.30 16:49:06] chrome.exe - msg`, or `chrome.exe *64 - msg` for
 * a 64-bit process. `[MM.dd HH:mm:ss]` carries no year (the reference time's is used); the
 * program becomes the logger.
 */
export function parseProxifier(s: string, refMs: number): AppLine | undefined {
  if (s.charCodeAt(3) !== 46 || s.charCodeAt(6) !== 32) return undefined;
  const month = twoDigits(s, 1);
  const day = twoDigits(s, 4);
  const clock = readClock(s, 7);
  if (clock !== clock || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (s.charCodeAt(timeEnd) !== 93 || s.charCodeAt(timeEnd + 1) !== 32) return undefined;
  const program = timeEnd + 2;
  const dash = s.indexOf(' - ', program);
  if (dash <= program || dash - program > 128) return undefined;
  let name = dash;
  if (s.charCodeAt(dash - 3) === 42 && s.charCodeAt(dash - 4) === 32) name = dash - 4; // ` *64`
  const t = timeWithoutYear(refMs, month, day, 0, 0, 0, clock);
  return makeAppLine(t, 0, undefined, s.slice(dash + 3), 'proxifier', s.slice(program, name));
}

export const proxifierFormat: AppFormat = { name: 'proxifier', firstChars: '[', parse: parseProxifier };
