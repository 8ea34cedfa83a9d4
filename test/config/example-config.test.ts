import t from 'tap';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { renderExampleConfig } from '../../src/config/example-config.js';
import { buildConfig, loadConfig } from '../../src/config/load-config.js';

const FILE = new URL('../../config/logsift.yaml', import.meta.url);

t.test('config/logsift.yaml is the schema rendered (run `npm run config:example` after a schema change)', async (t) => {
  t.equal(readFileSync(FILE, 'utf8'), renderExampleConfig());
});

t.test('the example is valid and equals the defaults', async (t) => {
  const fromFile = buildConfig(parse(readFileSync(FILE, 'utf8')));
  t.same(fromFile, loadConfig());
});
