import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// BlueGene/L RAS events as the USENIX CFDR / Loghub dumps print them.
void t.test('label, epoch, date, location, time, location, type, facility, severity, msg', async (t) => {
  t.same(parseAppLine('- 1678872127 2023.03.15 R12-M0-N3-C:J04-U01 2023-03-15-09.42.07.123456 R12-M0-N3-C:J04-U01 RAS KERNEL INFO 12 double-hummer alignment exceptions'), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123) + 0.456, severityNumber: 9, levelText: 'INFO', message: '12 double-hummer alignment exceptions',
    format: 'bgl', logger: 'KERNEL',
  });
  const alert = parseAppLine('KERNDTLB 1678872127 2023.03.15 R02-M1-N0-C:J12-U11 2023-03-15-09.42.07.123456 R02-M1-N0-C:J12-U11 RAS KERNEL FATAL data TLB error interrupt');
  t.same([alert.format, alert.severityNumber, alert.message], ['bgl', 21, 'data TLB error interrupt']);
  t.equal(parseAppLine('- 1678872127 2023.03.15 R12-M0 2023-03-15-09.42.07.123456 R12-M0 RAS APP FAILURE ciod: Error loading /bin/app').severityNumber, 21);
});
