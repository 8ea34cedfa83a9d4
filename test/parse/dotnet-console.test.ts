import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// Microsoft.Extensions.Logging.Console's simple formatter (dotnet/runtime SimpleConsoleFormatter.GetLogLevelString).

void t.test("each of the console logger's six levels, the category kept as the logger", async (t) => {
  const table: [string, number][] = [['trce', 1], ['dbug', 5], ['info', 9], ['warn', 13], ['fail', 17], ['crit', 21]];
  for (const [level, severity] of table) {
    const line = parseAppLine(`${level}: Microsoft.AspNetCore.Server.Kestrel[13]`);
    t.equal(line.format, 'dotnet-console', level);
    t.equal(line.severityNumber, severity, level);
    t.equal(line.logger, 'Microsoft.AspNetCore.Server.Kestrel');
    t.equal(line.message, 'Microsoft.AspNetCore.Server.Kestrel[13]');
  }
});

void t.test('the single-line form keeps its message after the header; generic categories and negative ids read too', async (t) => {
  const line = parseAppLine('crit: Microsoft.AspNetCore.Hosting.Diagnostics[6] Application startup exception');
  t.equal(line.severityNumber, 21);
  t.equal(line.message, 'Microsoft.AspNetCore.Hosting.Diagnostics[6] Application startup exception');
  t.equal(parseAppLine('info: MyApp.Worker`1[-1]').format, 'dotnet-console');
});

void t.test('other lines that start with a level word and a colon are not this format', async (t) => {
  t.equal(parseAppLine('info: starting the server').format, 'plain');
  t.equal(parseAppLine('fail: 3 tests').format, 'plain');
  t.equal(parseAppLine('warn: Microsoft.Hosting.Lifetime[0]x').format, 'plain', 'the id closes the header');
});

void t.test('the record the grouper joins: the first padded line is the message, the category the logger', async (t) => {
  const r = parseAppLine('fail: Microsoft.AspNetCore.Server.Kestrel[13]\n      Connection id "0HMA", Request id "0HMA:00000002": An unhandled exception was thrown by the application.\n      System.InvalidOperationException: No service');
  t.same([r.format, r.severityNumber, r.logger, r.message], [
    'dotnet-console', 17, 'Microsoft.AspNetCore.Server.Kestrel', 'Connection id "0HMA", Request id "0HMA:00000002": An unhandled exception was thrown by the application.',
  ]);
});
