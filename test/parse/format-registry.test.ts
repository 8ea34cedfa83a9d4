import t from 'tap';
import { APP_FORMATS } from '../../src/parse/format-registry.js';

t.test('every registered format says where it can start and parses nothing it cannot', async (t) => {
  for (const f of APP_FORMATS) {
    t.ok(f.firstChars.length > 0, `${f.name}: first characters`);
    for (const line of ['', 'x', '[', '2023-03-15', 'not a log line at all', '\u0000\u0001']) {
      t.doesNotThrow(() => f.parse(line, Date.UTC(2023, 2, 16)), `${f.name} on ${JSON.stringify(line)}`);
    }
    t.equal(f.parse('not a log line at all', Date.UTC(2023, 2, 16)), undefined, `${f.name} rejects prose`);
  }
});

t.test('the first format in registry order that accepts a line is its own', async (t) => {
  const samples: [string, string][] = [
    ['[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9', 'gunicorn'],
    ['[Wed Mar 15 09:42:07 2023] [error] File does not exist: /x', 'apache-error'],
    ['[03.15 09:42:07] firefox.exe - www.example.com:443 open through proxy p:3128 HTTPS', 'proxifier'],
    ['2023-03-15 09:42:07.123 2931 INFO nova.compute.manager [-] Took 1.20 seconds', 'oslo'],
    ['2023-03-15 09:42:07,123 INFO [main] org.apache.hadoop.ipc.Server: Starting', 'java'],
    ['2023/03/15 09:42:07 [error] 31#31: *1 connect() failed', 'nginx-error'],
    ['2023-03-15 09:42:07.123 | INFO     | app.main:startup:12 - ready', 'loguru'],
    ['[ N 2022-02-01 07:43:36.1053 710/T8 age/Cor/CoreMain.cpp:671 ]: Signal received. Gracefully shutting down...', 'passenger'],
    ['2016-11-01T11:25:16.776Z 621 TID-b250c DEBUG: Autoload disabled in production', 'sidekiq'],
    ['pid=4 tid=gpxi9dzc4 WARN: Terminating 1 busy threads', 'sidekiq'],
    ['2018-08-15 16:17:34.063210 W | rafthttp: lost the TCP streaming connection with peer 414489680d6828eb', 'capnslog'],
    ['2022-03-30 19:45:52,348 [myid:1] - INFO  [main:NIOServerCnxnFactory@686] - binding to port 0.0.0.0/0.0.0.0:2181', 'zookeeper'],
    ['1463751297: mosquitto version 0.15 starting', 'epoch-prefix'],
    ['Jul  1 09:01:05 mbp-7 com.apple.xpc.launchd[1] (com.apple.emond): Service only ran for 0 seconds.', 'syslog'],
    ['Jul  1 09:01:05 mbp-7 kernel[0]: AppleThunderboltNHIType2::prePCIWake - power up complete', 'syslog'],
  ];
  for (const [line, owner] of samples) {
    const first = APP_FORMATS.find((f) => f.firstChars.includes(line[0]) && f.parse(line, Date.UTC(2023, 2, 16)) !== undefined);
    t.equal(first?.name, owner, line);
  }
});
