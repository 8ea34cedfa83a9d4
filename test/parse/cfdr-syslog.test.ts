import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// Sandia supercomputer syslog as the USENIX CFDR dumps print it (excerpts written in the format).
void t.test('label, epoch, date, node, then the node\'s RFC 3164 line', async (t) => {
  t.same(parseAppLine('- 1678872127 2023.03.15 cn104 Mar 15 09:42:07 cn104/cn104 sshd[4242]: Accepted publickey for ops from 10.1.2.3 port 50022 ssh2'), {
    timeMs: 1678872127000, severityNumber: 0, levelText: undefined, message: 'Accepted publickey for ops from 10.1.2.3 port 50022 ssh2',
    format: 'cfdr-syslog', logger: 'sshd', thread: undefined, pid: 4242,
  });
  const alert = parseAppLine('ECC 1678872127 2023.03.15 cn7 Mar 5 09:42:07 cn7/cn7 kernel: EDAC k8 MC0: general bus error');
  t.same([alert.format, alert.logger, alert.message], ['cfdr-syslog', 'kernel', 'EDAC k8 MC0: general bus error'], 'an alert label and an unpadded day');
  const paren = parseAppLine('- 1678872127 2023.03.15 adm1 Mar 15 09:42:07 adm1/adm1 crond(pam_unix)[77]: session closed for user root', 0);
  t.same([paren.logger, paren.pid, paren.message], ['crond(pam_unix)', 77, 'session closed for user root']);
});

void t.test('BlueGene/L RAS lines stay bgl; other dash-led lines are not claimed', async (t) => {
  t.equal(parseAppLine('- 1678872127 2023.03.15 R12-M0-N3-C:J04-U01 2023-03-15-09.42.07.123456 R12-M0-N3-C:J04-U01 RAS KERNEL INFO ok').format, 'bgl');
  t.equal(parseAppLine('- 1678872127 2023.03.15 cn1 not a syslog line').format, 'plain');
  t.equal(parseAppLine('- item one').format, 'plain');
});
