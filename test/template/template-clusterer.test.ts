import t from 'tap';
import { clusterTokens } from '../../src/template/cluster-tokens.js';
import { templateId } from '../../src/template/fingerprint.js';
import { TemplateClusterer } from '../../src/template/template-clusterer.js';

function run(messages: string[]): { ids: string[]; texts: string[] } {
  const c = new TemplateClusterer();
  const ids: string[] = [];
  const texts: string[] = [];
  for (const m of messages) {
    const { cluster } = c.assign(clusterTokens(m));
    ids.push(cluster.id);
    texts.push(cluster.text);
  }
  return { ids, texts };
}

t.test('a cluster that generalises keeps the id of its first template', async (t) => {
  const { ids, texts } = run([
    'Invalid user webmaster from 10.0.0.7',
    'Invalid user oracle from 10.0.0.8',
    'Invalid user pgadmin from 10.0.0.9',
  ]);
  t.equal(new Set(ids).size, 1);
  t.equal(ids[0], templateId('Invalid user webmaster from <*>.<*>.<*>.<*>'));
  t.equal(texts[2], 'Invalid user <*> from <*>.<*>.<*>.<*>');
  const again = run(['Invalid user webmaster from 10.0.0.99', 'Invalid user guest from 10.0.0.1']);
  t.equal(again.ids[1], ids[0], 'the same first shape gives the same id in another process');
});

t.test('numbers kept for their meaning never merge: signal 9 and signal 15 stay apart', async (t) => {
  const { ids, texts } = run([
    'Worker with pid 9 was terminated due to signal 9',
    'Worker with pid 12 was terminated due to signal 15',
    'Worker with pid 13 was terminated due to signal 9',
  ]);
  t.not(ids[0], ids[1]);
  t.equal(ids[0], ids[2]);
  t.equal(texts[1], 'Worker with pid <*> was terminated due to signal 15');
});

t.test('a kept number generalises between shapes the rules decide alike, and only between them', async (t) => {
  const c = new TemplateClusterer();
  const proxy = (code: string) => `example.org:443 error : Could not connect through proxy proxy.example.net:3128 - Proxy server cannot establish a connection with the target, status code ${code}`;
  const forbidden = c.assign(clusterTokens(proxy('403')), '-2').cluster;
  const id = forbidden.id;
  t.equal(id, templateId('<*>:<*> error : Could not connect through proxy <*>:<*> - Proxy server cannot establish a connection with the target, status code 403'));
  const unavailable = c.assign(clusterTokens(proxy('503')), '-2').cluster;
  t.equal(unavailable, forbidden, 'no rule tells 403 from 503: one event');
  t.equal(unavailable.id, id, 'under the id of the first-seen template');
  t.match(unavailable.text, /, status code <\*>$/);
  // A rule keyed on the value decides 502 otherwise: not in that template, though it accepts any value.
  const gateway = c.assign(clusterTokens(proxy('502')), 'proxy.bad-gateway').cluster;
  t.not(gateway.id, id);
  t.match(gateway.text, /, status code 502$/);
  t.equal(c.assign(clusterTokens(proxy('500')), '-2').cluster.id, id);
  t.equal(c.assign(clusterTokens(proxy('502')), 'proxy.bad-gateway').cluster.id, gateway.id);
  // Without a decision (nothing known of the rules), a kept number never generalises.
  const blind = new TemplateClusterer();
  t.not(blind.assign(clusterTokens(proxy('403'))).cluster.id, blind.assign(clusterTokens(proxy('503'))).cluster.id);
});

t.test('signal 9 and signal 15 decided by two rules stay two templates', async (t) => {
  const c = new TemplateClusterer();
  const kill = c.assign(clusterTokens('Worker with pid 9 was terminated due to signal 9'), 'gunicorn.terminated-sigkill').cluster;
  const term = c.assign(clusterTokens('Worker with pid 12 was terminated due to signal 15'), 'gunicorn.terminated-sigterm').cluster;
  t.not(kill.id, term.id);
  t.equal(kill.text, 'Worker with pid <*> was terminated due to signal 9');
  t.equal(term.text, 'Worker with pid <*> was terminated due to signal 15');
  t.equal(c.assign(clusterTokens('Worker with pid 13 was terminated due to signal 9'), 'gunicorn.terminated-sigkill').cluster, kill);
});

