import type { AppFormat, AppLine } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { Severity } from '../model/severity.js';

/**
 * .NET's console logger, Microsoft.Extensions.Logging.Console (dotnet/runtime, SimpleConsoleFormatter,
 * .NET Core 1.0 to 9; the older ConsoleLogger wrote the same): `{level}: {category}[{eventId}]`,
 * the level one of trce dbug info warn fail crit (GetLogLevelString), then the message on the
 * next line, padded with six spaces (`      Application started.`), and the exception under it
 * at the same padding; or all on one line with SingleLine. The grouper joins the header and its
 * padded lines (group/dotnet-shapes.ts) and the pipeline hands this the record, as its kind asks:
 * the message is the first padded line, the category the logger. A header read alone keeps the
 * line after the level as its message, category and all: a category names what it is about.
 */
const HEADER = /^(trce|dbug|info|warn|fail|crit): [\w.`+<>-]+\[-?\d+\](?= |\n|$)/;

const SEVERITY: Record<string, number> = {
  trce: Severity.TRACE, dbug: Severity.DEBUG, info: Severity.INFO, warn: Severity.WARN, fail: Severity.ERROR, crit: Severity.FATAL,
};

/** `info: Microsoft.Hosting.Lifetime[0]` alone on its line: the header of a two-line record. */
export function isDotnetConsoleHeader(text: string): boolean {
  if (text.charCodeAt(4) !== 58 || text.charCodeAt(5) !== 32 || text.charCodeAt(text.length - 1) !== 93) return false;
  const m = HEADER.exec(text);
  return m !== null && m[0].length === text.length;
}

/** The first padded line under the header, without its padding; empty when there is none. */
function messageLine(s: string, nl: number): string {
  const end = s.indexOf('\n', nl + 1);
  return (end < 0 ? s.slice(nl + 1) : s.slice(nl + 1, end)).trim();
}

export function parseDotnetConsole(text: string): AppLine | undefined {
  if (text.charCodeAt(4) !== 58 || text.charCodeAt(5) !== 32) return undefined;
  const m = HEADER.exec(text);
  if (m === null) return undefined;
  const category = m[0].slice(6, m[0].lastIndexOf('['));
  const nl = m[0].length;
  const message = text.charCodeAt(nl) === 10 ? messageLine(text, nl) : '';
  if (message !== '') return makeAppLine(undefined, SEVERITY[m[1]], m[1], message, 'dotnet-console', category);
  const end = text.indexOf('\n');
  return makeAppLine(undefined, SEVERITY[m[1]], m[1], end < 0 ? text.slice(6) : text.slice(6, end), 'dotnet-console', category);
}

export const dotnetConsoleFormat: AppFormat = { name: 'dotnet-console', firstChars: 'tdiwfc', parse: parseDotnetConsole };
