import t, { type Test } from 'tap';
import { Writable } from 'node:stream';
import { pack } from 'msgpackr';
import { pino } from 'pino';
import { buildConfig } from '../../../src/config/load-config.js';
import { UNKNOWN, type PodIdentity } from '../../../src/model/record.js';
import { Service } from '../../../src/service/service.js';
import type { PodSnapshot } from '../../../src/state/pod-state-store.js';
import { HEALTHY, LOOPING, fluentBitRecords } from '../../helpers/restart-records.js';
import { capturedRequest, post } from './support.js';

/*
 * Container restarts seen over HTTP, as Fluent Bit sends them: a new `kubernetes.docker_id` (and
 * a new tag, since the tail input names each file) for the same namespace/pod/container.
 */

// No OTLP inputs: their default ports (4317/4318) may be taken on a shared machine.
const config = buildConfig({ input: { http: { port: 0 }, otlp: { http: { enabled: false }, grpc: { enabled: false } } }, export: { prometheus: { enabled: false } } });
const defaultPod: PodIdentity = { namespace: UNKNOWN, pod: UNKNOWN, container: UNKNOWN };
type Rec = Record<string, unknown>;

async function withService(t: Test, send: (url: string) => Promise<void>): Promise<PodSnapshot[]> {
  const service = new Service({ config, logger: pino({ level: 'silent' }), defaultPod, stdout: new Writable({ write: (_c, _e, cb) => cb() }) });
  await service.start();
  try {
    await send(service.http.address!);
    for (let i = 0; i < 1000 && service.runner.queue.depth > 0; i++) await new Promise((r) => setTimeout(r, 5));
    t.equal(service.runner.queue.depth, 0, 'queue drained');
    await service.runner.flush();
    return await service.runner.snapshot(Date.now());
  } finally {
    await service.stop();
  }
}

const tagOf = (r: Rec) => {
  const k = r.kubernetes as Record<string, string>;
  return `kube.var.log.containers.${k.pod_name}_${k.namespace_name}_${k.container_name}-${k.docker_id}.log`;
};

/** Records batched per tag, as Fluent Bit flushes each tail file's chunk. */
function batches(): { tag: string; records: Rec[] }[] {
  const out: { tag: string; records: Rec[] }[] = [];
  for (const r of fluentBitRecords()) {
    const tag = tagOf(r);
    if (out.at(-1)?.tag === tag) out.at(-1)!.records.push(r);
    else out.push({ tag, records: [r] });
  }
  return out;
}

/** Fluent Bit's event format: `[[EventTime, {}], record]`. */
function msgpackEvent(rec: Rec): Buffer {
  const seconds = rec.date as number;
  const head = Buffer.alloc(13);
  head[0] = 0x92;
  head[1] = 0x92;
  head[2] = 0xd7;
  head[3] = 0x00;
  head.writeUInt32BE(Math.floor(seconds), 4);
  head.writeUInt32BE(Math.round((seconds % 1) * 1e9), 8);
  head[12] = 0x80;
  const { date: _date, ...record } = rec;
  return Buffer.concat([head, pack(record)]);
}

function check(t: Test, snap: PodSnapshot[]): void {
  const looping = snap.find((s) => s.pod.pod === LOOPING.pod);
  t.equal(looping?.totals.restart, 3, 'four docker ids: three restarts');
  t.match(looping?.loop, { active: true, cause: 'crash_loop', evidence: '3 container restarts in 5m' });
  t.match(looping?.loop.hint, /look at the container's last state: kubectl describe pod/);
  t.notOk(snap.some((s) => s.pod.pod === HEALTHY.pod && s.totals.restart > 0), 'the healthy pod never restarts');
}

void t.test('json_lines and msgpack batches with a changing kubernetes.docker_id', async (t) => {
  const encoders: Record<string, (records: Rec[]) => [string, Buffer]> = {
    json_lines: (rs) => ['application/x-ndjson', Buffer.from(rs.map((r) => JSON.stringify(r) + '\n').join(''))],
    msgpack: (rs) => ['application/msgpack', Buffer.concat(rs.map(msgpackEvent))],
  };
  for (const [name, encode] of Object.entries(encoders)) {
    const snap = await withService(t, async (url) => {
      for (const b of batches()) {
        const [type, body] = encode(b.records);
        const a = await post(url, type, body, [['X-Fluent-Tag', b.tag]]);
        t.equal(a.status, 200, `${name} ${b.tag.slice(-20)}`);
      }
    });
    check(t, snap);
  }
});

void t.test('the captured requests, replayed with four container ids in the tag and the kubernetes map', async (t) => {
  const CAPTURED_ID = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
  const CAPTURED_TAG_ID = '-0123456789abcdef.log';
  const ids = ['a', 'b', 'c', 'd'].map((c) => c.repeat(64));
  for (const name of ['json_lines_header_tag', 'msgpack_header_tag']) {
    const captured = capturedRequest(name);
    const original = captured.body.toString('latin1');
    t.ok(original.includes(CAPTURED_ID), `${name}: the sixth record carries docker_id`);
    const snap = await withService(t, async (url) => {
      for (const id of ids) {
        // Same length: the msgpack string header stays valid.
        const body = Buffer.from(original.replace(CAPTURED_ID, id), 'latin1');
        const headers = captured.headers
          .filter(([k]) => !['host', 'content-length'].includes(k.toLowerCase()))
          .map(([k, v]): [string, string] => [k, k.toLowerCase() === 'x-fluent-tag' ? v.replace(CAPTURED_TAG_ID, `-${id}.log`) : v]);
        const contentType = headers.find(([k]) => k.toLowerCase() === 'content-type')![1];
        const a = await post(url, contentType, body, headers.filter(([k]) => k.toLowerCase() !== 'content-type'));
        t.equal(a.status, 200, a.body);
      }
    });
    const web = snap.find((s) => s.pod.pod === 'web-7d4b9c-abcde');
    t.equal(web?.totals.restart, 3, `${name}: a restart per new id, whether it came from the tag or the map`);
    t.equal(web?.loop.cause, 'starved_workers', `${name}: the gunicorn lines in them still say why`);
  }
});
