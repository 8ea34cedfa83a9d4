// Issue 8.10: there was no cap on open connections, and a slowloris client (headers sent a byte
// at a time) held its connection for as long as it liked.
import t from 'tap';
import { post, startSource } from './support.js';
import { closedWithin, open } from '../../helpers/sockets.js';

t.test('a slowloris connection is closed once the headers timeout passes', async (t) => {
  const h = await startSource({ headersTimeout: '1s', requestTimeout: '2s' });
  t.teardown(() => h.source.stop());
  const s = await open(h.url);
  s.write('POST / HTTP/1.1\r\nHost: x\r\n');
  // A byte every 200 ms keeps the socket busy: only the headers deadline can end it.
  const drip = setInterval(() => s.writable && s.write('X'), 200);
  t.teardown(() => clearInterval(drip));
  t.equal(await closedWithin(s, 15_000), true, 'closed by the server');
  clearInterval(drip);
  t.equal((await post(h.url, 'text/plain', Buffer.from('still serving\n'))).status, 200);
});

t.test('connections past maxConnections are closed as they arrive; freed slots are reused', async (t) => {
  const h = await startSource({ maxConnections: 2 });
  t.teardown(() => h.source.stop());
  const a = await open(h.url);
  const b = await open(h.url);
  const c = await open(h.url);
  t.equal(await closedWithin(c, 10_000), true, 'the third is closed');
  t.equal(a.destroyed, false);
  a.destroy();
  b.destroy();
  await new Promise((r) => setTimeout(r, 100));
  t.equal((await post(h.url, 'text/plain', Buffer.from('after\n'))).status, 200, 'a slot freed is usable again');
});
