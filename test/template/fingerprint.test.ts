import t from 'tap';
import { maskVariables, nameKey, shapeKey, templateId, templateKey, lastTemplateId, templateOf } from '../../src/template/fingerprint.js';
import { TemplateCache } from '../../src/template/template-cache.js';

t.test('variable parts are masked, words are kept', async (t) => {
  t.equal(maskVariables('Booting worker with pid: 55'), 'Booting worker with pid: <*>');
  t.equal(maskVariables('WORKER TIMEOUT (pid:9)'), 'WORKER TIMEOUT (pid:<*>)');
  t.equal(
    maskVariables('request 3f1c2a9e-8d7b-4c5a-9f3e-2d1c0b9a8f7e from 10.1.3.97:5123 took 12.5ms'),
    'request <*> from <*>.<*>.<*>.<*>:<*> took <*>.<*>',
  );
  t.equal(maskVariables('at 2023-03-15T00:42:06.000000000Z'), 'at <*>:<*>:<*>.<*>');
  t.equal(maskVariables('no variables here'), 'no variables here');
});

t.test('numbers that carry meaning stay, so rules cached per template still see them', async (t) => {
  t.equal(
    maskVariables('Worker with pid 9 was terminated due to signal 9'),
    'Worker with pid <*> was terminated due to signal 9',
  );
  t.not(templateOf('Worker with pid 9 was terminated due to signal 9').id, templateOf('Worker with pid 9 was terminated due to signal 15').id);
  t.equal(maskVariables('process exited with code 137'), 'process exited with code 137');
  t.equal(
    maskVariables('10.1.0.7 - - [15/Mar/2023:09:42:16 +0900] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.25"'),
    '<*>.<*>.<*>.<*> - - [<*>/Mar/<*>:<*>:<*>:<*> +<*>] "GET /healthz HTTP/<*>.<*>" 200 <*> "-" "kube-probe/<*>.<*>"',
  );
});

t.test('the hash key matches the text hash, so ids are stable across runs and processes', async (t) => {
  for (const m of ['Booting worker with pid: 55', 'signal 9 pid 10', 'x'.repeat(3000) + ' 12', '', 'päth ✓ 42']) {
    templateKey(m);
    t.equal(lastTemplateId(), templateId(maskVariables(m)), m.slice(0, 30));
  }
  t.equal(templateOf('Booting worker with pid: 9').id, templateOf('Booting worker with pid: 12345').id);
  t.match(templateOf('a').id, /^[0-9a-f]{16}$/);
});

t.test('the template cache is bounded and keeps hot templates', async (t) => {
  const cache = new TemplateCache(100);
  const hot = cache.get('hot message 1');
  for (let i = 0; i < 1000; i++) {
    cache.get(`cold message kind${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i / 26) | 0) % 26)} 1`);
    cache.get('hot message ' + i);
  }
  t.ok(cache.size <= 100, `size ${cache.size}`);
  t.ok(cache.evictions > 0);
  t.equal(cache.get('hot message 77'), hot, 'a template used all along survives eviction');
});

t.test('nameKey: the names with a digit of a message, which the shape masks', async (t) => {
  t.equal(nameKey('worker 12 exited with code 3'), 0, 'numbers are values, not names');
  t.equal(nameKey('link up on eth0 (speed 1000)'), nameKey('link up on eth0 (speed 10)'));
  t.not(nameKey('link up on eth0'), nameKey('link up on wlan1'));
  t.not(nameKey('proxy via SOCKS5'), 0);
  t.equal(shapeKey('link up on eth0'), shapeKey('link up on wlan1'), 'one shape for both');
});
