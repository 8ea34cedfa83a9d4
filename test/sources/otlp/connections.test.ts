// The OTLP/HTTP receiver listens under the same connection limits as the Fluent Bit input: a cap
// on open connections and a headers deadline for slowloris clients.
import t from 'tap';
import { startOtlp } from './support.js';
import { closedWithin, open } from '../../helpers/sockets.js';

t.test('OTLP/HTTP closes connections past maxConnections and slowloris ones', async (t) => {
  const h = await startOtlp({ http: { maxConnections: 2, headersTimeout: '1s', requestTimeout: '2s' }, grpc: { enabled: false } });
  t.teardown(() => h.source.stop());
  const a = await open(h.url);
  const b = await open(h.url);
  const c = await open(h.url);
  t.equal(await closedWithin(c, 10_000), true, 'the third connection is closed');
  b.destroy();
  a.write('POST /v1/logs HTTP/1.1\r\nHost: x\r\n');
  const drip = setInterval(() => a.writable && a.write('X'), 200);
  t.teardown(() => clearInterval(drip));
  t.equal(await closedWithin(a, 15_000), true, 'the slow one is closed by the headers deadline');
});
