import t from 'tap';
import { join } from 'node:path';
import { isLoopback } from '../../../src/sources/http/loopback.js';
import { waitFor } from '../../helpers/capture-logger.js';
import { bySeq, cacheLine, OTLP_ANY_PORT, relevance, startService, TOKEN, writeFileSync } from './support.js';

const messages = (logs: Record<string, unknown>[], msg: string) => logs.filter((l) => l.msg === msg);

async function verdict(h: Awaited<ReturnType<typeof startService>>, seq: number): Promise<unknown> {
  t.equal(await h.ingest([cacheLine(seq)]), 200, `line ${seq} accepted`);
  await waitFor(() => bySeq(h.records).has(seq), 1000, 10);
  return relevance(bySeq(h.records).get(seq)?.[0]);
}

t.test('POST /-/reload: 401 without the token; applies live keys, names the ones needing a restart', async (t) => {
  const h = await startService({});
  t.teardown(() => h.close());
  const before = h.service.telemetry.lastReloadSuccessSeconds;

  const refused = await h.reload('');
  t.equal(refused.status, 401, 'no credentials: 401, as for ingest');
  t.equal((await h.reload('wrong')).status, 401);
  t.equal(h.service.telemetry.rejectedRequests.get('unauthorized'), 2);

  t.equal(await verdict(h, 1), 'context');
  h.usePack('cache-signal.yaml');
  h.writeConfig({
    log: { level: 'debug' },
    input: { http: { port: 1, auth: { token: TOKEN } }, stdin: { enabled: false }, otlp: OTLP_ANY_PORT },
    pipeline: { queue: { maxRecords: 5000 }, classify: { extraRulesDirs: [h.rulesDir], repeatThreshold: 500 } },
  });
  const ok = await h.reload();
  t.equal(ok.status, 200);
  t.match(ok.body, {
    status: 'success',
    trigger: 'http',
    applied: ['pipeline.classify.repeatThreshold'],
    restartRequired: ['input.http.port', 'pipeline.queue.maxRecords'],
    rules: { changed: true },
  });
  const warn = messages(h.logs, 'reload: these changed settings take effect only after a restart; their running values stay');
  t.equal(warn.length, 1);
  t.same(warn[0].restartRequired, ['input.http.port', 'pipeline.queue.maxRecords'], 'logged with the key names');
  t.equal(h.service.reloader.config.input.http.port, 0, 'the running port stays');
  t.equal(h.service.reloader.config.pipeline.classify.repeatThreshold, 500, 'the live key is in force');
  t.equal(await verdict(h, 2), 'signal', 'the new pack decides new lines');
  t.equal(h.service.telemetry.lastReloadSuccessful, 1);
  t.ok(h.service.telemetry.lastReloadSuccessSeconds > before, 'the success time moved');

  const again = await h.reload();
  t.same(again.body.restartRequired, ['input.http.port', 'pipeline.queue.maxRecords'], 'still pending on the next reload');
  t.same(again.body.applied, []);
});

t.test('a broken pack: 500 with the reason, the running rules stay, the metric says 0, logged once', async (t) => {
  const h = await startService({}, 'cache-signal.yaml');
  t.teardown(() => h.close());
  t.equal(await verdict(h, 1), 'signal');
  h.usePack('broken.yaml');
  const res = await h.reload();
  t.equal(res.status, 500);
  t.equal(res.body.status, 'error');
  t.match(res.body.error, /myapp\.yaml:\d+: rule "myapp\.cache-refresh": match is not a valid regular expression/);
  t.equal(h.service.telemetry.lastReloadSuccessful, 0);
  const failed = messages(h.logs, 'reload failed; the running configuration stays');
  t.equal(failed.length, 1, 'one log line for one failed reload');
  t.match(failed[0].error, /not a valid regular expression/);
  t.equal(await verdict(h, 2), 'signal', 'the old pack still decides');

  h.usePack('cache-context.yaml');
  t.equal((await h.reload()).status, 200);
  t.equal(h.service.telemetry.lastReloadSuccessful, 1, 'back to 1 once a reload succeeds');
  t.equal(await verdict(h, 3), 'context');
});

t.test('a broken config file is refused whole', async (t) => {
  const h = await startService({});
  t.teardown(() => h.close());
  writeFileSync(h.configPath, 'pipeline:\n  classify:\n    repeatThreshold: -4\n  nosuchkey: 1\n');
  const res = await h.reload();
  t.equal(res.status, 500);
  t.match(res.body.error, /pipeline\.classify\.repeatThreshold/);
  t.match(res.body.error, /pipeline\.nosuchkey: unknown key/);
  t.equal(h.service.telemetry.lastReloadSuccessful, 0);
  t.equal(await verdict(h, 1), 'context', 'the running rules stay');
});

