import t from 'tap';
import type { PodIdentity } from '../../../src/model/record.js';
import { capture, captureStems, decodedCapture, drain, send, startOtlp, type DecodedRecord } from './support.js';

/**
 * Replays every captured OTLP/HTTP request (Fluent Bit's `opentelemetry` output and the
 * OpenTelemetry JS exporters) byte for byte, with its method, path and headers in their order,
 * and checks what reached the ingest queue against the capture's independently decoded view.
 */

type Obj = Record<string, unknown>;

interface Expected {
  line: string;
  timeMs: number;
  pod?: PodIdentity;
  stream?: string;
  severityNumber?: number;
}

function podOfResource(r: Obj): PodIdentity | undefined {
  if (typeof r['k8s.pod.name'] !== 'string') return undefined;
  return { namespace: String(r['k8s.namespace.name']), pod: r['k8s.pod.name'], container: String(r['k8s.container.name']), node: String(r['k8s.node.name']) };
}

function podOfMap(k: Obj | undefined): PodIdentity | undefined {
  if (!k) return undefined;
  return { namespace: String(k.namespace_name), pod: String(k.pod_name), container: String(k.container_name), node: String(k.host) };
}

/** What the fixture README says each variant carries, read from its decoded view. */
function expected(rec: DecodedRecord): Expected {
  const body = typeof rec.body === 'string' ? { log: rec.body } : (rec.body as Obj);
  const attrs = rec.attributes;
  const stream = (attrs['log.iostream'] ?? attrs.stream ?? body.stream) as string | undefined;
  const pod = podOfResource(rec.resource) ?? podOfMap((attrs.kubernetes ?? body.kubernetes) as Obj | undefined);
  const ns = rec.timeUnixNano !== '0' ? rec.timeUnixNano : rec.observedTimeUnixNano;
  return {
    line: String(body.log),
    timeMs: Number(BigInt(ns) / 1000n) / 1000,
    pod,
    stream,
    severityNumber: rec.severityNumber === 0 ? undefined : rec.severityNumber,
  };
}

for (const stem of captureStems()) {
  void t.test(stem, async (t) => {
    const req = capture(stem);
    const h = await startOtlp();
    t.teardown(() => h.source.stop());

    const answer = await send(h.url, req.method, req.url, req.headers, req.body);
    t.equal(answer.status, 200, answer.body);
    const requestType = req.headers.find(([k]) => k === 'content-type')![1];
    t.equal(answer.headers['content-type'], requestType, 'the answer has the request content type');
    t.equal(answer.body, requestType === 'application/json' ? '{}' : '', 'a full success: partial_success unset');

    const want = decodedCapture(stem).map(expected);
    t.equal(h.queue.depth, want.length, 'one batch holding every record');
    const got = drain(h.queue);
    t.equal(got.length, want.length);
    let mismatches = 0;
    for (let i = 0; i < want.length; i++) {
      const g = got[i];
      const w = want[i];
      const key = w.pod ? `${w.pod.namespace}/${w.pod.pod}/${w.pod.container}${w.stream ? '/' + w.stream : ''}` : undefined;
      const ok =
        g.line === w.line &&
        g.timeMs !== undefined &&
        Math.abs(g.timeMs - w.timeMs) < 0.001 &&
        JSON.stringify(g.pod) === JSON.stringify(w.pod) &&
        g.stream === w.stream &&
        g.streamKey === key &&
        g.severityNumber === w.severityNumber &&
        g.unwrapped === true;
      if (!ok && mismatches++ < 3) t.fail(`record ${i}: got ${JSON.stringify(g)}, want ${JSON.stringify(w)}`);
    }
    t.equal(mismatches, 0, `all ${want.length} records decoded as listed`);
    t.equal(h.telemetry.recordsIn.get('otlp_http'), want.length);
    t.equal(h.telemetry.bytesIn.get('otlp_http'), req.body.length, 'bytes as received');
    t.equal(h.telemetry.invalidRecords.total(), 0);
  });
}

void t.test('which Fluent Bit settings carry the pod', async (t) => {
  const h = await startOtlp();
  t.teardown(() => h.source.stop());
  const pods = async (stem: string) => {
    const req = capture(stem);
    t.equal((await send(h.url, req.method, req.url, req.headers, req.body)).status, 200);
    return new Set(drain(h.queue).map((e) => (e.pod ? `${e.pod.namespace}/${e.pod.pod}` : 'none')));
  };
  t.same([...(await pods('fluentbit-default-01'))], ['none'], 'default: the log string only, no pod anywhere');
  t.same([...(await pods('fluentbit-bodykey-log-01'))], ['none'], 'logs_body_key log: the same');
  const both = ['dev/api-7f9c6d5b8-x2x9k', 'prod/api-7f9c6d5b8-k4p2q'];
  t.same([...(await pods('fluentbit-bodykey-attrs-01'))].sort(), both.sort(), 'logs_body_key_attributes: the kubernetes map as an attribute');
  t.same([...(await pods('fluentbit-whole-record-01'))].sort(), both.sort(), 'no body key matching: the whole record as a kvlist body');
  t.same([...(await pods('fluentbit-envelope-01'))], ['dev/api-7f9c6d5b8-x2x9k'], 'opentelemetry_envelope + content_modifier: resource attributes');
});
