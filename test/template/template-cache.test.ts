import t from 'tap';
import { lastShapeCheck, shapeKey } from '../../src/template/fingerprint.js';
import { TemplateCache } from '../../src/template/template-cache.js';

t.test('shapes of one template share its cluster, each with its own rule slot', async (t) => {
  const cache = new TemplateCache(100);
  const a = cache.get('Invalid user admin from 10.0.0.7');
  const b = cache.get('Invalid user test from 10.0.0.8');
  t.equal(a.cluster, b.cluster);
  t.not(a, b, 'two shapes, two cached rule decisions');
  t.equal(cache.get('Invalid user admin from 10.9.9.9'), a, 'the same shape finds its entry');
  t.equal(cache.size, 2);
  t.equal(cache.clusterCount, 1);
});

t.test('a flood of distinct messages keeps memory bounded and hot templates alive', async (t) => {
  const cache = new TemplateCache(200);
  const hot = cache.get('Booting worker with pid: 9');
  const hotId = hot.cluster.id;
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];
  for (let i = 0; i < 20_000; i++) {
    // Distinct wording each time (no digits, no introducing word): nothing merges.
    const w = words[i % 12] + words[(i / 12 | 0) % 12] + words[(i / 144 | 0) % 12] + words[(i / 1728 | 0) % 12];
    cache.get(`${w} unexpected state ${w}`);
    if (i % 50 === 0) cache.get('Booting worker with pid: ' + i);
  }
  t.ok(cache.size <= 200, `shapes ${cache.size}`);
  t.ok(cache.clusterCount <= 200, `clusters ${cache.clusterCount}`);
  t.ok(cache.evictions > 0);
  t.equal(cache.get('Booting worker with pid: 77').cluster.id, hotId, 'a template used all along keeps its id');
});

t.test('an evicted template that comes back with the same first shape gets the same id', async (t) => {
  const cache = new TemplateCache(100);
  const first = cache.get('Connection reset by peer on socket 17').cluster.id;
  for (let i = 0; i < 500; i++) {
    const w = String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + ((i / 26) | 0) % 26);
    cache.get(`${w}${w} unrelated ${w}`);
  }
  const back = cache.get('Connection reset by peer on socket 4');
  t.equal(back.cluster.id, first);
  t.equal(back.cluster.seen, 0, 'its counters start again');
});

t.test('a rule reload forgets every shape decision and keeps the clusters', async (t) => {
  const cache = new TemplateCache(100);
  const a = cache.get('Invalid user admin from 10.0.0.7');
  const b = cache.get('Invalid user test from 10.0.0.8');
  a.ruleIndex = 3;
  b.ruleIndex = 5;
  a.cluster.seen = 2;
  const { id, text } = a.cluster;
  cache.forgetRuleDecisions();
  t.same([a.ruleIndex, b.ruleIndex], [undefined, undefined], 'each shape is decided again by the new rules');
  const again = cache.get('Invalid user admin from 10.1.1.1');
  t.equal(again, a, 'the same entry');
  t.same([again.cluster.id, again.cluster.text, again.cluster.seen], [id, text, 2], 'id, text and repetition count survive');
});

