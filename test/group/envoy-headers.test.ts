import t from 'tap';
import { collecting, pushAll, shape } from './group-helpers.js';

/*
 * Envoy logs a header map after a line ending in `:` (conn_manager_impl.cc `request headers
 * complete (end_stream={}):\n{}`), one `'<key>', '<value>'` line per header and a newline after the
 * last (source/common/http/header_map_impl.cc HeaderMapImpl::dumpState): one record.
 */
const REQUEST = [
  "[2022-04-11 08:18:04.950][15][debug][http] [source/common/http/conn_manager_impl.cc:867] [C19][S3973774370179828478] request headers complete (end_stream=true):",
  "':authority', 'localhost:9095'",
  "':path', '/v2/pet/findByStatus?status=available'",
  "':method', 'GET'",
  "'user-agent', 'curl/7.68.0'",
  "'accept', 'application/json'",
  '',
  '[2022-04-11 08:18:04.950][15][debug][connection] [source/common/network/connection_impl.h:89] [C19] current connecting state: false',
];

void t.test('an Envoy debug line and the header map it introduces are one record', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'envoy', REQUEST);
  g.flushAll();
  t.same(shape(out), [['envoy-headers', 7], ['single', 1]]);
});

void t.test('without a header map the line stays alone, and other lines do not join', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'envoy', [
    '[2022-04-11 08:18:04.950][15][debug][router] [source/common/router/router.cc:457] [C19][S397] router decoding headers:',
    '[2022-04-11 08:18:04.951][15][debug][pool] [source/common/conn_pool/conn_pool_base.cc:74] queueing stream due to no available connections',
    REQUEST[0],
    '',
    "':authority', 'x'",
    'Some other line:',
    "'not', 'a header map'",
  ]);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['single', 1], ['single', 1], ['single', 1], ['single', 1], ['single', 1], ['single', 1]]);
});

void t.test('the map ends at its blank line', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'envoy', [REQUEST[0], REQUEST[1], '', "':path', '/'"]);
  g.flushAll();
  t.same(shape(out), [['envoy-headers', 3], ['single', 1]]);
});
