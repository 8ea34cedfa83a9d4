import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';
import { Severity } from '../../src/model/severity.js';

void t.test('pino numeric levels with epoch ms time', async (t) => {
  t.same(parseAppLine('{"level":30,"time":1678840927123,"pid":9,"hostname":"api-7f9c6d5b8-x2x9k","msg":"request completed"}'), {
    timeMs: 1678840927123, severityNumber: 9, levelText: '30', message: 'request completed', format: 'json',
  });
  t.equal(parseAppLine('{"level":50,"msg":"x"}').severityNumber, 17);
  t.equal(parseAppLine('{"level":60,"msg":"x"}').severityNumber, 21);
  t.equal(parseAppLine('{"name":"api","hostname":"h","pid":1,"level":40,"msg":"bunyan","time":"2023-03-15T00:42:07.000Z","v":0}').severityNumber, 13);
});

void t.test('zap: ts in float seconds', async (t) => {
  t.same(parseAppLine('{"level":"warn","ts":1678840927.25,"caller":"server/main.go:42","msg":"slow request","latency":2.5}'), {
    timeMs: 1678840927250, severityNumber: 13, levelText: 'warn', message: 'slow request', format: 'json',
  });
});

void t.test('logrus, structlog, GCP and ECS keys', async (t) => {
  t.same(parseAppLine('{"level":"error","msg":"db down","time":"2023-03-15T09:42:07+09:00"}'), {
    timeMs: Date.UTC(2023, 2, 15, 0, 42, 7), severityNumber: 17, levelText: 'error', message: 'db down', format: 'json',
  });
  t.same(parseAppLine('{"event":"worker booted","level":"info","timestamp":"2023-03-15T00:42:07.500000Z","pid":9}'), {
    timeMs: Date.UTC(2023, 2, 15, 0, 42, 7, 500), severityNumber: 9, levelText: 'info', message: 'worker booted', format: 'json',
  });
  t.equal(parseAppLine('{"severity":"CRITICAL","message":"out of memory"}').severityNumber, 21);
  t.equal(parseAppLine('{"severity":"NOTICE","message":"x"}').severityNumber, 10);
  const ecs = parseAppLine('{"@timestamp":"2023-03-15T00:42:07.000Z","log.level":"warn","message":"disk"}');
  t.same([ecs.timeMs, ecs.severityNumber, ecs.message], [Date.UTC(2023, 2, 15, 0, 42, 7), 13, 'disk']);
});

void t.test('JSON without level or message keeps the line as message', async (t) => {
  const l = '{"path":"/healthz","status":200}';
  t.same(parseAppLine(l), { timeMs: undefined, severityNumber: 0, levelText: undefined, message: l, format: 'json' });
});

void t.test('bad JSON falls back to plain and never throws', async (t) => {
  for (const l of ['{"level":"error","msg":"cut', '{not json} ERROR', '{}x', '{"a":' + '['.repeat(100_000)]) {
    t.doesNotThrow(() => parseAppLine(l));
    t.equal(parseAppLine(l).format, 'plain', l.slice(0, 30));
  }
  t.equal(parseAppLine('{not json} ERROR boom').severityNumber, 17);
  t.equal(parseAppLine('[1,2]').format, 'plain');
});

void t.test('flat lines are read as JSON.parse reads them', async (t) => {
  const lines = [
    '{"level":30,"time":1678840927123,"msg":"a","msg":"last wins","level":"warn"}',
    '{"event": "structlog \\"quoted\\" \\u00e9", "level": "info", "timestamp": "2023-03-15T00:42:07Z"}',
    '{"a\\"level":"error","msg":"the key above is a\\"level, not level"}',
    '{"level":1e1,"msg":"x","time":-0}',
    '{"level":35.5,"ts":1678840927.25,"message":"m"}',
    '{"severity":"","lvl":true,"levelname":"ERROR","msg":42,"message":null,"event":"e","time":null,"ts":5}',
    '{"level":50,"msg":"nested","err":{"type":"TimeoutError","level":"info"}}',
    '{"level":30,"msg":"tab\\there"}',
  ];
  for (const l of lines) {
    const o = JSON.parse(l) as Record<string, unknown>;
    const a = parseAppLine(l);
    t.equal(a.format, 'json', l);
    t.equal(a.message, typeof o.msg === 'string' ? o.msg : typeof o.message === 'string' ? o.message : typeof o.event === 'string' ? o.event : l, l);
  }
  t.same(parseAppLine(lines[0]), { timeMs: 1678840927123, severityNumber: 13, levelText: 'warn', message: 'last wins', format: 'json' });
  t.equal(parseAppLine(lines[1]).message, 'structlog "quoted" é');
  t.equal(parseAppLine(lines[2]).severityNumber, 0, 'a key ending in "level" is not level');
  t.same(parseAppLine(lines[3]), { timeMs: 0, severityNumber: 1, levelText: '10', message: 'x', format: 'json' });
  t.same(parseAppLine(lines[4]), { timeMs: 1678840927250, severityNumber: 9, levelText: '35.5', message: 'm', format: 'json' });
  t.same(parseAppLine(lines[5]), { timeMs: undefined, severityNumber: 17, levelText: 'ERROR', message: 'e', format: 'json' });
  t.same(parseAppLine(lines[6]), { timeMs: undefined, severityNumber: 17, levelText: '50', message: 'nested', format: 'json' });
  t.equal(parseAppLine(lines[7]).message, 'tab\there');
  t.equal(parseAppLine('{"level":30,"msg":"raw\ttab"}').format, 'plain', 'a raw control character is not JSON');
});

