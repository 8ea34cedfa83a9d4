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

t.test('an HTTP status stays where request logs other than the combined format put it', async (t) => {
  const kept: Array<[string, string]> = [
    // uWSGI: "... => generated %llu bytes in %llu msecs (%s %d) ..."
    ['[pid: 53|app: 0|req: 6/5] 10.0.0.1 () {38 vars in 581 bytes} [Mon Jan 15 01:14:23 2018] GET /a => generated 2 bytes in 5 msecs (HTTP/1.1 503) 2 headers in 64 bytes (1 switches on core 0)', '(HTTP/<*>.<*> 503)'],
    // an nginx log_format with the upstream address between the request and the status
    ['10.0.0.1 - - [15/Jan/2021:18:19:14 +0800] "GET / HTTP/2.0" 10.42.0.12:8080 502 384 1089 "-" "curl/8.0"', '<*>.<*>.<*>.<*>:<*> 502'],
    // a HAProxy log-format with the status first
    ['2020-08-25T11:58:14 10.1.1.11:9080 404 POST /orders HTTP/1.1 0', '404 POST /orders'],
    // morgan dev / tiny
    ['GET /api/users 500 12.345 ms - 45', 'GET /api/users 500'],
    // Gin, plain and coloured
    ['[GIN] 2024/03/05 - 10:02:11 | 503 |     1.203849ms |      10.42.0.1 | GET      "/healthz"', '| 503 |'],
    ['[GIN] 2024/03/05 - 10:02:11 |\x1b[97;42m 201 \x1b[0m|    1.2ms |      10.42.0.1 |\x1b[97;46m POST    \x1b[0m "/x"', ' 201 \x1b'],
    // Rails
    ['Completed 500 Internal Server Error in 12ms', 'Completed 500 Internal'],
  ];
  for (const [line, part] of kept) t.ok(maskVariables(line).includes(part), `${line.slice(0, 40)}: keeps ${part}`);
  // Not a status: sizes, durations, and three digits that merely follow a method word.
  t.equal(maskVariables('GET /x 200 123 - 4.5 ms'), 'GET /x 200 <*> - <*>.<*> ms');
  t.equal(maskVariables('POST 404 times'), 'POST <*> times');
  t.equal(maskVariables('read 200 rows'), 'read <*> rows');
  t.equal(maskVariables('"GET /x HTTP/1.1" 200 512 "-"'), '"GET /x HTTP/<*>.<*>" 200 <*> "-"');
  t.not(templateOf('GET /api/users 200 12.3 ms - 45').id, templateOf('GET /api/users 500 12.3 ms - 45').id);
});

t.test('the hash key matches the text hash, so ids are stable across runs and processes', async (t) => {
  for (const m of ['Booting worker with pid: 55', 'signal 9 pid 10', 'x'.repeat(3000) + ' 12', '', 'päth ✓ 42']) {
    templateKey(m);
    t.equal(lastTemplateId(), templateId(maskVariables(m)), m.slice(0, 30));
  }
  t.equal(templateOf('Booting worker with pid: 9').id, templateOf('Booting worker with pid: 12345').id);
  t.match(templateOf('a').id, /^[0-9a-f]{16}$/);
});

t.test('ASCII messages (read as bytes) and the others (read as chars) hash alike, up to the template limit', async (t) => {
  const record = 'pod=web-1 msg="worker 12 exited on signal 9 after 3.5 s" ✓ done';
  const sliced = record.slice(record.indexOf('"') + 1, record.lastIndexOf('"'));
  const cases = [
    sliced,
    'x'.repeat(1023) + 'é 12',
    'x'.repeat(1024) + 'é 12',
    'x'.repeat(1022) + '😀 5',
    'y'.repeat(1020) + ' 4096 z',
    'lone \ud800 surrogate 7',
    'GET /x HTTP/1.1" 200 5',
  ];
  for (const m of cases) {
    templateKey(m);
    t.equal(lastTemplateId(), templateId(maskVariables(m)), JSON.stringify(m.slice(-12)));
  }
  t.equal(shapeKey(sliced), shapeKey('worker 99 exited on signal 9 after 1.25 s'), 'a slice and a flat string of one shape');
  t.not(shapeKey('worker 99 exited on signal 9 after 1.25 s'), shapeKey('worker 99 exited on signal 15 after 1.25 s'));
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
