import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// phusion/passenger src/cxx_supportlib/LoggingKit/Implementation.cpp _prepareLogEntry (6.0.24):
// "[ " marker " " "%d-%02d-%02d %02d:%02d:%02d.%04llu" " " pid "/T" thread " " file ":" line " ]: ",
// markers C E W N I D D2 D3; Passenger 5.0 wrote no marker and a hex thread pointer.
void t.test('the level marker, time, pid/thread and file:line are the header', async (t) => {
  t.same(parseAppLine('[ N 2022-02-01 07:43:36.1053 710/T8 age/Cor/CoreMain.cpp:671 ]: Signal received. Gracefully shutting down... (send signal 2 more time(s) to force shutdown)'), {
    timeMs: Date.UTC(2022, 1, 1, 7, 43, 36, 105) + 0.3, severityNumber: 10, levelText: 'N',
    message: 'Signal received. Gracefully shutting down... (send signal 2 more time(s) to force shutdown)',
    format: 'passenger', logger: 'age/Cor/CoreMain.cpp', thread: 'T8', pid: 710,
  });
  const levels: [string, number][] = [['C', 21], ['E', 17], ['W', 13], ['N', 10], ['I', 9], ['D', 5], ['D2', 5], ['D3', 5]];
  for (const [marker, severity] of levels) {
    const line = parseAppLine(`[ ${marker} 2020-07-24 08:48:47.6210 6153/Tg Ser/Server.h:902 ]: [ApiServer] Freed 0 spare client objects`);
    t.same([line.format, line.severityNumber, line.levelText, line.message], ['passenger', severity, marker, '[ApiServer] Freed 0 spare client objects'], marker);
  }
  // Passenger 5.0: no marker, so no level; the header still comes off.
  const old = parseAppLine('[ 2016-08-29 11:08:15.7104 32287/7f2cf92717c0 age/Cor/CoreMain.cpp:732 ]: Passenger core online, PID 32287');
  t.same([old.format, old.severityNumber, old.message, old.pid, old.thread], ['passenger', 0, 'Passenger core online, PID 32287', 32287, '7f2cf92717c0']);
});

void t.test('not Passenger', async (t) => {
  for (const line of [
    '[ X 2020-07-24 08:48:47.6210 6153/Tg Ser/Server.h:902 ]: unknown marker',
    '[ N 2020-07-24 08:48:47 6153/Tg Ser/Server.h:902 ]: no fraction',
    '[ N 2020-07-24 08:48:47.6210 6153/Tg Ser/Server.h:902 ] no colon',
    '[ ] x',
    '[2023-03-15 09:42:07 +0900] [9] [INFO] Booting worker with pid: 9',
  ]) {
    t.not(parseAppLine(line).format, 'passenger', line);
  }
});