t.test('keywords in capitals and the message wording keep events apart', async (t) => {
  const states = run([
    'Notification: 1 (n.leader), LOOKING (n.state), 3 (n.sid), LOOKING (my state)',
    'Notification: 2 (n.leader), FOLLOWING (n.state), 1 (n.sid), LOOKING (my state)',
  ]);
  t.not(states.ids[0], states.ids[1]);
  const login = run(['session opened for user news by (uid=0)', 'session opened for user root by LOGIN(uid=0)']);
  t.not(login.ids[0], login.ids[1]);
  const wording = run([
    'Block broadcast_1 stored as bytes in memory (estimated size 5.2 KB, free 300.1 KB)',
    'Block broadcast_2 stored as values in memory (estimated size 8.8 KB, free 290.0 KB)',
  ]);
  t.not(wording.ids[0], wording.ids[1]);
});

t.test('two names with a digit at one position are not generalised by the clusterer', async (t) => {
  // Shapes that differ elsewhere too (here a hex-letter group the shape keeps): the clusterer would
  // join them on 5 of 6 positions; the interface name keeps them apart, as capitals would. Lines
  // that differ only in the name share one shape (template-cache.ts widens its text instead).
  const ifaces = run([
    'Frequent transitions for interface en0 (FE80:0000:0000:0000:C6B3:01FF:FECD:467F)',
    'Frequent transitions for interface awdl0 (FE80:0000:0000:0000:D8A5:90FF:FEF5:7FFF)',
    'Frequent transitions for interface en0 (FE80:0000:0000:0000:C6B3:01FF:ABCD:1234)',
  ]);
  t.not(ifaces.ids[0], ifaces.ids[1]);
  t.equal(ifaces.ids[2], ifaces.ids[0], 'another address on the same interface joins');
  t.equal(ifaces.texts[2], 'Frequent transitions for interface en0 (<*>)');
  // A name against a value still generalises.
  const value = run(['link up on port 7 of rack 12', 'link up on port eth0 of rack 12']);
  t.equal(value.ids[1], value.ids[0]);
});

t.test('values after a word that introduces one, units and labels generalise', async (t) => {
  const units = run([
    'Block broadcast_1 stored as bytes in memory (estimated size 5.2 KB, free 300.1 KB)',
    'Block broadcast_0 stored as bytes in memory (estimated size 93.0 B, free 317.1 KB)',
  ]);
  t.equal(units.ids[0], units.ids[1]);
  t.equal(units.texts[1], 'Block <*> stored as bytes in memory (estimated size <*>.<*>, free <*>.<*>)', 'a unit that varies once reads as part of every size');
  const labels = run([
    'authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.7 user=root',
    'authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.8 user=uucp',
  ]);
  t.equal(labels.ids[0], labels.ids[1]);
  t.match(labels.texts[1], /user=<\*>$/);
});

t.test('once a unit varies, the quantities of its kind are printed for people: their units are their values\' part', async (t) => {
  const sizes = run([
    'cache flushed 12.0 KB to disk, 3.1 GB free, took 40 ms',
    'cache flushed 1.5 MB to disk, 3.0 GB free, took 52 ms',
  ]);
  t.equal(sizes.ids[1], sizes.ids[0]);
  t.equal(sizes.texts[1], 'cache flushed <*>.<*> to disk, <*>.<*> free, took <*> ms', 'the time keeps its unit: another kind');
  // No unit has varied: a fixed unit is the format's (`%.2f MB`), wording.
  const fixed = run(['memory limit: 512.00 MB, free: 100.00 MB', 'memory limit: 512.00 MB, free: 88.50 MB']);
  t.equal(fixed.texts[1], 'memory limit: <*>.<*> MB, free: <*>.<*> MB');
});

