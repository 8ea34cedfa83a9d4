import { DIGITS, type AppFormat, type AppLine } from './app-format.js';
import { digitsEnd } from './header-fields.js';
import { makeAppLine } from './make-app-line.js';

/**
 * LANL HPC system logs (the Loghub HPC layout): `134681 node-246 unix.hw state_change.unavailable
 * 1077804742 1 Component State Change: ...`: record id, node, component, state, epoch seconds and
 * a flag (`1`, `0` or `-1`), then the message. The component is the logger.
 */
export function parseHpc(s: string): AppLine | undefined {
  const idEnd = digitsEnd(s, 0);
  if (idEnd < 0 || s.charCodeAt(idEnd) !== 32) return undefined;
  const node = s.indexOf(' ', idEnd + 1);
  const comp = node < 0 ? -1 : s.indexOf(' ', node + 1);
  const state = comp < 0 ? -1 : s.indexOf(' ', comp + 1);
  if (state < 0 || state - idEnd > 200) return undefined;
  const epochEnd = digitsEnd(s, state + 1, 9);
  if (epochEnd < 0 || epochEnd - state > 11 || s.charCodeAt(epochEnd) !== 32) return undefined;
  // The flag is `1`, `0` or `-1` (partition and node status records print `-1`).
  const signed = s.charCodeAt(epochEnd + 1) === 45 ? 1 : 0;
  const flagEnd = digitsEnd(s, epochEnd + 1 + signed);
  if (flagEnd < 0 || flagEnd - epochEnd > 3 + signed || (flagEnd < s.length && s.charCodeAt(flagEnd) !== 32)) return undefined;
  const epoch = Number(s.slice(state + 1, epochEnd));
  return makeAppLine(epoch * 1000, 0, undefined, s.slice(Math.min(flagEnd + 1, s.length)), 'hpc', s.slice(node + 1, comp));
}

export const hpcFormat: AppFormat = { name: 'hpc', firstChars: DIGITS, afterDigits: ' ', parse: parseHpc };
