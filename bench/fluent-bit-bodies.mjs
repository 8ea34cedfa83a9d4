// Request bodies as Fluent Bit's `http` output sends them, built once from the realistic workload
// and cached in bench/out/realistic-<lines>/bodies-<format>-<records>.bin (+ .idx.json): records as
// tail (CRI parser) + the kubernetes filter make them, one pod per request (a request is one chunk,
// and a chunk is one tag = one container file), up to 1,000 records each, in the pods' own order.
//   msgpack          [[EventTime, {}], record] events back to back (Fluent Bit 2.1+)
//   json             one JSON array, `date` (seconds, double) first in each record
//   json_lines+gzip  one JSON object per line with `date`, gzip'd (Content-Encoding: gzip)
// The expected per-pod counts of the records used are written beside them (expected-<records>.json).
import { createReadStream, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { Packr } from 'msgpackr';

export const FORMATS = {
  msgpack: { contentType: 'application/msgpack', encoding: undefined },
  json: { contentType: 'application/json', encoding: undefined },
  'json_lines+gzip': { contentType: 'application/x-ndjson', encoding: 'gzip' },
};
const PER_REQUEST = 1000;
const T0 = Date.UTC(2023, 2, 15, 0, 0, 0);
const packr = new Packr({ useRecords: false });

/** Reads the workload's first `records` records as request batches (one pod each). */
async function batches(jsonl, records) {
  const pending = new Map();
  const out = [];
  const expected = { per_pod_lifecycle: {} };
  let n = 0;
  const rl = createInterface({ input: createReadStream(jsonl), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line) continue;
    if (n >= records) break;
    const r = JSON.parse(line);
    const k = r.kubernetes;
    const ms = T0 + n * 40;
    const e = (expected.per_pod_lifecycle[k.pod_name] ??= { booting: 0, worker_timeout: 0, signal_9: 0 });
    if (r.log.includes('Booting worker with pid')) e.booting++;
    if (r.log.includes('WORKER TIMEOUT')) e.worker_timeout++;
    if (/was terminated due to signal 9$/.test(r.log)) e.signal_9++;
    const record = {
      time: new Date(ms).toISOString().replace('Z', '000000Z'),
      stream: /^\d+\.\d+\.\d+\.\d+ - - \[/.test(r.log) ? 'stdout' : 'stderr',
      _p: 'F',
      log: r.log,
      kubernetes: {
        pod_name: k.pod_name,
        namespace_name: k.namespace_name,
        pod_id: `3f1e2d4c-5b6a-4789-9abc-${k.labels['pod-template-hash'].padEnd(12, '0').slice(0, 12)}`,
        labels: k.labels,
        host: 'node-1',
        container_name: k.container_name,
        docker_id: k.labels['pod-template-hash'].padEnd(64, 'a'),
        container_image: `registry.example/${k.container_name}:1.4.2`,
      },
    };
    let b = pending.get(k.pod_name);
    if (!b) pending.set(k.pod_name, (b = []));
    b.push({ ms, record });
    if (b.length >= PER_REQUEST) {
      out.push(b);
      pending.delete(k.pod_name);
    }
    n++;
  }
  for (const b of pending.values()) out.push(b);
  return { batches: out, records: n, expected };
}

function encode(format, batch) {
  if (format === 'msgpack') {
    return Buffer.concat(
      batch.map(({ ms, record }) => {
        const head = Buffer.alloc(13);
        head[0] = 0x92;
        head[1] = 0x92;
        head[2] = 0xd7;
        head[3] = 0x00;
        head.writeUInt32BE(Math.floor(ms / 1000), 4);
        head.writeUInt32BE((ms % 1000) * 1e6, 8);
        head[12] = 0x80;
        return Buffer.concat([head, packr.pack(record)]);
      }),
    );
  }
  const withDate = batch.map(({ ms, record }) => ({ date: ms / 1000, ...record }));
  if (format === 'json') return Buffer.from(JSON.stringify(withDate));
  return gzipSync(withDate.map((r) => JSON.stringify(r) + '\n').join(''));
}

/** { file, index: [{ offset, length, records }], records, expected } for one format, built if missing. */
export async function fluentBitBodies(w, format, records) {
  const base = join(w.dir, `bodies-${format}-${records}`);
  const expectedFile = join(w.dir, `expected-${records}.json`);
  if (!existsSync(base + '.idx.json') || !existsSync(expectedFile)) {
    const b = await batches(w.jsonl, records);
    const fd = openSync(base + '.bin.tmp', 'w');
    const index = [];
    let offset = 0;
    for (const batch of b.batches) {
      const body = encode(format, batch);
      writeSync(fd, body);
      index.push({ offset, length: body.length, records: batch.length });
      offset += body.length;
    }
    closeSync(fd);
    renameSync(base + '.bin.tmp', base + '.bin');
    writeFileSync(expectedFile, JSON.stringify({ records: b.records, ...b.expected }));
    writeFileSync(base + '.idx.json', JSON.stringify(index));
  }
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
  return { file: base + '.bin', index: JSON.parse(readFileSync(base + '.idx.json', 'utf8')), records: expected.records, expected, ...FORMATS[format] };
}
