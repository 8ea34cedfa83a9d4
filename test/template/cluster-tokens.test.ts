import t from 'tap';
import { clusterTokens } from '../../src/template/cluster-tokens.js';

const render = (m: string): string => clusterTokens(m).join(' ');

t.test('an HTTP status after a status label is a value; exit statuses and signals stay', async (t) => {
  t.equal(render('10.0.0.1 "GET /v2/x HTTP/1.1" status: 404 len: 176'), '<*>.<*>.<*>.<*> "GET <*>" status: <*> len: <*>');
  t.equal(render('request done status=201, bytes=10'), 'request done status=<*>, bytes=<*>');
  t.equal(render('upstream answered Status:503'), 'upstream answered Status:<*>');
  t.equal(render('Main process exited, code=exited, status=203/EXEC'), 'Main process exited, code=exited, status=203/EXEC', 'systemd exit status');
  t.equal(render('worker exited with exit status: 255'), 'worker exited with exit status: 255');
  t.equal(render('child died, status=143'), 'child died, status=143', 'a signal exit (128+15) is no HTTP status');
  t.equal(render('job finished status: 1'), 'job finished status: 1');
  t.equal(render('killed by signal 9 status 500'), 'killed by signal 9 status 500', 'no label, no change');
});

t.test('digits mask words, except names that carry a digit', async (t) => {
  t.equal(render('Booting worker with pid: 55'), 'Booting worker with pid: <*>');
  t.equal(render('10.0.0.7:443 open through proxy proxy.example.org:3128 SOCKS5'), '<*>.<*>.<*>.<*>:<*> open through proxy <*>:<*> SOCKS5');
  t.equal(render('Failed password for root from 10.0.0.7 port 40022 ssh2'), 'Failed password for root from <*>.<*>.<*>.<*> port <*> ssh2');
  t.equal(render('Worker with pid 9 was terminated due to signal 9'), 'Worker with pid <*> was terminated due to signal 9');
});

t.test('an identifier of words and names joined by `_` is a name; a number among its parts makes it an id', async (t) => {
  t.equal(render('jk2_init() Found child 6725 in scoreboard slot 10'), 'jk2_init() Found child <*> in scoreboard slot <*>');
  t.equal(render('ip6_tables: (C) 2000-2006 Netfilter Core Team'), 'ip6_tables: (C) <*>-<*> Netfilter Core Team');
  t.equal(render('Block broadcast_0_piece0 stored as bytes in memory'), 'Block <*> stored as bytes in memory');
  t.equal(render('Receiving block blk_3587 src: /10.0.0.1:40524'), 'Receiving block <*> src: <*>:<*>');
  t.equal(render('no such table ab3_'), 'no such table <*>', 'an empty part is no name');
});

t.test('a word and a dash before a number keep the word: what the value is stays readable', async (t) => {
  t.equal(render('NIFF: node node-129 detected a failed network connection'), 'NIFF: node node-<*> detected a failed network connection');
  t.equal(render('connected to ip-10-0-3-17 on port 5432'), 'connected to ip-<*> on port <*>');
  t.equal(render('charset UTF-8 not supported'), 'charset UTF-<*> not supported');
  // Hex letters only before the dash: the start of an id, not a word.
  t.equal(render('request deadbeef-1234-4bcd-9aaa-0123456789ab done'), 'request <*> done');
  t.equal(render('pod x9-77 ready'), 'pod <*> ready', 'a name with a digit before the dash is no word');
});

t.test('numbers joined by dashes are one number each, as the parts of a time are', async (t) => {
  t.equal(render('2023-11-02 08:15:04.331 updater[4410/0x7000a1] [lvl=2] check done'), '<*>-<*>-<*> <*>:<*>:<*>.<*> updater[<*>/<*>] [lvl=<*>] check done');
  t.equal(render('draining nodes:rack-[16-47] for job 88'), 'draining nodes:rack-[<*>-<*>] for job <*>', 'a range');
  t.equal(render('ipt_conntrack (C) 1999-2004 team'), 'ipt_conntrack (C) <*>-<*> team');
  // Hex parts make an id (a UUID); inside a dotted value the dash is the value's.
  t.equal(render('request 3f1c2a9e-8d7b-4c5a-9f3e-2d1c0b9a8f7e done'), 'request <*> done');
  t.equal(render('request 12345678-1234-1234-1234-123456789012 done'), 'request <*> done', 'a UUID of decimal digits only has a part longer than a date');
  t.equal(render('running kernel 2.6.18-92.1.el5 now'), 'running kernel <*>.<*>.<*>.<*>.el5 now');
  t.equal(render('for block BP-93011-10.0.0.1-1450001:blk_7 in'), 'for block BP-<*>.<*>.<*>.<*>:<*> in');
  t.equal(render('RSSI -71 dBm'), 'RSSI <*> dBm', 'a sign is the number\'s');
});

