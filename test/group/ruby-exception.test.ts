import t from 'tap';
import { isRubyErrorLine, isRubyFrameLine, isRubyThreadReport } from '../../src/group/ruby-shapes.js';
import { collecting, pushAll, shape } from './group-helpers.js';

/** ruby/ruby eval_error.c print_errinfo + print_backtrace, Ruby 2.5-3.3 quoting. */
const UNCAUGHT = [
  "/app/config/initializers/redis.rb:3:in `<top (required)>': uninitialized constant Redis (NameError)",
  "\tfrom /usr/local/bundle/gems/railties-7.1.2/lib/rails/engine.rb:689:in `load'",
  "\tfrom /usr/local/bundle/gems/railties-7.1.2/lib/rails/engine.rb:689:in `block in load_config_initializer'",
  "\tfrom bin/rails:4:in `<main>'",
];

void t.test('the uncaught-exception report is one record, up to the next line of the log', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [...UNCAUGHT, '[1] Puma starting in cluster mode...']);
  g.flushAll();
  t.same(shape(out), [['ruby-exception', 4], ['single', 1]]);
});

void t.test('Ruby 3.4 quotes, frames that lost their tab, and the cause report', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [
    "app.rb:12:in 'Worker#perform': connection refused (Errno::ECONNREFUSED)",
    "from app.rb:20:in 'block in <main>'",
    "app.rb:6:in 'Redis#connect': timed out (Redis::TimeoutError)",
    "\tfrom app.rb:5:in 'Worker#perform'",
    'I, [2024-01-05T10:00:00.000000 #1]  INFO -- : next',
  ]);
  g.flushAll();
  t.same(shape(out), [['ruby-exception', 4], ['single', 1]]);
});

void t.test("a thread's report takes its exception line; the header alone ends at anything else", async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [
    '#<Thread:0x00007f8b1c0a1e28 app.rb:3 run> terminated with exception (report_on_exception is true):',
    "app.rb:4:in `block in <main>': boom (RuntimeError)",
    "\tfrom app.rb:9:in `run'",
    '#<Thread:0x00007f8b1c0a1e99 app.rb:3 run> terminated with exception (report_on_exception is true):',
    'plain text',
  ]);
  g.flushAll();
  t.same(shape(out), [['ruby-exception', 3], ['ruby-exception', 1], ['single', 1]]);
});

void t.test('backtrace entries a logger printed one per line form one record', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', [
    '2024-01-05T10:00:00.000Z pid=1 tid=abc ERROR: Error fetching job: Error connecting to Redis on 127.0.0.1:6379 (Errno::ECONNREFUSED)',
    "/app/vendor/bundle/ruby/3.2.0/gems/redis-5.0.8/lib/redis/client.rb:95:in `rescue in connect'",
    "/app/vendor/bundle/ruby/3.2.0/gems/redis-5.0.8/lib/redis/client.rb:89:in `connect'",
    "/app/app/workers/mailer.rb:14:in `perform'",
    '2024-01-05T10:00:01.000Z pid=1 tid=abc INFO: done',
  ]);
  g.flushAll();
  t.same(shape(out), [['single', 1], ['ruby-backtrace', 3], ['single', 1]]);
});

void t.test('shapes: what is and is not a Ruby report line', async (t) => {
  t.ok(isRubyErrorLine("config.ru:4:in `block in <main>': undefined local variable or method `problem' for #<Rack::Builder:0xa22c6f8> (NameError)"));
  t.ok(isRubyErrorLine("lib/x.rb:1:in `<main>': Interrupt"));
  t.notOk(isRubyErrorLine('Listening on tcp://0.0.0.0:9292 (puma)'), 'no backtrace entry first');
  t.notOk(isRubyErrorLine("my file.rb:1:in `x': boom (RuntimeError)"), 'a path with a space is prose');
  t.notOk(isRubyErrorLine("app.rb:12:in `x': boom (not a class)"));
  t.ok(isRubyFrameLine("\tfrom /app/a.rb:3:in `each'"));
  t.ok(isRubyFrameLine("\t 3: from /app/a.rb:3:in 'Array#each'"), "2.5-2.7's reversed order");
  t.notOk(isRubyFrameLine("/app/a.rb:3:in `each' and more"));
  t.notOk(isRubyFrameLine("it's fine'"));
  t.ok(isRubyThreadReport('#<Thread:0x0000 run> terminated with exception (report_on_exception is true):'));
});
