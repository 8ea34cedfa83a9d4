import t from 'tap';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { buildConfig } from '../../src/config/load-config.js';
import { capSettings, memorySplit } from '../../src/runtime/memory-split.js';
import { Service } from '../../src/service/service.js';
import { openPost, post } from '../sources/http/support.js';

const MiB = 1024 * 1024;

function service(config: ReturnType<typeof buildConfig>): Service {
  return new Service({
    config,
    logger: pino({ level: 'silent' }),
    defaultPod: { namespace: 'dev', pod: 'api-0', container: 'api' },
    stdout: new Writable({ write: (_c, _e, cb) => cb() }),
  });
}

const listeners = { http: { port: 0 }, otlp: { http: { port: 0 }, grpc: { enabled: false } }, stdin: { enabled: false } };

t.test('serve derives the auto caps from the memory budget and keeps explicit ones', async (t) => {
  const config = buildConfig({ memory: { budgetBytes: 256 * MiB }, input: listeners, export: { prometheus: { enabled: false } } });
  const s = service(config);
  t.teardown(() => s.stop());
  const expected = memorySplit(s.memory.budgetBytes, 0, capSettings(config));
  t.same(
    [s.memory.queueBytes, s.memory.receivingBytes, s.memory.inflateBytes],
    [expected.queueBytes, expected.receivingBytes, expected.inflateBytes],
    'the split of the budget (the cgroup limit where one is set)',
  );
  t.ok(s.memory.total <= s.memory.budgetBytes, `the pipeline on the main thread: ${s.memory.total / MiB} MiB of ${s.memory.budgetBytes / MiB}`);
  if (s.memory.source === 'config') {
    // 256 MiB: Node 60, the main heap 80 + 12; of what is left (104 MiB) the receiving budget
    // holds two 16 MiB bodies, the rest is shared 2 : 1.
    t.same([s.memory.queueBytes / MiB, s.memory.receivingBytes / MiB, s.memory.inflateBytes / MiB], [48, 32, 24]);
  }
  const explicit = buildConfig({
    memory: { budgetBytes: 256 * MiB },
    pipeline: { queue: { maxBytes: 8 * MiB } },
    input: { ...listeners, http: { port: 0, maxReceivingBytes: 3 * MiB }, decompression: { budgetBytes: 5 * MiB } },
    export: { prometheus: { enabled: false } },
  });
  const e = service(explicit);
  t.teardown(() => e.stop());
  t.same([e.memory.queueBytes, e.memory.receivingBytes, e.memory.inflateBytes], [8 * MiB, 3 * MiB, 5 * MiB], 'explicit settings are kept');
});

t.test('the Fluent Bit and OTLP/HTTP listeners share one receiving budget: past it OTLP/HTTP answers 429 before reading', async (t) => {
  const config = buildConfig({
    input: { ...listeners, http: { port: 0, maxReceivingBytes: 4096, bodyLimit: 8192 }, otlp: { ...listeners.otlp, bodyLimit: 8192 } },
    export: { prometheus: { enabled: false } },
  });
  const s = service(config);
  await s.start();
  t.teardown(() => s.stop());
  const otlpUrl = s.otlp.httpAddress!;
  // A valid empty export request, padded with JSON whitespace to 2000 bytes.
  const otlpBody = '{"resourceLogs":[]}'.padEnd(2000, ' ');
  const slow = openPost(s.http.address!, 3000);
  let refused = false;
  for (let i = 0; i < 200 && !refused; i++) {
    const r = await post(otlpUrl, 'application/json', otlpBody, [], '/v1/logs');
    if (r.status === 429) {
      refused = true;
      t.match(r.body, /maxReceivingBytes/, 'the answer names the setting');
      t.ok(r.headers['retry-after'], 'with Retry-After');
    } else {
      t.equal(r.status, 200, 'accepted until the slow Fluent Bit body holds its reservation');
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  t.ok(refused, 'OTLP/HTTP is refused while the Fluent Bit body holds 3000 of the 4096 bytes');
  slow.req.end('x'.repeat(2899) + '\n');
  t.equal(await slow.status, 200, 'the held Fluent Bit request completes');
  let taken = false;
  for (let i = 0; i < 200 && !taken; i++) {
    taken = (await post(otlpUrl, 'application/json', otlpBody, [], '/v1/logs')).status === 200;
    if (!taken) await new Promise((r) => setTimeout(r, 25));
  }
  t.ok(taken, 'once it is given back, OTLP/HTTP is taken again');
});
