import { isDotnetConsoleHeader } from '../parse/dotnet-console.js';

/*
 * Microsoft.Extensions.Logging's console formatter writes a record's level and category on one
 * line and its message, padded, under it (parse/dotnet-console.ts): `info: Microsoft.Hosting.Lifetime[0]`
 * then `      Now listening on: http://[::]:80`. The grouper joins the header with its padded
 * lines (message and exception) as kind `dotnet-console`.
 */

export const DOTNET_CONSOLE_KIND = 'dotnet-console';

/** A console logger header alone on its line (the SingleLine form needs no joining). */
export function isDotnetConsoleHeaderLine(text: string): boolean {
  return text.length < 400 && isDotnetConsoleHeader(text);
}