t.test('credentials rotate on reload', async (t) => {
  const h = await startService({});
  t.teardown(() => h.close());
  h.writeConfig({ input: { http: { port: 0, auth: { token: 'rotated' } }, stdin: { enabled: false }, otlp: OTLP_ANY_PORT } });
  const res = await h.reload();
  t.equal(res.status, 200);
  t.same(res.body.applied, ['input.http.auth.token']);
  t.equal(await h.ingest([cacheLine(1)]), 401, 'the old token is refused');
  t.equal(await h.ingest([cacheLine(1)], 'rotated'), 200);
  t.equal((await h.reload('rotated')).status, 200, 'and guards /-/reload too');
});

t.test('reload.endpoint: false switches POST /-/reload off', async (t) => {
  const h = await startService({ reload: { endpoint: false } });
  t.teardown(() => h.close());
  const res = await h.reload();
  t.equal(res.status, 404);
});

t.test('SIGHUP and POST share one reloader: concurrent reloads run one at a time', async (t) => {
  const h = await startService({});
  t.teardown(() => h.close());
  const outcomes = await Promise.all([h.service.reload('signal'), h.reload(), h.service.reload('signal')]);
  t.same(outcomes.map((o) => ('body' in o ? o.body.status : o.status)), ['success', 'success', 'success']);
});

t.test('watch: a changed pack is applied after the debounce; a broken one is logged once', async (t) => {
  const h = await startService({ reload: { watch: true, debounce: '200ms' } });
  t.teardown(() => h.close());
  const start = h.service.telemetry.lastReloadSuccessSeconds;
  h.usePack('cache-signal.yaml');
  t.ok(await waitFor(() => h.service.telemetry.lastReloadSuccessSeconds > start, 1500, 10), 'reloaded by the watch');
  t.equal(await verdict(h, 1), 'signal');

  h.usePack('broken.yaml');
  t.ok(await waitFor(() => h.service.telemetry.lastReloadSuccessful === 0, 1500, 10), 'the broken pack is refused');
  // Another event with the same contents: seen, found unchanged, not logged again.
  const unchanged = () => messages(h.logs, 'reload: files unchanged since the last attempt').length;
  const seen = unchanged();
  writeFileSync(join(h.rulesDir, 'README.txt'), 'not a pack\n');
  t.ok(await waitFor(() => unchanged() > seen, 1500, 10), 'the unrelated change was looked at');
  t.equal(messages(h.logs, 'reload failed; the running configuration stays').length, 1, 'the error was logged once');
  t.equal(await verdict(h, 2), 'signal', 'the last good pack still decides');

  h.usePack('cache-context.yaml');
  t.ok(await waitFor(() => h.service.telemetry.lastReloadSuccessful === 1, 1500, 10), 'the fixed pack is applied');
  t.equal(await verdict(h, 3), 'context');
});

t.test('only loopback peers may reload', async (t) => {
  for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) t.ok(isLoopback(a), a);
  for (const a of [undefined, '10.0.0.1', '::ffff:10.0.0.1', '192.168.1.127', '1127.0.0.1', 'fe80::1']) t.notOk(isLoopback(a), String(a));
});

t.test('with pipeline workers: the reload reaches every worker', async (t) => {
  // Workers started from TypeScript sources hold the transpiled modules: about 55 MiB of heap
  // before any line, against 10 MiB from the build, so the default budget's 64 MiB workers would run
  // out while compiling the new packs.
  const h = await startService({ memory: { budgetBytes: 2048 * 1024 * 1024 } }, 'cache-context.yaml', 2);
  t.teardown(() => h.close());
  // Lines of several pods, so both workers decide some; a worker started from sources is slow.
  const verdicts = async (from: number): Promise<unknown[]> => {
    const seqs = Array.from({ length: 8 }, (_, i) => from + i);
    for (const seq of seqs) t.equal(await h.ingest([cacheLine(seq)], TOKEN, `pod-${seq}`), 200);
    await waitFor(() => seqs.every((s) => bySeq(h.records).has(s)), 6000, 10);
    return [...new Set(seqs.map((s) => relevance(bySeq(h.records).get(s)?.[0])))];
  };
  t.same(await verdicts(100), ['context'], 'the first pack decides in every worker');
  h.usePack('cache-signal.yaml');
  t.equal((await h.reload()).status, 200);
  t.same(await verdicts(200), ['signal'], 'the new pack decides in every worker');
});
