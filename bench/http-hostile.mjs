// Hostile bodies against `logsift serve` (dist/): status, the slowest /healthz answer while the
// body is handled, and RSS after. Issue 8 asks for /healthz under 100 ms and RSS back under
// 300 MB. Wall-clock figures: on a loaded machine they include waiting for a core.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import snappy from 'snappyjs';
import { serveHeapFlags } from './support/measure.mjs';

const here = new URL('.', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'logsift-hostile-'));
const config = join(dir, 'logsift.yaml');
writeFileSync(config, 'input:\n  stdin:\n    enabled: false\n  http:\n    port: 0\nexport:\n  prometheus:\n    enabled: false\nlog:\n  level: info\n');
// With serve's own heap flags, so child.pid is the serving process (no relaunch).
const child = spawn(process.execPath, [...(await serveHeapFlags()), join(here, '..', 'dist', 'cli', 'main.js'), 'serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
const url = await new Promise((resolve, reject) => {
  child.stderr.on('data', (d) => {
    stderr += d;
    const m = /"http":"(http:\/\/[^"]+)"/.exec(stderr);
    if (m) resolve(m[1]);
  });
  child.on('exit', () => reject(new Error(stderr)));
});
// Warm up the client side (the first fetch sets up the HTTP client), so the first row measures the server.
for (let i = 0; i < 5; i++) await fetch(url + '/healthz');
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;

async function measure(name, send) {
  let slowest = 0;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const t0 = performance.now();
      await fetch(url + '/healthz');
      slowest = Math.max(slowest, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const statuses = await send();
  polling = false;
  await poller;
  await new Promise((r) => setTimeout(r, 2000));
  return { case: name, statuses: [...new Set(statuses)].join('/'), 'slowest /healthz ms': slowest.toFixed(0), 'RSS after MiB': rss().toFixed(0) };
}

const post = (body, type, encoding) =>
  fetch(url + '/', { method: 'POST', headers: { 'content-type': type, 'content-encoding': encoding }, body }).then((r) => r.status);

const zstdHeader = [0x28, 0xb5, 0x2f, 0xfd, 0x00, (20 << 3) | 7];
const tenBytes = Buffer.from([...zstdHeader, 0x03, 0x00, 0x00, 0x00]);
const manyBlocks = Buffer.from([...zstdHeader, ...Array(52).fill([0x00, 0x00, 0x00]).flat(), 0x03, 0x00, 0x00, 0x00]);
const line = (i) => JSON.stringify({ date: 1795534609 + i / 1000, log: `[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: ${i} ${'x'.repeat(i % 200)}` }) + '\n';
let text = '';
for (let i = 0; text.length < 60 * 1024 * 1024 && i < 240_000; i++) text += line(i);
const snappyBody = Buffer.from(snappy.compress(Buffer.from(text)));
// Fluent Bit's default `json` format: one array.
const arrayText = '[' + text.trimEnd().split('\n').join(',') + ']';
const snappyArray = Buffer.from(snappy.compress(Buffer.from(arrayText)));
const bomb = gzipSync(Buffer.alloc(1024 * 1024 * 1024), { level: 9 });

const rows = [{ case: 'idle', statuses: '-', 'slowest /healthz ms': '-', 'RSS after MiB': rss().toFixed(0) }];
rows.push(await measure('zstd 10 bytes, 1.9 GB window', async () => [await post(tenBytes, 'application/json', 'zstd')]));
rows.push(await measure('zstd 166 bytes, 53 blocks', async () => [await post(manyBlocks, 'application/json', 'zstd')]));
rows.push(await measure(`snappy ${(text.length / 1048576).toFixed(0)} MiB json_lines`, async () => [await post(snappyBody, 'application/x-ndjson', 'snappy')]));
rows.push(await measure(`snappy ${(arrayText.length / 1048576).toFixed(0)} MiB json array`, async () => [await post(snappyArray, 'application/json', 'snappy')]));
rows.push(await measure('ten parallel 1 GiB gzip bombs', () => Promise.all(Array.from({ length: 10 }, () => post(bomb, 'application/x-ndjson', 'gzip')))));
child.kill('SIGTERM');
console.log('\nhostile HTTP bodies (logsift serve, defaults)');
console.table(rows);
