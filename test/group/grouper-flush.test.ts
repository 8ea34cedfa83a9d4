import t from 'tap';
import { collecting, JAVA_STACK, pushAll, shape } from './group-helpers.js';

void t.test('flushIdle emits only groups idle for at least flushAfterMs', async (t) => {
  const { g, out } = collecting({ flushAfterMs: 1000 });
  pushAll(g, 'a', JAVA_STACK.slice(0, 2), 10_000);
  pushAll(g, 'b', JAVA_STACK.slice(0, 3), 10_500);
  g.flushIdle(10_999);
  t.equal(out.length, 0);
  g.flushIdle(11_000);
  t.same(out.map((x) => [x.first.context, x.lines.length]), [['a', 2]]);
  g.push('b', { text: JAVA_STACK[3], observedMs: 11_400, context: 'b' });
  g.flushIdle(12_000);
  t.equal(out.length, 1, 'the new line reset b\'s quiet interval');
  g.flushIdle(12_400);
  t.same(out.map((x) => [x.first.context, x.lines.length]), [['a', 2], ['b', 4]]);
  t.equal(g.pendingStreams, 0);
});

void t.test('interleaved streams group independently and keep their order', async (t) => {
  const { g, out } = collecting();
  const a = ['Traceback (most recent call last):', '  File "a.py", line 1, in <module>', 'ValueError: a'];
  const b = ['Traceback (most recent call last):', '  File "b.py", line 9, in run', 'TypeError: b'];
  for (let i = 0; i < 3; i++) {
    g.push('a', { text: a[i], observedMs: i, context: 'a' });
    g.push('b', { text: b[i], observedMs: i, context: 'b' });
    g.push('c', { text: `[2023-03-15 09:42:0${i} +0900] [1] [INFO] tick ${i}`, observedMs: i, context: 'c' });
  }
  t.same(out.map((x) => x.first.context), ['c', 'c', 'c'], 'single lines of c are not held behind a and b');
  g.push('b', { text: 'next b', observedMs: 4, context: 'b' });
  g.flushAll();
  t.same(out.slice(3).map((x) => [x.first.context, x.lines]), [['b', b], ['b', ['next b']], ['a', a]]);
});

/** Seeded so a failure reproduces. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

void t.test('every line lands in exactly one group, in order per stream (seeded mix, tight bounds)', async (t) => {
  const rnd = prng(42);
  const pool = [
    ...JAVA_STACK, 'Traceback (most recent call last):', '  File "a.py", line 1, in <module>', 'ValueError: x', '',
    'During handling of the above exception, another exception occurred:', '  indented', 'plain line',
    "/x/getlimits.py:499: UserWarning: The value of the smallest subnormal for <class 'numpy.float32'> type is zero.",
    '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9',
  ];
  const { g, out } = collecting({ maxLines: 4, maxBytes: 300, maxStreams: 2, flushAfterMs: 5 });
  const sent = new Map<string, string[]>();
  for (let i = 0; i < 5000; i++) {
    const key = 's' + Math.floor(rnd() * 4);
    const text = pool[Math.floor(rnd() * pool.length)] + (rnd() < 0.5 ? '' : ` #${i}`);
    const list = sent.get(key) ?? [];
    list.push(text);
    sent.set(key, list);
    g.push(key, { text, observedMs: i, context: key });
    if (i % 97 === 0) g.flushIdle(i);
  }
  g.flushAll();
  t.equal(g.pendingStreams, 0);
  const got = new Map<string, string[]>();
  t.same(out.filter((x) => x.lines.length < 1 || x.lines.length > 4), [], 'groups within maxLines');
  for (const x of out) {
    const list = got.get(x.first.context as string) ?? [];
    list.push(...x.lines);
    got.set(x.first.context as string, list);
  }
  for (const [key, lines] of sent) t.same(got.get(key), lines, key);
  t.equal(out.reduce((n, x) => n + x.lines.length, 0), 5000);
  t.ok(shape(out).some(([k]) => k !== 'single'), 'multi-line groups occurred');
});