t.test('optional variable parts join; an optional word does not', async (t) => {
  const { ids, texts } = run([
    'www.example.com:443 close, 100 bytes sent, 200 bytes received, lifetime 00:01',
    'www.example.com:443 close, 1200 bytes (1.17 KB) sent, 200 bytes received, lifetime <1 sec',
    'cdn.example.net:80 close, 100 bytes sent, 5000 bytes (4.88 KB) received, lifetime 00:03',
  ]);
  t.equal(new Set(ids).size, 1);
  t.equal(texts[2], '<*>:<*> close, <*> bytes <*> sent, <*> bytes <*> received, lifetime <*>');
  const words = run([
    'PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.7',
    'PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.7 user=root',
  ]);
  t.not(words.ids[0], words.ids[1]);
});

t.test('a word that stayed the same over many records is wording; a slot that varied early stays a slot', async (t) => {
  const c = new TemplateClusterer();
  const first = c.assign(clusterTokens('Session 1234_5678 initialized by client UpdateAgent.')).cluster;
  first.seen = 500; // the records the classifier counted on it
  const other = c.assign(clusterTokens('Session 99_42 initialized by client Licensing.')).cluster;
  t.not(other.id, first.id, 'a new word where the cluster always had one word is another event');
  t.equal(first.text, 'Session <*> initialized by client UpdateAgent.');
  const users = c.assign(clusterTokens('Invalid user webmaster from 10.0.0.7')).cluster;
  t.equal(c.assign(clusterTokens('Invalid user oracle from 10.0.0.8')).cluster.id, users.id);
  users.seen = 500;
  const later = c.assign(clusterTokens('Invalid user pgadmin from 10.0.0.9')).cluster;
  t.equal(later.id, users.id, 'the generalised slot keeps taking values, and the first id');
  t.equal(later.text, 'Invalid user <*> from <*>.<*>.<*>.<*>');
});

t.test('true against false, and values under different labels, keep events apart', async (t) => {
  const flags = run(['layout pass isOverlap:false, top=12.5', 'layout pass isOverlap:true, top=3.0', 'layout pass isOverlap:false, top=7.25']);
  t.not(flags.ids[0], flags.ids[1]);
  t.equal(flags.ids[0], flags.ids[2]);
  const labels = run(['getTasks: num=3,flags=0x1', 'getTasks: top=ComponentInfo{com.example/.Main}', 'getTasks: num=9,flags=0x2']);
  t.not(labels.ids[0], labels.ids[1]);
  t.equal(labels.ids[0], labels.ids[2]);
  // The same label with different values is still one field.
  const same = run(['session opened user=alice', 'session opened user=bob']);
  t.equal(same.ids[0], same.ids[1]);
});

t.test('a label printed without a value is another case than one with a value', async (t) => {
  const { ids } = run([
    'authentication failure; logname= uid=0 euid=0 tty=sshd ruser= rhost=10.0.0.7',
    'authentication failure; logname= uid=0 euid=0 tty=sshd ruser= rhost=10.0.0.8',
    'authentication failure; logname= uid=0 euid=0 tty=:0 ruser= rhost=',
    'authentication failure; logname= uid=0 euid=0 tty=:1 ruser= rhost=',
  ]);
  t.equal(ids[0], ids[1]);
  t.not(ids[2], ids[0], 'a local login (no rhost) is not a remote one');
  t.equal(ids[3], ids[2]);
  // A value that differs (not absent) still generalises.
  const hosts = run(['login from rhost=a.example.com port=22', 'login from rhost=b.example.org port=22']);
  t.equal(hosts.ids[0], hosts.ids[1]);
});

