import t from 'tap';
import { collecting, GUNICORN_TRACEBACK, JAVA_STACK, pushAll, shape } from './group-helpers.js';

const TB = GUNICORN_TRACEBACK.slice(1, 9);

void t.test('maxLines: the held part goes out and the rest carries on as the same kind', async (t) => {
  const { g, out } = collecting({ maxLines: 3 });
  pushAll(g, 'k', [...TB, 'next']);
  t.same(shape(out), [['python-traceback', 3], ['python-traceback', 3], ['python-traceback', 2], ['single', 1]]);
  t.same(out.flatMap((x) => x.lines), [...TB, 'next']);
  t.equal(out[1].first.text, TB[3]);
});

void t.test('maxBytes bounds a group', async (t) => {
  const { g, out } = collecting({ maxBytes: 100 });
  pushAll(g, 'k', JAVA_STACK);
  g.flushAll();
  t.ok(out.every((x) => x.bytes <= 100 || x.lines.length === 1));
  t.same(out.flatMap((x) => x.lines), JAVA_STACK);
  t.same(shape(out), [['java-stack', 1], ['java-stack', 2], ['java-stack', 1], ['java-stack', 2], ['java-stack', 2]]);
});

void t.test('maxStreams: the oldest pending group goes out first', async (t) => {
  const { g, out } = collecting({ maxStreams: 2 });
  g.push('a', { text: 'Traceback (most recent call last):', observedMs: 0, context: 'a' });
  g.push('b', { text: 'Traceback (most recent call last):', observedMs: 0, context: 'b' });
  t.equal(out.length, 0);
  g.push('c', { text: 'Traceback (most recent call last):', observedMs: 0, context: 'c' });
  t.same(out.map((x) => x.first.context), ['a']);
  t.equal(g.pendingStreams, 2);
  g.push('a', { text: '  File "x.py", line 1', observedMs: 0, context: 'a' });
  t.same(out.map((x) => [x.first.context, x.kind]), [['a', 'python-traceback'], ['b', 'python-traceback']]);
  t.equal(out[1].lines.length, 1);
});
