import t from 'tap';
import { parseZapConsole } from '../../src/parse/zap-console.js';
import { Severity } from '../../src/model/severity.js';

// zapcore's console encoder: time, level, [logger], [caller], message, [JSON context], tab-separated.
void t.test('time and level, then logger and caller when present', async (t) => {
  const l = parseZapConsole('2019-06-17T18:47:45.957958Z\tinfo\tAgent draining Proxy');
  t.same([l?.format, l?.severityNumber, l?.message, l?.timeMs], ['zap-console', Severity.INFO, 'Agent draining Proxy', Date.UTC(2019, 5, 17, 18, 47, 45) + 957.958]);
  const c = parseZapConsole('2023-03-15T09:42:07.123Z\tERROR\tcontroller-runtime.manager\tmanager/internal.go:512\tfailed to start\t{"error": "no matches for kind"}');
  t.same([c?.severityNumber, c?.logger, c?.message], [Severity.ERROR, 'controller-runtime.manager', 'failed to start\t{"error": "no matches for kind"}']);
});

void t.test('look-alikes stay out', async (t) => {
  t.equal(parseZapConsole('2019-06-17T18:47:45.957958Z info space separated'), undefined);
  t.equal(parseZapConsole('2019-06-17T18:47:45.957958Z\tbanana\tnot a level'), undefined);
});
