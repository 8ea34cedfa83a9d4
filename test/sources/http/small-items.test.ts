// Issue 8.10, the small items on the HTTP input: one bad first line or one absurdly deep field
// costs that record, not the batch; a crafted tag costs nothing.
import t from 'tap';
import { Packr } from 'msgpackr';
import { decodeBody, type DecodeOptions } from '../../../src/sources/http/decode-body.js';
import { PodInterner } from '../../../src/sources/http/pod-interner.js';
import { valueEnd } from '../../../src/sources/http/msgpack-body.js';
import { podFromTag } from '../../../src/decode/pod-identity.js';

const opts = (): DecodeOptions => ({
  maxDecompressedBytes: 64 * 1024 * 1024,
  maxRecords: 250_000,
  messageKeys: ['log', 'message', 'msg'],
  dateKeys: ['date', 'time'],
  interner: new PodInterner(100),
});

t.test('json_lines, json_stream and gelf bodies whose first line is not an object keep the rest', async (t) => {
  const bodies = {
    json_lines: 'not json at all\n{"log":"one"}\n{"log":"two"}\n',
    starts_with_bracket: '[INFO] a stray log line\n{"log":"one"}\n{"log":"two"}\n',
    json_stream: 'garbage{"log":"one"}{"log":"two"}',
    gelf: '"a string"\n{"version":"1.1","short_message":"one"}\n{"version":"1.1","short_message":"two"}\n',
  };
  for (const [name, body] of Object.entries(bodies)) {
    const b = await decodeBody({ body: Buffer.from(body), contentType: 'application/json', contentEncoding: undefined }, opts());
    t.same(b.entries.map((e) => e.line), ['one', 'two'], name);
    t.ok(b.invalidRecords >= 1, `${name}: the bad line is counted`);
  }
  const none = decodeBody({ body: Buffer.from('nothing\nuseful\n'), contentType: 'application/json', contentEncoding: undefined }, opts());
  await t.rejects(none, { status: 400, message: /no decodable record/ }, 'a body with no good record is still 400');
  const truncatedArray = decodeBody({ body: Buffer.from('[{"log":"one"},{"log":'), contentType: 'application/json', contentEncoding: undefined }, opts());
  await t.rejects(truncatedArray, { status: 400, message: /invalid JSON array/ }, 'a truncated json array can never succeed');
});

t.test('one msgpack field nested 5,000 deep costs that record, not the batch', async (t) => {
  const packr = new Packr({ useRecords: false });
  // [time, {log: 'deep', extra: [[[...'bottom'...]]]}] written by hand: encoders recurse too.
  const deepEvent = Buffer.concat([
    Buffer.from([0x92]),
    packr.pack(1700000001),
    Buffer.from([0x82]),
    packr.pack('log'),
    packr.pack('deep'),
    packr.pack('extra'),
    Buffer.alloc(5000, 0x91),
    packr.pack('bottom'),
  ]);
  const events = [packr.pack([1700000000, { log: 'before' }]), deepEvent, packr.pack([1700000002, { log: 'after' }])];
  const body = Buffer.concat(events);
  const b = await decodeBody({ body, contentType: 'application/msgpack', contentEncoding: undefined }, opts());
  t.same(b.entries.map((e) => e.line), ['before', 'after']);
  t.equal(b.invalidRecords, 1);
  t.equal(valueEnd(body, events[0].length), events[0].length + deepEvent.length, 'events are found without recursion');
  await t.rejects(decodeBody({ body: body.subarray(0, body.length - 2), contentType: 'application/msgpack', contentEncoding: undefined }, opts()), { status: 400, message: /msgpack/ });
});

t.test('a crafted 4 KB tag names no pod; a kubelet tag still does', async (t) => {
  t.equal(podFromTag('kube.var.log.containers.' + 'a.'.repeat(2000) + '_ns_c-0.log'), undefined);
  t.same(podFromTag('kube.var.log.containers.api-7f9c6d5b8-x2x9k_dev_api-0a1b2c3d.log'), { namespace: 'dev', pod: 'api-7f9c6d5b8-x2x9k', container: 'api' });
});
