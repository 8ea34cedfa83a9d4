import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// Mosquitto src/logging.c: "%d: %s" with time(NULL) (log_timestamp true, no log_timestamp_format).
void t.test('the epoch seconds are the time and the rest is the message; no level', async (t) => {
  t.same(parseAppLine('1463751297: mosquitto version 0.15 (build date 2013-08-23 19:23:43+0000) starting'), {
    timeMs: 1463751297000, severityNumber: 0, levelText: undefined,
    message: 'mosquitto version 0.15 (build date 2013-08-23 19:23:43+0000) starting', format: 'epoch-prefix', logger: undefined, thread: undefined, pid: undefined,
  });
  t.equal(parseAppLine('1680254431: Error: Address not available').message, 'Error: Address not available');
});

void t.test('numbers that are not a plausible epoch stay plain', async (t) => {
  for (const line of ['12345: line number', '99999999999: too long', '0999999999: before 2001', '1463751297:no space', '1463751297 no colon']) {
    t.not(parseAppLine(line).format, 'epoch-prefix', line);
  }
});
