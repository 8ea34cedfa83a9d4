import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { buildConfig, loadConfig, ConfigError } from '../../src/config/load-config.js';
import { formatDuration, parseDuration } from '../../src/config/duration.js';

t.test("the build's defaults (what a command without a config file starts from) are buildConfig({})", async (t) => {
  // `npm test` builds first; dist/config/load-config.js reads this file instead of validating {}.
  const built: unknown = JSON.parse(readFileSync(new URL('../../dist/generated/default-config.json', import.meta.url), 'utf8'));
  t.same(built, JSON.parse(JSON.stringify(buildConfig({}))));
});

t.test('every key has a default', async (t) => {
  const c = loadConfig();
  t.same(c.pipeline.windows, ['1m', '5m', '15m']);
  t.equal(c.pipeline.restartLoop.window, '5m');
  t.equal(c.input.http.host, '127.0.0.1');
  t.equal(c.log.level, 'info');
  t.ok(Object.isFrozen(c.pipeline.windows), 'the config is frozen');
});

t.test('a partial file keeps the other defaults', async (t) => {
  const c = buildConfig({ pipeline: { restartLoop: { minRestarts: 5 } } });
  t.equal(c.pipeline.restartLoop.minRestarts, 5);
  t.equal(c.pipeline.restartLoop.quietPeriod, '10m');
  t.equal(c.pipeline.pods.maxPods, 1000);
});

t.test('errors name every bad key at once', async (t) => {
  try {
    buildConfig({ pipeline: { windows: ['1 minute'], pods: { maxPods: 0 } }, colour: 'red' }, 'logsift.yaml');
    t.fail('should throw');
  } catch (err) {
    t.ok(err instanceof ConfigError);
    const msg = (err as Error).message;
    t.match(msg, /logsift\.yaml/);
    t.match(msg, /pipeline\.windows\.0: must match pattern/);
    t.match(msg, /pipeline\.pods\.maxPods: must be >= 1/);
    t.match(msg, /colour: unknown key/);
  }
});

t.test('a file that is not YAML or cannot be read is a clear error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-config-'));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'pipeline: [unclosed');
  t.throws(() => loadConfig(bad), { message: /bad\.yaml:\n {2}- not valid YAML/ });
  t.throws(() => loadConfig(join(dir, 'missing.yaml')), { message: /missing\.yaml:\n {2}- cannot read/ });
});

t.test('durations', async (t) => {
  t.equal(parseDuration('500ms'), 500);
  t.equal(parseDuration('5m'), 300_000);
  t.equal(parseDuration('1h'), 3_600_000);
  t.throws(() => parseDuration('5 minutes'));
});

t.test('durations are printed back in the largest whole unit', async (t) => {
  t.equal(formatDuration(300_000), '5m');
  t.equal(formatDuration(3_600_000), '1h');
  t.equal(formatDuration(45_000), '45s');
  t.equal(formatDuration(1500), '1500ms');
});

// Issue 8.10: values that validate but cannot work are refused at start (exit 78), not at run time.
t.test('values that pass the schema but cannot work are refused with every problem named', async (t) => {
  try {
    buildConfig(
      {
        pipeline: { windows: ['0s', '5m'], restartLoop: { quietPeriod: '0ms' } },
        shutdown: { deadline: '99999999h' },
        export: { logs: { retry: { initialBackoff: '0s' } }, prometheus: { port: 9880 } },
      },
      'logsift.yaml',
    );
    t.fail('should throw');
  } catch (err) {
    t.ok(err instanceof ConfigError);
    const msg = (err as Error).message;
    t.match(msg, /pipeline\.windows\.0: 0s must be longer than zero/);
    t.match(msg, /pipeline\.restartLoop\.quietPeriod: 0ms must be longer than zero/);
    t.match(msg, /shutdown\.deadline: 99999999h is longer than the longest timer Node can run/);
    t.match(msg, /export\.logs\.retry\.initialBackoff: 0s must be longer than zero/);
    t.match(msg, /export\.prometheus\.port: 9880 is also input\.http\.port/);
  }
  t.doesNotThrow(() => buildConfig({ shutdown: { deadline: '24h' }, pipeline: { windows: ['1m'] } }));
});
