import { DOTNET_CONSOLE_KIND } from './dotnet-shapes.js';
import { JUL_KIND } from './jul-shapes.js';
import { TIME_ROW_KIND } from './time-row-shapes.js';

/**
 * Group kinds whose header is spread over their lines, so the line parser reads the whole body
 * rather than the first line: java.util.logging's record has its time on the first line and its
 * level and message on the second; .NET's console logger its level and category on the first and
 * its message on the second; a log viewer's time row dates the event's row under it. For every other kind the first line's header is the record's.
 */
export const WHOLE_BODY_KINDS: ReadonlySet<string> = new Set([JUL_KIND, DOTNET_CONSOLE_KIND, TIME_ROW_KIND]);