void t.test('MongoDB 4.4+ structured log: s is the level, t.$date the time, attr.message carried', async (t) => {
  const ready = parseAppLine(
    '{"t":{"$date":"2024-01-05T10:00:00.123+00:00"},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}',
  );
  t.same([ready.timeMs, ready.severityNumber, ready.levelText, ready.message, ready.format], [Date.UTC(2024, 0, 5, 10, 0, 0, 123), 9, 'I', 'Waiting for connections', 'json']);
  const oom = parseAppLine('{"t":{"$date":"2024-01-05T10:05:00.000+00:00"},"s":"F",  "c":"CONTROL",  "id":4757800, "ctx":"conn12","msg":"Writing fatal message","attr":{"message":"out of memory.\\n"}}');
  t.same([oom.severityNumber, oom.message], [21, 'Writing fatal message: out of memory.']);
  const debug = parseAppLine('{"t":{"$date":"2024-01-05T10:05:00.000+00:00"},"s":"D2", "c":"COMMAND",  "id":21965, "ctx":"conn1","msg":"About to run the command","attr":{"db":"admin"}}');
  t.same([debug.severityNumber, debug.message], [5, 'About to run the command']);
  // A document that merely has an "s" key is not MongoDB's log: read as before.
  const other = parseAppLine('{"s":"x","msg":"hello","level":"warn","t":{"a":1}}');
  t.same([other.severityNumber, other.message], [13, 'hello']);
});

void t.test("MongoDB's exit code goes back into its shutdown message", async (t) => {
  const exit = parseAppLine('{"t":{"$date":"2024-01-05T10:10:00.000+00:00"},"s":"I",  "c":"CONTROL",  "id":23138,   "ctx":"SignalHandler","msg":"Shutting down","attr":{"exitCode":0}}');
  t.equal(exit.message, 'Shutting down with code: 0');
});

void t.test("Kibana's legacy JSON layout says its level as a tag; Kibana 8's ECS nests log.level", async (t) => {
  const legacy = parseAppLine('{"type":"log","@timestamp":"2023-03-15T09:42:07Z","tags":["error","plugins","security"],"pid":7,"message":"Unable to connect to Elasticsearch"}');
  t.same([legacy.severityNumber, legacy.levelText, legacy.message], [Severity.ERROR, 'error', 'Unable to connect to Elasticsearch']);
  const status = parseAppLine('{"type":"log","@timestamp":"2023-03-15T09:42:07Z","tags":["status","plugin:elasticsearch@7.6.0","error"],"pid":7,"state":"red","message":"Status changed from yellow to red"}');
  t.equal(status.severityNumber, Severity.ERROR, 'a status change to error');
  t.equal(parseAppLine('{"type":"log","@timestamp":"2023-03-15T09:42:07Z","tags":["plugins-system"],"pid":7,"message":"Setting up 12 plugins"}').severityNumber, 0, 'no level tag');
  t.equal(parseAppLine('{"tags":["error"],"message":"a document about errors"}').severityNumber, 0, 'tags without the layout\'s type say nothing');
  const ecs = parseAppLine('{"@timestamp":"2023-03-15T09:42:07.000+00:00","log":{"level":"WARN","logger":"plugins.security"},"message":"Session cookie is not secure"}');
  t.same([ecs.severityNumber, ecs.message], [Severity.WARN, 'Session cookie is not secure']);
});
