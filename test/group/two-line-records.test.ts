import t from 'tap';
import { collecting, pushAll, shape } from './group-helpers.js';
import { WHOLE_BODY_KINDS } from '../../src/group/whole-body-kinds.js';

/*
 * Records whose header spans two lines: .NET's console logger (`info: Category[0]` and its padded
 * message and exception) and a log viewer's time row with the event's row under it.
 */
void t.test(".NET's console header joins its padded lines; a lone header or a SingleLine record stays single", async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'api', [
    'info: Microsoft.Hosting.Lifetime[0]',
    '      Now listening on: http://[::]:80',
    'fail: Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware[1]',
    '      An unhandled exception has occurred while executing the request.',
    '      System.NullReferenceException: Object reference not set to an instance of an object.',
    '         at Api.Controllers.OrdersController.Get() in /src/OrdersController.cs:line 21',
    'warn: Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository[60]',
    '',
    'info: Microsoft.Hosting.Lifetime[0] Application started. Press Ctrl+C to shut down.',
  ]);
  g.flushAll();
  t.same(shape(out), [['dotnet-console', 2], ['dotnet-console', 4], ['single', 1], ['single', 1], ['single', 1]]);
});

void t.test("a viewer's time row joins the one row under it; two time rows in a row do not join", async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'events', [
    '2023-11-02 7:05:09',
    'Back-off restarting failed container',
    '2023-11-02 7:04:51',
    '2023-11-02 7:04:50',
    'Started container api',
    'Pulled image',
  ]);
  g.flushAll();
  t.same(shape(out), [['time-row', 2], ['single', 1], ['time-row', 2], ['single', 1]]);
});

void t.test('the kinds whose parser reads the whole record', async (t) => {
  t.same([...WHOLE_BODY_KINDS].sort(), ['dotnet-console', 'jul', 'time-row']);
});