t.test('a dash that ends a word is not part of its value', async (t) => {
  t.equal(render('__52-[Engine handleEvent:]_block_invoke got 3'), '<*>-[Engine handleEvent:]_block_invoke got <*>');
  t.equal(render('mapped 0x7f00a000->0x7f00b000 done'), 'mapped <*>-><*> done');
});

t.test('a word and a dash before one or two letters and a number keep the word', async (t) => {
  t.equal(render('targeting domains:rack-B7 now'), 'targeting domains:rack-<*> now');
  t.equal(render('build for win-x64 done'), 'build for win-<*> done');
  t.equal(render('route from CORP-LAPTOP7/10.0.0.2 to x'), 'route from <*>/<*>.<*>.<*>.<*> to x', 'a longer word after the dash: a name of its own');
});

t.test('numbers joined by slashes are a date, not a path', async (t) => {
  t.equal(render('wake 2021/3/14 06:00:01, sleep 2021/3/14 05:41:10'), 'wake <*>/<*>/<*> <*>:<*>:<*>, sleep <*>/<*>/<*> <*>:<*>:<*>');
  t.equal(render('00000042@2021/3/14:06:00:01.250 Session started'), '<*>@<*>/<*>/<*>:<*>:<*>:<*>.<*> Session started');
  t.equal(render('opened logs/2021/3/14 and archive/7/8'), 'opened <*> and <*>', 'a word among the segments: a path');
  t.equal(render('read /proc/4410/fd/7 failed'), 'read <*> failed');
});

t.test('an IPv6 address is one variable, hex-letter groups included', async (t) => {
  t.equal(render('Addr: 2001:db8:85a3:1:c6b3:1ff:fecd:467f ok'), 'Addr: <*> ok');
  t.equal(render('Addr: 2001:db8:85a3:1:c6b3:1ff:abcd:467f ok'), 'Addr: <*> ok', 'another address, the same tokens');
  t.equal(render('transitions for interface en1 (FE80:0000:0000:0000:C6B3:01FF:FECD:467F)'), 'transitions for interface en1 (<*>)');
  t.equal(render('changed: v6(en1:2001:db8:85a3:1:c6b3:1ff:fecd:467f) DNS'), 'changed: <*>(en1:<*>) DNS');
  t.equal(render('listening on [fe80::1c2f:9aff:fe3e:5]:8443'), 'listening on [<*>]:<*>');
  t.equal(render('peer ::ffff:10.0.0.1 connected'), 'peer <*>.<*>.<*>.<*> connected', 'an IPv4 inside keeps its own parts');
  // No `::` and fewer than seven colons, or names that are not hex groups: not an address.
  t.equal(render('at 17:08:20.5 done'), 'at <*>:<*>:<*>.<*> done');
  t.equal(render('en1::IOInterface::postMessage changed'), 'en1::IOInterface::postMessage changed');
  t.equal(render('Cache::bad::add of 3'), 'Cache::bad::add of <*>');
  t.equal(render('BridgeType2::waitForGo2 - retries = 7'), '<*>::<*> - retries = <*>', 'names with digits around `::`');
  t.equal(render('Foo::add called with 3'), 'Foo::add called with <*>');
});

t.test('paths, URL tails and date names are variables too', async (t) => {
  t.equal(render('Deleting block blk_123 file /data/dfs/current/subdir7/blk_123'), 'Deleting block <*> file <*>');
  t.equal(render('Accepted socket connection from /10.0.0.9:52100'), 'Accepted socket connection from <*>:<*>');
  t.equal(render("removing device node '/udev/sda1'"), "removing device node '<*>'");
  // A relative path glued to what comes before it, `/` or `\` separated: three segments or more.
  t.equal(render("Loading hive into key '{guid}ROOT/Device/Windows/config/SYSTEM' now"), "Loading hive into key '{guid}<*>' now");
  t.equal(render('Reading C:\\Windows\\Logs\\CBS done'), 'Reading C:<*> done');
  t.equal(render('mapped 4G/4G trampoline via PIIX/ICH and read/write'), 'mapped <*>/<*> trampoline via PIIX/ICH and read/write', 'one separator: a ratio or a pair');
  t.equal(render('Input split: hdfs://namenode:9000/data/part-00001:0+1024'), 'Input split: hdfs://<*>');
  t.equal(render('connection from 10.0.0.1 () at Fri Jun 17 07:07:00 2005'), 'connection from <*>.<*>.<*>.<*> () at <*>');
  t.equal(render('10.0.0.1 - - [15/Mar/2023:09:42:07 +0000] "GET /api/v1/items HTTP/1.1" 200 2'), '<*>.<*>.<*>.<*> - - [<*>/<*>/<*>:<*>:<*>:<*> +<*>] "GET <*>" 200 <*>');
  t.equal(render('May I have a word'), 'May I have a word', 'a month name away from a date is a word');
});

