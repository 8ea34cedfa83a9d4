import t from 'tap';
import { StreamHeaders } from '../../src/parse/stream-header.js';

const ident = (s: string) => s;

void t.test('a file name in front of oslo.log lines is learned per stream and set aside', async (t) => {
  const headers = new StreamHeaders<string>(ident);
  const lines = [
    'nova-api.log.2023-03-15 2023-03-15 09:42:07.123 4242 INFO nova.api.wsgi [req-1a2b - - - - -] 10.0.0.7 "GET /v2/servers HTTP/1.1" status: 200',
    'nova-compute.log.1 2023-03-15 09:42:08.001 77 WARNING nova.compute.manager [-] [instance: 9f1c] VM paused',
  ];
  const first = headers.parse(lines[0], 0, 'a');
  t.same([first.format, first.severityNumber, first.logger, first.pid, first.message], ['oslo', 9, 'nova.api.wsgi', 4242, '10.0.0.7 "GET /v2/servers HTTP/1.1" status: 200']);
  t.equal(first.timeMs, Date.UTC(2023, 2, 15, 9, 42, 7, 123));
  t.equal(headers.stateOf('a')?.skip, 1, 'the stream learned one prefix field');
  const second = headers.parse(lines[1], 0, 'a');
  t.same([second.format, second.severityNumber, second.message], ['oslo', 13, '[instance: 9f1c] VM paused']);
});

void t.test('a constant word prefix before a known format', async (t) => {
  const headers = new StreamHeaders<string>(ident);
  // `web` is not id-like: it counts once the stream shows it is constant.
  const line = 'web [2023-03-15 09:42:07 +0000] [7] [INFO] Booting worker with pid: 7';
  t.same(headers.parse(line, 0, 's').message, line);
  const next = headers.parse('web [2023-03-15 09:42:08 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:7)', 0, 's');
  t.same([next.format, next.severityNumber, next.message], ['gunicorn', 21, 'WORKER TIMEOUT (pid:7)']);
  // A constant word before a header logsift only guesses at is not taken for a prefix.
  const guess = new StreamHeaders<string>(ident);
  guess.parse('web 2023-03-15T09:42:07Z WARN slow request', 0, 'g');
  t.equal(guess.parse('web 2023-03-15T09:42:08Z ERROR upstream timed out', 0, 'g').message, 'web 2023-03-15T09:42:08Z ERROR upstream timed out');
});

void t.test('a bracketed time is the line\'s own header, not a prefix (dmesg -T)', async (t) => {
  const headers = new StreamHeaders<string>(ident);
  for (const l of ['[Thu Mar 15 09:42:07 2023] Memory cgroup out of memory: Killed process 28 (java)', '[Thu Mar 15 09:42:08 2023] CPU: 9 PID: 14881 Comm: java Tainted: G B']) {
    t.equal(headers.parse(l, 0, 'k').message.startsWith('2023]'), false, l);
  }
  t.equal(headers.stateOf('k')?.skip, 0);
});

void t.test('pipe-separated fields: time first, the fewest header fields of the stream', async (t) => {
  const headers = new StreamHeaders<string>(ident);
  const a = headers.parse('20230315-09:42:07:123|Sync_Worker|4242|upload done in 12 ms', 0, 'p');
  t.same([a.format, a.logger, a.pid, a.message], ['learned', 'Sync_Worker', 4242, 'upload done in 12 ms']);
  t.equal(headers.stateOf('p')?.pipes, 3);
  const lvl = headers.parse('2023-03-15 09:42:07|warn|Sync_Worker|retry|queue full', 0, 'p');
  t.same([lvl.severityNumber, lvl.message], [13, 'retry|queue full'], 'a `|` in the message stays in it');
});

void t.test('streams are separate, capped, and a stream without a header keeps its lines', async (t) => {
  const headers = new StreamHeaders<string>(ident, 2);
  headers.parse('host-1 2023-03-15 09:42:07 INFO started', 0, 'x');
  t.equal(headers.stateOf('x')?.skip, 1);
  const other = headers.parse('Starting worker 3 of 8', 0, 'y');
  t.same([other.format, other.message], ['plain', 'Starting worker 3 of 8']);
  t.equal(headers.stateOf('y')?.skip, 0);
  headers.parse('plain text again', 0, 'z');
  t.equal(headers.size, 2, 'the oldest stream is forgotten at the cap');
  t.equal(headers.stateOf('x'), undefined);
  // Lines that only start like a prefix stay whole.
  for (const l of ['2 workers started', 'user1 logged in', 'GET /health 200', 'ERROR: disk full']) {
    t.equal(headers.parse(l, 0, 'w').message, l.startsWith('ERROR') ? 'disk full' : l, l);
  }
});

void t.test('lines a format claims as they stand are read as parseAppLine reads them', async (t) => {
  const headers = new StreamHeaders<string>(ident);
  const g = headers.parse('[2023-03-15 09:42:07 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:9)', 0, 'g');
  t.same([g.format, g.message], ['gunicorn', 'WORKER TIMEOUT (pid:9)']);
  t.equal(headers.size, 0, 'no state for a stream whose lines a format claims');
});
