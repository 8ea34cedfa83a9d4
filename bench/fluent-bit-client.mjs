// The sender of the HTTP benchmark, in its own process (as Fluent Bit is): posts the cached bodies
// (bench/fluent-bit-bodies.mjs) to logsift over `connections` keep-alive connections, each body
// retried after a short pause while logsift answers 503 (Fluent Bit retries later; here "later" is
// 20 ms so the sender is never the bottleneck). Forked by bench/serve-realistic.mjs; reports
// { records, requests, retries, failures, seconds } on its IPC channel.
import { closeSync, openSync, readSync } from 'node:fs';
import { Agent, request } from 'node:http';

process.once('message', async ({ url, file, index, contentType, encoding, connections }) => {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const fd = openSync(file, 'r');
  const headers = { 'content-type': contentType, ...(encoding ? { 'content-encoding': encoding } : {}) };
  let next = 0;
  let records = 0;
  let retries = 0;
  let failures = 0;
  const t0 = performance.now();
  const post = (body) =>
    new Promise((resolve) => {
      const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', () => resolve(0));
      req.end(body);
    });
  const lane = async () => {
    while (next < index.length) {
      const { offset, length, records: n } = index[next++];
      const body = Buffer.allocUnsafe(length);
      readSync(fd, body, 0, length, offset);
      for (;;) {
        const status = await post(body);
        if (status === 200) {
          records += n;
          break;
        }
        if (status === 503 || status === 0) {
          retries++;
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        failures++;
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, lane));
  closeSync(fd);
  agent.destroy();
  process.send({ records, requests: index.length, retries, failures, seconds: (performance.now() - t0) / 1000 }, () => process.exit(0));
});
