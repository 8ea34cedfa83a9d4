import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

void t.test('dispatch: each format is recognised from its first character', async (t) => {
  const table: [string, string][] = [
    ['[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', 'gunicorn'],
    ['2023-03-15 09:42:07,123 - app - ERROR - boom', 'python'],
    ['WARNING:root:boom', 'python'],
    ['{"level":30,"msg":"x"}', 'json'],
    ['level=info msg=x', 'logfmt'],
    ['I0315 09:42:07.123456 1 a.go:1] x', 'klog'],
    ['<34>Oct 11 22:14:15 host su[1]: x', 'syslog'],
    ['Mar 15 09:42:07 host app[123]: x', 'syslog'],
    ['/x/getlimits.py:499: UserWarning: y', 'plain'],
    ['  setattr(self, word, getattr(machar, word).flat[0])', 'plain'],
    // Formats that share a first character: each is tried in registry order, falling through.
    ['[Wed Mar 15 09:42:07 2023] [error] [client 10.0.0.1] File does not exist: /x', 'apache-error'],
    ['[03.15 09:42:07] firefox.exe - www.example.com:443 open through proxy p:3128 HTTPS', 'proxifier'],
    ['[2023-03-15 09:42:07] <warn> low memory', 'learned'],
    ['2023-03-15 09:42:07,123 INFO [main] org.apache.hadoop.ipc.Server: Starting', 'java'],
    ['2023-03-15 09:42:07.123 2931 INFO nova.compute.manager [-] Took 1.20 seconds', 'oslo'],
    ['2023-03-15 09:42:07, Info                  CBS    Starting TrustedInstaller', 'windows-cbs'],
    ['2023/03/15 09:42:07 [error] 31#31: *1 connect() failed', 'nginx-error'],
    ['03-15 09:42:07.123  1702  2395 W ActivityManager: Slow operation', 'logcat'],
    ['462514 node-12 unix.hw state_change.unavailable 1678872127 1 Component State Change', 'hpc'],
    ['- 1678872127 2023.03.15 R12-M0 2023-03-15-09.42.07.123456 R12-M0 RAS KERNEL INFO x', 'bgl'],
    ['D/dalvikvm(  512): GC_CONCURRENT freed 512K', 'logcat'],
    ['10.0.0.1 - - [15/Mar/2023:09:42:07 +0000] "GET / HTTP/1.1" 200 2', 'plain'],
  ];
  for (const [line, format] of table) t.equal(parseAppLine(line, Date.UTC(2023, 2, 16)).format, format, line);
});

void t.test('never throws, whatever the bytes', async (t) => {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const starts = ['[', '{', '<', '2', 'E', 'M', 'W', 'l', 'T', '/', ' ', '\t', '', '2023-03-15 ', '[Wed Mar 15 ', '03-15 ', '- 1', '23/03/15 ', '[03.15 '];
  let thrown = 0;
  for (let i = 0; i < 3000; i++) {
    let s = starts[i % starts.length];
    const n = Math.floor(rnd() * 60);
    for (let j = 0; j < n; j++) s += String.fromCharCode(Math.floor(rnd() * 128));
    try {
      const r = parseAppLine(s);
      if (typeof r.message !== 'string' || typeof r.severityNumber !== 'number') thrown++;
    } catch {
      thrown++;
    }
  }
  t.equal(thrown, 0);
});