t.test('two clusters whose templates converge become one under the first-seen id', async (t) => {
  const cache = new TemplateCache(100);
  // Two keywords in capitals are two events, until a value that is not a keyword shows the field
  // is a value: the newer cluster generalises and now covers the older one.
  const software = cache.get('Unloading hive cfg:SOFTWARE now');
  const system = cache.get('Unloading hive cfg:SYSTEM now');
  const firstId = software.cluster.id;
  t.not(system.cluster.id, firstId, 'apart while both are keywords');
  t.equal(cache.clusterCount, 2);
  software.cluster.seen = 5;
  system.cluster.seen = 3;
  const user = cache.get('Unloading hive cfg:ntuser.dat now');
  t.equal(user.cluster.id, firstId, 'the converged cluster keeps the id seen first');
  t.equal(user.cluster.text, 'Unloading hive cfg:<*> now');
  t.equal(user.cluster.seen, 8, 'and the counts of both');
  t.equal(cache.clusterCount, 1);
  // Shapes that pointed at the merged cluster move on their next record, without clustering again.
  t.equal(cache.get('Unloading hive cfg:SYSTEM now').cluster, user.cluster);
  t.equal(cache.get('Unloading hive cfg:SOFTWARE now').cluster, user.cluster);
  t.equal(cache.size, 3);
  // In another process, the same order gives the same ids.
  const again = new TemplateCache(100);
  for (const m of ['Unloading hive cfg:SOFTWARE now', 'Unloading hive cfg:SYSTEM now', 'Unloading hive cfg:ntuser.dat now']) again.get(m);
  t.equal(again.get('Unloading hive cfg:SYSTEM now').cluster.id, firstId);
});

t.test('kept numbers never converge: signal 9 and signal 15 stay apart whatever else generalises', async (t) => {
  const cache = new TemplateCache(100);
  const kill = cache.get('worker 101 exited on signal 9').cluster;
  const term = cache.get('worker 102 exited on signal 15').cluster;
  cache.get('worker 103 exited on signal 9');
  cache.get('worker 104 exited on signal 15');
  cache.get('worker pool-a exited on signal <none>');
  t.not(kill.id, term.id);
  t.equal(cache.get('worker 105 exited on signal 9').cluster.id, kill.id);
  t.equal(cache.get('worker 106 exited on signal 15').cluster.id, term.id);
});

t.test('two shapes that share the small-integer key keep their own entries, rule slots and templates', async (t) => {
  // Found by search: the same 31-bit key, different other lanes.
  const a = 'shard vasd is not ready';
  const b = 'worker ikkj is not ready';
  const ka = shapeKey(a);
  const ca = lastShapeCheck();
  t.equal(shapeKey(b), ka, 'precondition: one key');
  t.not(lastShapeCheck(), ca);
  const cache = new TemplateCache(100);
  const ea = cache.get(a);
  const eb = cache.get(b);
  t.not(ea, eb);
  ea.ruleIndex = 1;
  eb.ruleIndex = 2;
  t.equal(cache.get(a), ea);
  t.equal(cache.get(b), eb);
  t.same([ea.ruleIndex, eb.ruleIndex], [1, 2]);
  t.same([ea.cluster.text, eb.cluster.text], [a, b]);
  t.equal(cache.size, 2);
  cache.forgetRuleDecisions();
  t.same([ea.ruleIndex, eb.ruleIndex], [undefined, undefined]);
});

t.test('a name the shape masks becomes <*> in the template text when a second name comes, under the same id', async (t) => {
  const cache = new TemplateCache(100);
  const first = cache.get('carrier detected on network 10.4.0.0 via interface eth0');
  const id = first.cluster.id;
  t.equal(first.cluster.text, 'carrier detected on network <*>.<*>.<*>.<*> via interface eth0', 'the first name is shown');
  t.equal(cache.get('carrier detected on network 10.9.0.0 via interface eth0').cluster.text, first.cluster.text, 'the same name again: no change');
  const second = cache.get('carrier detected on network 10.7.0.0 via interface wlan1');
  t.equal(second, first, 'one shape: names with a digit are masked in the shape');
  t.equal(second.cluster.id, id, 'the id stays');
  t.equal(second.cluster.text, 'carrier detected on network <*>.<*>.<*>.<*> via interface <*>', 'never another name than the line has');
  t.equal(cache.get('carrier detected on network 10.2.0.0 via interface ib2').cluster.text, second.cluster.text);
  t.equal(cache.clusterCount, 1);
  // A shape without such a name never pays for the check.
  t.equal(cache.get('worker 12 ready').names, 0);
  // A later shape that the wider template accepts joins it.
  t.equal(cache.get('carrier detected on network fd00::/64 via interface eth3').cluster.id, id);
});
