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
  ];
  for (const [line, format] of table) t.equal(parseAppLine(line, Date.UTC(2023, 2, 16)).format, format, line);
});

void t.test('never throws, whatever the bytes', async (t) => {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const starts = ['[', '{', '<', '2', 'E', 'M', 'W', 'l', 'T', '/', ' ', '\t', ''];
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
