import type { AppFormat, AppLine } from './app-format.js';
import { makeAppLine } from './make-app-line.js';
import { Severity } from '../model/severity.js';

/**
 * .NET's console logger, Microsoft.Extensions.Logging.Console (dotnet/runtime, SimpleConsoleFormatter,
 * .NET Core 1.0 to 9; the older ConsoleLogger wrote the same): `{level}: {category}[{eventId}]`,
 * the level one of trce dbug info warn fail crit (GetLogLevelString), then the message indented
 * on the next line (`      Application started.`), or on the same line with SingleLine. The
 * message kept is the line after the level, category and all: the indented line that follows is
 * its own record, and a category names what an `info` header is about.
 */
const HEADER = /^(trce|dbug|info|warn|fail|crit): [\w.`+<>-]+\[-?\d+\](?= |$)/;

const SEVERITY: Record<string, number> = {
  trce: Severity.TRACE, dbug: Severity.DEBUG, info: Severity.INFO, warn: Severity.WARN, fail: Severity.ERROR, crit: Severity.FATAL,
};

export function parseDotnetConsole(text: string): AppLine | undefined {
  if (text.charCodeAt(4) !== 58 || text.charCodeAt(5) !== 32) return undefined;
  const m = HEADER.exec(text);
  if (m === null) return undefined;
  const category = m[0].slice(6, m[0].lastIndexOf('['));
  return makeAppLine(undefined, SEVERITY[m[1]], m[1], text.slice(6), 'dotnet-console', category);
}

export const dotnetConsoleFormat: AppFormat = { name: 'dotnet-console', firstChars: 'tdiwfc', parse: parseDotnetConsole };
