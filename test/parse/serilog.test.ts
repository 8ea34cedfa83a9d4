import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';
import { Severity } from '../../src/model/severity.js';

/*
 * Serilog's text sinks ({Level:u3}: VRB DBG INF WRN ERR FTL): the console sink's default
 * `[HH:mm:ss LVL] msg`, the file sink's default `yyyy-MM-dd HH:mm:ss.fff zzz [LVL] msg`, and
 * Jellyfin's `[time] [LVL] [thread] SourceContext: msg`.
 */
const REF = Date.UTC(2024, 4, 2, 12, 0, 0);

void t.test("the console sink's default: the time of day on the reference day, the level, the message", async (t) => {
  const l = parseAppLine('[09:41:07 INF] Now listening on: http://[::]:8080', REF);
  t.same([l.format, l.timeMs, l.severityNumber, l.levelText, l.message], ['serilog', Date.UTC(2024, 4, 2, 9, 41, 7), Severity.INFO, 'INF', 'Now listening on: http://[::]:8080']);
  t.equal(parseAppLine('[09:41:07.250 FTL] Host terminated unexpectedly', REF).severityNumber, Severity.FATAL, 'a fraction of a second');
  t.equal(parseAppLine('[23:59:58 WRN] late', Date.UTC(2024, 4, 2, 0, 30)).timeMs, Date.UTC(2024, 4, 1, 23, 59, 58), 'far after the reference: the day before');
});

void t.test('with a date and zone inside the brackets, or before a bracketed level (the file sink)', async (t) => {
  const a = parseAppLine('[2024-05-02 09:41:07.123 +02:00 ERR] Failed to connect to the broker', REF);
  t.same([a.format, a.timeMs, a.severityNumber, a.message], ['serilog', Date.UTC(2024, 4, 2, 7, 41, 7, 123), Severity.ERROR, 'Failed to connect to the broker']);
  const f = parseAppLine('2024-05-02 09:41:07.123 +00:00 [WRN] Retrying in 5 s', REF);
  t.same([f.format, f.timeMs, f.severityNumber, f.message], ['serilog', Date.UTC(2024, 4, 2, 9, 41, 7, 123), Severity.WARN, 'Retrying in 5 s']);
});

void t.test("Jellyfin's layout: thread and SourceContext leave the message", async (t) => {
  const j = parseAppLine('[2024-05-02 09:41:07.123 +00:00] [ERR] [31] MediaBrowser.Controller.MediaEncoding.TranscodeManager: FFmpeg exited with code 1', REF);
  t.same([j.format, j.severityNumber, j.thread, j.logger, j.message], ['serilog', Severity.ERROR, '31', 'MediaBrowser.Controller.MediaEncoding.TranscodeManager', 'FFmpeg exited with code 1']);
  t.equal(j.timeMs, Date.UTC(2024, 4, 2, 9, 41, 7, 123));
  const bare = parseAppLine('[2024-05-02 09:41:07.123 +00:00] [INF] Starting', REF);
  t.same([bare.format, bare.message, bare.thread], ['serilog', 'Starting', undefined]);
});

void t.test('other bracketed and dated lines are not this format', async (t) => {
  for (const line of [
    '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9',
    '[09:41:07 INFO] four letters is another logger',
    '[09:41:07 ABC] not a level',
    '2024-05-02 09:41:07.123 [main] INFO  o.a.Foo - bar',
    '[09:41:07] [Server thread/INFO]: Done',
  ]) {
    t.not(parseAppLine(line, REF).format, 'serilog', line);
  }
});