t.test('a date and time written out with a day or month name is one variable', async (t) => {
  t.equal(render('session for guest timed out after 900 seconds at Sat Jun 18 02:23:10 2005'), 'session for guest timed out after <*> seconds at <*>');
  t.equal(render('chip reset: status=M Fri Jul 01 08:16:53 PDT 2005, retrying'), 'chip reset: status=M <*>, retrying', 'date(1) with its zone; the comma after it stays');
  t.equal(render('kernel #1 SMP Sat May 8 09:04:50 EDT 2004 booted'), 'kernel #<*> SMP <*> booted');
  t.equal(render('token issued (Mon, 03 Jan 2022 10:00:00 +0000) ok'), 'token issued (<*>) ok', 'RFC 2822, in parentheses');
  t.equal(render('backup at 17 Jun 2005 07:07 done'), 'backup at <*> done');
  // A time alone, a date without a time, a numeric date: each part stays its own variable.
  t.equal(render('retry at 07:07:00 then 10 more'), 'retry at <*>:<*>:<*> then <*> more');
  t.equal(render('expires Jun 17 2005'), 'expires <*> <*> <*>');
  t.equal(render('built on 2013-06-10 17:26:01 GMT'), 'built on <*>-<*>-<*> <*>:<*>:<*> <*>');
  t.equal(render('on Jun 17 peers rejoined at 10:00:00'), 'on <*> <*> peers rejoined at <*>:<*>:<*>', 'a time away from the date is no run');
});

t.test('a list of variables is one variable, whatever its length', async (t) => {
  const one = render('ask 10.0.0.1:50010 to delete blk_1 blk_2');
  t.equal(one, 'ask <*>.<*>.<*>.<*>:<*> to delete <*>');
  t.equal(render('ask 10.0.0.1:50010 to delete blk_1 blk_2 blk_3 blk_4 blk_5'), one);
  const long = 'ask 10.0.0.1:50010 to delete ' + Array.from({ length: 300 }, (_, i) => `blk_${i * 7919}`).join(' ');
  t.equal(render(long), one, 'a list cut at the template limit still folds');
});

t.test('bare numbers side by side are fields, each its own variable', async (t) => {
  t.equal(render('fan speeds ( 3552 3534 3375 3515 3479 )'), 'fan speeds ( <*> <*> <*> <*> <*> )');
  t.equal(render('onExtend:1514038530000 14 0 4'), 'onExtend:<*> <*> <*> <*>');
});

t.test('a labelled quoted value with spaces is one token', async (t) => {
  t.same(clusterTokens('acquire lock=3, tag="View Lock", name=ui'), ['acquire', 'lock=<*>,', 'tag="View Lock",', 'name=ui']);
  t.same(clusterTokens('acquire lock=3, tag="View Lock, name=ui'), ['acquire', 'lock=<*>,', 'tag="View', 'Lock,', 'name=ui'], 'unclosed: nothing joins');
  t.same(clusterTokens('say "hello there" now'), ['say', '"hello', 'there"', 'now'], 'no label: words');
});

