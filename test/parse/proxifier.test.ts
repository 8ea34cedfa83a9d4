import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// Proxifier's connection log: `[MM.dd HH:mm:ss] program( *64) - msg`.
const REF = Date.UTC(2023, 2, 16);

void t.test('time and program are the header', async (t) => {
  t.same(parseAppLine('[03.15 09:42:07] firefox.exe - www.example.com:443 open through proxy proxy.example.org:3128 HTTPS', REF), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7), severityNumber: 0, message: 'www.example.com:443 open through proxy proxy.example.org:3128 HTTPS',
    format: 'proxifier', logger: 'firefox.exe',
  });
  const x64 = parseAppLine('[03.15 09:42:07] chrome.exe *64 - www.example.com:443 close, 1024 bytes sent, 2048 bytes (2.00 KB) received, lifetime 00:02', REF);
  t.same([x64.logger, x64.message.slice(0, 26)], ['chrome.exe', 'www.example.com:443 close,']);
});
