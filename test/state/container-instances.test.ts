import t from 'tap';
import { ContainerInstances, LAST_SIGNALS, MAX_IDS, sameInstance } from '../../src/state/container-instances.js';

const ID = (n: number) => n.toString(16).padStart(4, '0').repeat(16);
const POD = 'shop/inventory-6d9f7c8b5-q2w7x/inventory';

void t.test('first, same, new and earlier instances', async (t) => {
  const c = new ContainerInstances(10);
  t.equal(c.classify(POD, ID(1)), 'first');
  t.equal(c.advance(POD, ID(1), 'a.log'), undefined, 'the first instance is not a restart');
  t.equal(c.classify(POD, ID(1)), 'same');
  t.equal(c.classify(POD, ID(2)), 'new');
  t.ok(c.advance(POD, ID(2), 'b.log'), 'a new instance hands back what the previous one left');
  t.equal(c.streamKeyOf(POD), 'b.log');
  t.equal(c.classify(POD, ID(1)), 'earlier', 'a late line of the previous container');
  t.equal(c.classify(POD, ID(2)), 'same');
  t.equal(c.classify('other/pod/c', ID(2)), 'first', 'pods are apart');
});

void t.test('a short id and the full id it begins are one instance; kinds are never compared', async (t) => {
  t.ok(sameInstance('0123456789abcdef', '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'));
  t.notOk(sameInstance('0123', '0123456789abcdef'), 'too short to prove anything');
  t.notOk(sameInstance('0123456789abcdef', '0123456789abcdee'));
  const c = new ContainerInstances(10);
  c.advance(POD, '0123456789abcdef', 'tag');
  t.equal(c.classify(POD, '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'), 'same');
  t.equal(c.classify(POD, '0123456789abcdef'), 'same', 'and the short form still is');
  t.equal(c.classify(POD, 'image:registry.example/web@sha256:aa'), 'first', 'another kind of id: not a restart');
  c.advance(POD, 'image:registry.example/web@sha256:aa', 'tag');
  t.equal(c.classify(POD, 'image:registry.example/web@sha256:bb'), 'new', 'a new image of the same pod is');
  t.equal(c.classify(POD, 'fedcba9876543210'), 'new');
});

void t.test('the last signals of an instance are the evidence for the next restart', async (t) => {
  const c = new ContainerInstances(10);
  c.advance(POD, ID(1), 'x');
  c.noteSignal(POD, 'connecting to <*>', false, undefined);
  c.noteSignal(POD, 'FATAL: password authentication failed for user <*>', true, 'postgres-client');
  c.noteSignal(POD, 'shutting down', false, 'myapp');
  c.noteSignal(POD, 'exiting with status <*>', false, 'myapp');
  const ev = c.advance(POD, ID(2), 'y');
  t.same(ev, {
    lastSignals: ['FATAL: password authentication failed for user <*>', 'shutting down', 'exiting with status <*>'],
    error: true,
    errorPack: 'postgres-client',
  });
  t.same(c.advance(POD, ID(3), 'z'), { lastSignals: [], error: false, errorPack: undefined }, 'an instance that printed no signal');
  c.noteSignal('untracked/pod/c', 'x', true, undefined);
  t.equal(c.held('untracked/pod/c'), undefined, 'pods without an instance id are not tracked');
});

void t.test('a flood of container ids and pods keeps memory bounded', async (t) => {
  const maxPods = 50;
  const c = new ContainerInstances(maxPods);
  let restarts = 0;
  const steady = 'ns/steady/c';
  for (let i = 0; i < 20_000; i++) {
    // Every other line a new pod name; in between a pod that keeps restarting.
    const pod = i % 2 === 0 ? steady : `ns/pod-${i}/c`;
    const id = ID(i);
    const change = c.classify(pod, id);
    if (change === 'first' || change === 'new') if (c.advance(pod, id, 'k' + i)) restarts++;
    c.noteSignal(pod, 'x'.repeat(10_000), true, 'p');
  }
  t.ok(c.size <= maxPods, `${c.size} pods tracked, cap ${maxPods}`);
  const pods = [steady, ...Array.from({ length: 10_000 }, (_, k) => `ns/pod-${2 * k + 1}/c`)];
  const held = pods.map((p) => c.held(p)).filter((h) => h !== undefined);
  t.equal(held.length, maxPods, 'the pods held are the most recently seen');
  t.ok(held.every((h) => h.ids <= MAX_IDS && h.signals <= LAST_SIGNALS), `at most ${MAX_IDS} ids and ${LAST_SIGNALS} notes each`);
  t.same(c.held(steady), { ids: MAX_IDS, signals: 1 });
  t.equal(restarts, 9_999, 'the pod seen all along keeps its restarts counted: every new id after the first');
});
