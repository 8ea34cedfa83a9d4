import t from 'tap';
import { collecting, pushAll, shape } from './group-helpers.js';

void t.test('orphan indented lines join each other', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['config loaded', '  db: postgres', '  cache: redis', '\tworkers: 2', 'ready']);
  t.same(shape(out), [['single', 1], ['indented', 3], ['single', 1]]);
});

void t.test('blank lines and lines with a header never continue a group', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['  a', '', '  b', '[2023-03-15 09:42:07 +0900] [9] [INFO] x', '  c']);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['single', 1], ['single', 1], ['single', 1], ['single', 1]]);
});

void t.test('single lines with nothing pending are emitted at once', async (t) => {
  const { g, out } = collecting();
  g.push('k', { text: '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', observedMs: 5, context: 'ctx' });
  t.equal(out.length, 1);
  t.same(out[0], {
    lines: ['[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9'],
    first: { text: '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', observedMs: 5, context: 'ctx' },
    bytes: 65,
    kind: 'single',
  });
});
