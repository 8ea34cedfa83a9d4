import t from 'tap';
import { isCapitalWord, mergeTokens, tokenMatches } from '../../src/template/token-match.js';

t.test('a template token matches the tokens that fill its variables', async (t) => {
  t.ok(tokenMatches('<*>', 'anything'));
  t.ok(tokenMatches('user=<*>', 'user=root'));
  t.ok(tokenMatches('rhost=<*>', 'rhost='), 'a variable may be empty');
  t.ok(tokenMatches('<*>:<*>', '<*>.<*>.<*>.<*>:<*>'));
  t.ok(tokenMatches('(<*>)', '(host.example.org)'));
  t.notOk(tokenMatches('user=<*>', 'uid=0'));
  t.notOk(tokenMatches('(<*>)', '(x'));
  t.notOk(tokenMatches('root', 'uucp'));
});

t.test('two tokens generalise to their shared label or punctuation around <*>', async (t) => {
  t.equal(mergeTokens('user=root', 'user=uucp'), 'user=<*>');
  t.equal(mergeTokens('proxy.example.org:<*>', 'www.example.com:<*>'), '<*>:<*>');
  t.equal(mergeTokens('(d1.example.net)', '()'), '(<*>)');
  t.equal(mergeTokens('webmaster', 'test'), '<*>');
  t.equal(mergeTokens('(<*>.<*>', '(<*>'), '(<*>');
  t.equal(mergeTokens('"python-requests/<*>.<*>.<*>"', '"curl/<*>.<*>"'), '"<*>.<*>"');
  t.equal(mergeTokens('tag="RILJ_ACK_WL",', 'tag="SCREEN_FROZEN",'), 'tag="<*>",', 'the quote that opens the value stays with its label');
});

t.test('two dotted names under one namespace keep the labels they share', async (t) => {
  t.equal(mergeTokens('org.apache.hadoop.mapreduce.jobhistory.EventType', 'org.apache.hadoop.mapreduce.<*>.app.JobEventType'), 'org.apache.hadoop.mapreduce.<*>');
  t.equal(mergeTokens('(com.apple.mdworker.shared)', '(com.apple.photoanalysisd)'), '(com.apple.<*>)');
  t.equal(mergeTokens('com.tencent.mobileqq', 'com.android.phone'), '<*>', 'one shared label is no namespace');
  t.equal(mergeTokens('a.b.c-d', 'a.b.x'), '<*>', 'not a dotted name: a dash in it');
  t.equal(mergeTokens('conf.retries', 'conf.timeout'), '<*>', 'one dot: a key, no namespace');
});

t.test('words in capitals are keywords', async (t) => {
  for (const w of ['FOLLOWING', 'HTTPS', 'SOCKS5', 'TASK_ABORT', '[ERROR]']) t.ok(isCapitalWord(w), w);
  for (const w of ['Failed', 'root', 'B', '<*>', '-']) t.notOk(isCapitalWord(w), w);
});
