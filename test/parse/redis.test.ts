import t from 'tap';
import { parseRedis } from '../../src/parse/redis.js';
import { parseAppLine } from '../../src/parse/app-line.js';

const REF = Date.UTC(2024, 6, 1);

// serverLogRaw: `pid:role dd Mon yyyy HH:MM:SS.mmm <.-*#> msg`; Redis 2.x `[pid] dd Mon HH:MM:SS.mmm <mark> msg`.
void t.test('pid, role, time and mark come off (the mark gives no level: the redis pack rates the lines)', async (t) => {
  const warn = parseRedis('27790:M 22 Feb 2022 16:13:20.793 # Failed opening the RDB file dump.rdb (in server root dir /data) for saving: Permission denied', REF);
  t.same([warn?.format, warn?.severityNumber, warn?.pid, warn?.timeMs, warn?.message],
    ['redis', 0, 27790, Date.UTC(2022, 1, 22, 16, 13, 20, 793), 'Failed opening the RDB file dump.rdb (in server root dir /data) for saving: Permission denied']);
  t.equal(parseRedis('1:C 29 Jun 2024 14:49:54.787 * Configuration loaded', REF)?.message, 'Configuration loaded');
  t.equal(parseRedis('18:X 30 Sep 2025 15:06:45.815 # +sdown master mymaster 172.28.203.166 8379', REF)?.message, '+sdown master mymaster 172.28.203.166 8379', 'sentinel');
  t.equal(parseRedis('7:S 01 Jan 2024 00:00:00.001 . Client closed connection', REF)?.message, 'Client closed connection');
  t.equal(parseRedis('1194427:1194501:M 19 Oct 2022 20:09:38.582 * Background saving terminated with success', REF)?.pid, 1194427, "KeyDB's thread id");
});

void t.test('Redis 2.x: bracketed pid, no year (the reference gives it)', async (t) => {
  const l = parseRedis('[1249] 05 May 14:40:16.963 # Server started, Redis version 2.8.4', REF);
  t.same([l?.severityNumber, l?.pid, l?.timeMs, l?.message], [0, 1249, Date.UTC(2024, 4, 5, 14, 40, 16, 963), 'Server started, Redis version 2.8.4']);
  t.equal(parseRedis('[19164] 17 Mar 13:42:28.996 # ', REF), undefined, 'a header with no message is left to the plain reading, not read as a blank line');
  t.equal(parseRedis('[19164] 17 Mar 13:42:28.996 #', REF), undefined);
  const v3 = parseRedis('1:C 21 Jun 05:17:16.960 # Warning: no config file specified, using the default config', REF);
  t.same([v3?.format, v3?.timeMs], ['redis', Date.UTC(2024, 5, 21, 5, 17, 16, 960)], 'Redis 3.x and 4.x: a role, no year');
});

void t.test('look-alikes stay out', async (t) => {
  t.equal(parseRedis('1:Q 29 Jun 2024 14:49:54.787 * unknown role', REF), undefined);
  t.equal(parseRedis('1:M 29 Jun 2024 14:49:54.787 ! unknown mark', REF), undefined);
  t.equal(parseRedis('[1249] 05 May 14:40:16.963 #no space', REF), undefined);
  t.equal(parseRedis('[1] [INFO] Booting worker', REF), undefined);
  t.equal(parseAppLine('12:34:56 INFO something', REF).format === 'redis', false);
  t.equal(parseAppLine('[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', REF).format, 'gunicorn');
});
