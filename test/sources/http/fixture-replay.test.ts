import t from 'tap';
import type { PodIdentity } from '../../../src/model/record.js';
import {
  FIXTURE_MAP_POD,
  FIXTURE_TAG_POD,
  capturedRequest,
  decodedFixture,
  drain,
  fixtureCases,
  send,
  startSource,
} from './support.js';

/**
 * Replays every captured Fluent Bit request byte for byte (method, path, headers in their
 * order, body) against the running source and checks what reached the ingest queue against
 * the fixture's decoded view (independently derived here from `<case>.decoded.json`).
 */

type Rec = Record<string, unknown>;

interface Expected {
  line: string;
  timeMs: number;
  pod?: PodIdentity;
}

/** `2026-11-24T15:36:48.143960Z` (iso8601) or `2026-11-24 15:36:59.480809` (java_sql_timestamp, UTC). */
function isoMs(s: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z?$/.exec(s);
  if (!m) throw new Error('unexpected date in fixture: ' + s);
  return Date.parse(`${m[1]}T${m[2]}Z`) + (m[3] ? Number('0.' + m[3]) * 1000 : 0);
}

function expectedTime(view: Rec): number {
  if (typeof view.timestamp_ns === 'number') return view.timestamp_ns / 1e6;
  const v = view.date ?? view.ts ?? view.timestamp;
  if (typeof v === 'number') return v > 1e11 ? v : v * 1000; // epoch_ms vs seconds
  if (typeof v === 'string') return isoMs(v);
  throw new Error('no time in fixture record');
}

function podOfMap(k: Rec): PodIdentity {
  return { namespace: String(k.namespace_name), pod: String(k.pod_name), container: String(k.container_name), node: String(k.host) };
}

function expectedEntries(name: string, tagged: boolean): Expected[] {
  return decodedFixture(name).records.map((view) => {
    const rec = (view.record as Rec | undefined) ?? view;
    let line = String(rec.log ?? rec.short_message);
    // The Python view shows msgpack's raw invalid bytes ff fe as `\xff\xfe`; decoded text
    // carries U+FFFD for each, as Fluent Bit's own JSON writer does (special_chars_json_lines_noescape).
    line = line.replace('\\xff\\xfe', '\uFFFD\uFFFD');
    let pod: PodIdentity | undefined;
    if (rec.kubernetes) pod = podOfMap(rec.kubernetes as Rec);
    else if (rec._kubernetes_pod_name) {
      pod = podOfMap({
        namespace_name: rec._kubernetes_namespace_name,
        pod_name: rec._kubernetes_pod_name,
        container_name: rec._kubernetes_container_name,
        host: rec._kubernetes_host,
      });
    } else if (tagged) pod = FIXTURE_TAG_POD;
    return { line, timeMs: expectedTime(view), pod };
  });
}

const BASIC_AUTH = { user: 'logsift', password: 's3cr3t-p@ss' };

for (const name of fixtureCases()) {
  void t.test(name, async (t) => {
    const req = capturedRequest(name);
    const tagged = req.headers.some(([k]) => k.toLowerCase() === 'x-fluent-tag');
    const basic = req.headers.some(([k]) => k.toLowerCase() === 'authorization');
    const h = await startSource({ path: new URL(req.path, 'http://x').pathname, ...(basic ? { auth: BASIC_AUTH } : {}) });
    t.teardown(() => h.source.stop());

    const answer = await send(h.url, req.method, req.path, req.headers, req.body);
    t.equal(answer.status, 200, answer.body);
    const expected = expectedEntries(name, tagged);
    t.same(JSON.parse(answer.body), { accepted: expected.length, invalid: 0 });

    t.equal(h.queue.depth, expected.length, 'one batch holding every record');
    const batch = h.queue.take() ?? [];
    t.equal(h.queue.take(), undefined);
    t.equal(batch.length, expected.length);
    for (let i = 0; i < expected.length; i++) {
      const got = batch[i];
      const want = expected[i];
      t.equal(got.line, want.line, `record ${i} body`);
      t.ok(got.timeMs !== undefined && Math.abs(got.timeMs - want.timeMs) < 0.001, `record ${i} time ${got.timeMs} ~ ${want.timeMs}`);
      t.same(got.pod, want.pod, `record ${i} pod`);
      t.equal(got.unwrapped, true);
      const key = want.pod ? `${want.pod.namespace}/${want.pod.pod}/${want.pod.container}` : undefined;
      t.equal(got.streamKey, key, `record ${i} stream key`);
    }
    t.equal(h.telemetry.recordsIn.get('http'), expected.length);
    t.equal(h.telemetry.bytesIn.get('http'), req.body.length);
    t.equal(h.telemetry.invalidRecords.total(), 0);
  });
}

void t.test('pod identity objects are shared between records and requests', async (t) => {
  const req = capturedRequest('msgpack_header_tag');
  const h = await startSource({ path: '/ingest' });
  t.teardown(() => h.source.stop());
  t.equal((await send(h.url, req.method, req.path, req.headers, req.body)).status, 200);
  t.equal((await send(h.url, req.method, req.path, req.headers, req.body)).status, 200);
  const entries = drain(h.queue);
  t.equal(entries.length, 12);
  const tagPod = entries[0].pod;
  const mapPod = entries[5].pod;
  t.not(tagPod, mapPod, 'the map carries a node, the tag does not');
  for (const i of [1, 2, 3, 4, 6, 7, 8, 9, 10]) t.equal(entries[i].pod, tagPod, `record ${i} shares the tag's identity object`);
  t.equal(entries[11].pod, mapPod, "the second request's map identity is the same object");
  t.same(mapPod, FIXTURE_MAP_POD);
});