t.test('a list of items of one shape is one item, whatever its length', async (t) => {
  // Stack frames: dotted names with a line number, each frame its own method.
  const frames = render('Closing window Popup called by com.example.wm.Window.close:120 com.example.wm.Service.remove:88 com.example.wm.Session.remove:31');
  t.equal(frames, 'Closing window Popup called by <*>', 'frames of different methods: a list of values, one variable');
  t.equal(render('Closing window Popup called by com.example.wm.Window.close:120 com.example.wm.Service.remove:88 com.example.wm.Session.remove:31 android.os.Binder.exec:9 android.os.Looper.loop:77'), frames);
  // Groups of tokens: a node, its state word and a marker, repeated.
  const nodes = render('inconsistent nodesets node-1 0x1f <ok> node-2 0x2f <ok>');
  t.equal(nodes, 'inconsistent nodesets node-<*> <*> <ok>');
  t.equal(render('inconsistent nodesets node-1 0x1f <ok> node-2 0x2f <ok> node-7 0x3f <ok> node-9 0xff <ok>'), nodes);
  // Fields with their own names are not a list, nor is prose.
  const fields = 'Notification: 1 (n.leader), 0x1 (n.zxid), 0x2 (n.round), LOOKING (n.state)';
  t.equal(render(fields), 'Notification: <*> (n.leader), <*> (n.zxid), <*> (n.round), LOOKING (n.state)');
  t.equal(render('the quick brown fox jumps over the lazy dog again and again'), 'the quick brown fox jumps over the lazy dog again and again');
  t.equal(render('Memory: 125312k/129720k available (1540k kernel code, 3860k reserved)'), 'Memory: <*>/<*> available (<*> kernel code, <*> reserved)');
  // Items of a list share their wording: values glued to different words are fields.
  t.equal(render('cancel pid 28601,uid = 10111,tag = null,pkg =com.example.app,id =121'), 'cancel pid <*>,uid = <*>,tag = null,pkg =com.example.app,id =<*>');
  // Bare values in punctuation, nothing naming them: fields, each its own variable.
  t.equal(render('requery, 0, 0, 0, 0, 250, items, retries, 0'), 'requery, <*>, <*>, <*>, <*>, <*>, items, retries, <*>');
  t.equal(render('USB identifier: 000000000820 0x5ac 0x8406 0x820, 3'), 'USB identifier: <*> <*> <*> <*>, <*>');
});

t.test('host names, hex byte sequences and time zones are variables; packages and keys are not', async (t) => {
  t.equal(render('reverse mapping checking getaddrinfo for ns.example.com [10.0.0.7] failed'), 'reverse mapping checking getaddrinfo for <*> [<*>.<*>.<*>.<*>] failed');
  t.equal(render('rhost=dsl-10-0-0-7.example.net.om user=root'), 'rhost=<*> user=root');
  t.equal(render('proxy.example.org:3128 open'), '<*>:<*> open');
  t.equal(render('mapred.job.id is deprecated. Instead, use mapreduce.job.id'), 'mapred.job.id is deprecated. Instead, use mapreduce.job.id');
  t.equal(render('Registering class org.apache.hadoop.Foo'), 'Registering class org.apache.hadoop.Foo');
  t.equal(render('chip status changed: FF:F2:9F:16:E2:23:00:0D status=M Fri Jul 01 08:16:53 PDT 2005'), 'chip status changed: <*> status=M <*>');
  t.equal(render('Slf4jLogger started'), 'Slf4jLogger started');
  t.equal(render('Auditing resources for node cp-1.rack2.lab-a.example.us'), 'Auditing resources for node <*>');
  t.equal(render("sync for host 'web3.dc.example.de' did not match"), "sync for host '<*>' did not match");
  t.equal(render('use mapreduce.task.attempt.id instead'), 'use mapreduce.task.attempt.id instead', 'a config key under a two-letter last label');
});

t.test("a request line's protocol joins its target's variable; the method stays", async (t) => {
  // oslo.service's wsgi format: `%(client_ip)s "%(request_line)s" status: ... len: ... time: ...`.
  t.equal(
    render('192.0.2.10 "GET /v2/9a8b7c6d5e4f/servers/detail HTTP/1.1" status: 200 len: 2204 time: 0.1832046'),
    '<*>.<*>.<*>.<*> "GET <*>" status: <*> len: <*> time: <*>.<*>',
  );
  t.equal(render('192.0.2.10 "DELETE /v2/9a8b7c6d5e4f/servers/1f2e HTTP/1.0" status: 204 len: 0 time: 0.1'), '<*>.<*>.<*>.<*> "DELETE <*>" status: <*> len: <*> time: <*>.<*>');
  t.equal(render('10.0.0.9 - - [15/Mar/2023:12:06:51 +0900] "POST /api/v1/items HTTP/2" 201 831'), '<*>.<*>.<*>.<*> - - [<*>/<*>/<*>:<*>:<*>:<*> +<*>] "POST <*>" 201 <*>', 'HTTP/2, combined format: the status stays');
  t.equal(render('(GET /healthz HTTP/1.1 200)'), '(GET <*> 200)', 'uWSGI: a bracketed request');
  t.equal(render('10.0.0.9 "GET / HTTP/1.1" 200 12'), '<*>.<*>.<*>.<*> "GET / HTTP/<*>.<*>" 200 <*>', 'a target kept as written keeps its protocol');
  t.equal(render('upgrade to HTTP/2 refused'), 'upgrade to HTTP/<*> refused', 'a protocol after a word stays');
  t.equal(render('proxy sent HTTP/1.1 response'), 'proxy sent HTTP/<*>.<*> response');
});
