import t from 'tap';
import { buildConfig } from '../../../src/config/load-config.js';
import { changedKeys, isLiveKey, withLiveKeys } from '../../../src/service/reload/live-keys.js';

t.test('changed keys are the differing leaves, arrays whole', async (t) => {
  const a = buildConfig({});
  const b = buildConfig({
    log: { level: 'debug' },
    input: { http: { port: 9999, auth: { token: 'x' } } },
    pipeline: { windows: ['1m', '5m'], classify: { extraRulesDirs: ['/etc/logsift/rules'] } },
  });
  t.same(changedKeys(a, b), [
    'input.http.auth.token',
    'input.http.port',
    'log.level',
    'pipeline.classify.extraRulesDirs',
    'pipeline.windows',
  ]);
  t.same(changedKeys(a, buildConfig({})), [], 'equal configs differ nowhere');
});

t.test('live keys: rules, identity, log level, credentials; not sockets, queues or windows', async (t) => {
  for (const k of ['log.level', 'identity.pod', 'pipeline.classify.extraRulesDirs', 'pipeline.classify.repeatThreshold', 'input.http.auth.token', 'shutdown.deadline', 'reload.watch']) {
    t.ok(isLiveKey(k), k);
  }
  for (const k of ['input.http.port', 'input.http.host', 'pipeline.queue.maxRecords', 'pipeline.windows', 'pipeline.restartLoop.window', 'export.prometheus.port', 'pipeline.classifyx']) {
    t.notOk(isLiveKey(k), k);
  }
});

t.test('the running config takes the live keys of the new one and keeps the rest', async (t) => {
  const running = buildConfig({ input: { http: { port: 1234 } } });
  const next = buildConfig({ log: { level: 'warn' }, input: { http: { port: 4321, auth: { token: 't' } } }, identity: { pod: 'p' } });
  const merged = withLiveKeys(running, next);
  t.equal(merged.log.level, 'warn');
  t.equal(merged.input.http.auth.token, 't');
  t.equal(merged.identity.pod, 'p');
  t.equal(merged.input.http.port, 1234, 'the listen port stays until a restart');
  const back = withLiveKeys(merged, running);
  t.equal(back.input.http.auth.token, undefined, 'a key removed from the file is removed from the running config');
  t.equal(back.identity.pod, undefined);
});
