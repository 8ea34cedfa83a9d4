import t from 'tap';
import { declaredBodyBytes } from '../../../src/sources/http/receiving-budget.js';
import { drain, openPost, post, startSource } from './support.js';

const line = (n: number) => 'x'.repeat(n - 1) + '\n';

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never: ${what}`);
}

t.test('bodies being received are bounded over all connections: a request that does not fit is 503 busy before its body is read', async (t) => {
  const h = await startSource({ maxReceivingBytes: 4096, bodyLimit: 8192 });
  t.teardown(() => h.source.stop());
  const slow = openPost(h.url, 3000);
  // Once the slow request holds 3000 of the 4096 bytes, a 2000-byte one no longer fits.
  let refused = 0;
  await until('the slow request holds its reservation', async () => {
    const r = await post(h.url, 'text/plain', line(2000));
    if (r.status === 503) {
      refused++;
      t.match(JSON.parse(r.body), { error: 'busy', message: /maxReceivingBytes/ });
      return true;
    }
    t.equal(r.status, 200);
    return false;
  });
  t.equal(h.telemetry.rejectedRequests.get('busy'), refused, 'counted as busy');
  t.equal((await post(h.url, 'text/plain', line(1000))).status, 200, 'a body that still fits is taken');
  slow.req.end(line(2900));
  t.equal(await slow.status, 200, 'the held request completes');
  await until('its reservation is given back', async () => (await post(h.url, 'text/plain', line(2000))).status === 200);
  const lines = drain(h.queue).map((e) => e.line.length);
  t.ok(lines.includes(99) && lines.includes(2899), 'the held request\'s lines were queued');
});

t.test('a request larger than the budget is still let in when nothing else is being received', async (t) => {
  const h = await startSource({ maxReceivingBytes: 2048, bodyLimit: 8192 });
  t.teardown(() => h.source.stop());
  t.equal((await post(h.url, 'text/plain', line(5000))).status, 200);
  t.equal(drain(h.queue)[0].line.length, 4999);
});

t.test('what a request reserves: its Content-Length up to the body limit, else the body limit', async (t) => {
  t.equal(declaredBodyBytes('1500', 8192), 1500);
  t.equal(declaredBodyBytes('99999', 8192), 8192);
  t.equal(declaredBodyBytes(undefined, 8192), 8192, 'chunked: the most it may be');
  t.equal(declaredBodyBytes('-3', 8192), 8192);
  t.equal(declaredBodyBytes('12abc', 8192), 8192);
});
