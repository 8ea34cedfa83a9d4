import type { AppFormat, AppLine } from './app-format.js';
import { isDigit } from './char-codes.js';
import { makeAppLine } from './make-app-line.js';
import { PHP_TYPES } from './php-log.js';

/** Whether the line ends as php_error_cb ends a message: ` on line N`. */
function endsOnLine(s: string): boolean {
  let i = s.length - 1;
  if (s.charCodeAt(i) === 13) i--;
  const last = i;
  while (isDigit(s.charCodeAt(i))) i--;
  return i < last && s.startsWith(' on line ', i - 8);
}

/**
 * PHP's errors without the error_log's stamp (main/main.c, php_error_cb, PHP 5.3 to 8.4):
 * - logged with no error_log set, which the CLI and the official images write to stderr:
 *   `PHP %s:  %s in %s on line %d` (the type, two spaces, the message):
 *   `PHP Fatal error:  Out of memory (allocated 149422080) (tried to allocate 20480 bytes) in /x.php on line 62`
 * - shown by display_errors (text, not HTML): `%s: %s in %s on line %d` after a blank line:
 *   `Fatal error: Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in /x.php on line 12`
 * The type gives the level as in php-log.ts. The message is kept whole, type and all, as the
 * packs read it; a displayed line needs its ` on line N` (or PHP 8's uncaught `in /x.php:N`
 * before the stack) so a stray `Warning: ...` of another program is not taken for PHP's.
 */
export function parsePhpDisplay(s: string): AppLine | undefined {
  const prefixed = s.charCodeAt(0) === 80 && s.startsWith('PHP ');
  const at = prefixed ? 4 : 0;
  const colon = s.indexOf(':', at);
  if (colon < at + 6 || colon > at + 24 || s.charCodeAt(colon + 1) !== 32) return undefined;
  const severity = PHP_TYPES.get(s.slice(at, colon));
  if (severity === undefined) return undefined;
  if (prefixed ? s.charCodeAt(colon + 2) !== 32 : !(endsOnLine(s) || s.startsWith('Uncaught ', colon + 2))) return undefined;
  return makeAppLine(undefined, severity, s.slice(at, colon), s, 'php');
}

export const phpDisplayFormat: AppFormat = { name: 'php', firstChars: 'PFWNDRSU', parse: parsePhpDisplay };