t.test('dotted names are values, even with capitals in them', async (t) => {
  const { ids, texts } = run([
    'queue fg delivered broadcast android.intent.action.TIME_TICK to receivers',
    'queue fg delivered broadcast android.intent.action.BATTERY_CHANGED to receivers',
    'queue fg delivered broadcast com.example.app.REFRESH to receivers',
  ]);
  t.equal(new Set(ids).size, 1);
  t.equal(texts[2], 'queue fg delivered broadcast <*> to receivers');
  // Not introduced, a dotted name still counts against the similarity: a short message that is
  // little more than the name stays its own.
  const short = run(['received broadcast android.intent.action.TIME_TICK', 'received broadcast android.intent.action.BATTERY_CHANGED']);
  t.not(short.ids[0], short.ids[1]);
  const info = run(['ActivityRecord info: ActivityInfo{3f2a com.example.notes.MainActivity}, euid: 0', 'ActivityRecord info: ActivityInfo{9c1b org.example.mail.ui.Launcher}, euid: 0']);
  t.equal(info.ids[0], info.ids[1]);
  // Two-part names and words in capitals keep their meaning.
  t.not(run(['peer state is LEADING now', 'peer state is FOLLOWING now']).ids[1], run(['peer state is LEADING now']).ids[0]);
  const pair = run(['setting io.file is deprecated', 'setting fs.path is deprecated']);
  t.not(pair.ids[0], pair.ids[1]);
});

t.test('shapes that differ in a labelled value at the start are compared, quoted capitals included', async (t) => {
  const { ids, texts } = run([
    'tag="RILJ_ACK_WL" acquired wake lock=2 flags=0x1 name=phone uid=1001',
    'tag="SCREEN_FROZEN" acquired wake lock=3 flags=0x1 name=android uid=1000',
    'tag="AudioMix" acquired wake lock=1 flags=0x1 name=audioserver uid=1041',
  ]);
  t.equal(new Set(ids).size, 1);
  t.equal(texts[2], 'tag="<*>" acquired wake lock=<*> flags=<*> name=<*> uid=<*>');
  // Unquoted capitals after a label are still states.
  const states = run(['state=RUNNING pid=3 name=a', 'state=STOPPED pid=4 name=a']);
  t.not(states.ids[0], states.ids[1]);
});

t.test('two different past participles are two events, even after a word that introduces a value', async (t) => {
  const { ids, texts } = run([
    '[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] Instance spawned successfully.',
    '[instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Instance destroyed successfully.',
    '[instance: 17abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Instance spawned successfully.',
    'pam_unix(sshd:session): session opened for user alice',
    'pam_unix(sshd:session): session closed for user alice',
    'Instance spawned for user bob',
    'Instance spawned for user carol',
  ]);
  t.not(ids[0], ids[1]);
  t.equal(ids[2], ids[0]);
  t.equal(texts[2], '[instance: <*>] Instance spawned successfully.');
  t.not(ids[3], ids[4]);
  t.equal(ids[6], ids[5], 'a value after an introducer still generalises');
});

t.test('a dotted name that leads the message is a value, not the index key', async (t) => {
  const { ids, texts } = run([
    'org.example.backup.nightly: scheduler says the next run is in 4390 seconds. Skipping.',
    'org.example.Mail.FetchInbox: scheduler says the next run is in 245 seconds. Skipping.',
    'org.example.cache.Purge.daily: scheduler says the next run is in 12119 seconds. Skipping.',
    'org.example.backup.nightly: finished in 12 seconds.',
  ]);
  t.equal(ids[1], ids[0]);
  t.equal(ids[2], ids[0]);
  t.equal(texts[2], 'org.example.<*>: scheduler says the next run is in <*> seconds. Skipping.', 'the namespace the names share stays');
  t.not(ids[3], ids[0], 'other wording stays another event');
});

t.test('a placeholder printed for a missing value is another case than a value', async (t) => {
  const { ids } = run([
    'fan speeds ( 3552 3534 3375 **** 3515 3479 )',
    'fan speeds ( 3552 3534 3375 3412 3515 3479 )',
    'fan speeds ( 3551 3530 3371 **** 3510 3470 )',
    'fan speeds ( 3550 3531 3372 3411 3512 3472 )',
  ]);
  t.not(ids[1], ids[0]);
  t.equal(ids[2], ids[0]);
  t.equal(ids[3], ids[1]);
});
