import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// LANL HPC system logs (the Loghub HPC layout): id node component state epoch flag msg.
void t.test('the six header fields are set aside, epoch seconds are the time', async (t) => {
  t.same(parseAppLine('462514 node-12 unix.hw state_change.unavailable 1678872127 1 Component State Change: Component "alt0" is in the unavailable state (HWID=1234)'), {
    timeMs: 1678872127000, severityNumber: 0, message: 'Component State Change: Component "alt0" is in the unavailable state (HWID=1234)',
    format: 'hpc', logger: 'unix.hw',
  });
  t.not(parseAppLine('462514 node-12 went down at 1678872127').format, 'hpc');
});

t.test('a flag of -1 (partition and node status records)', async (t) => {
  const l = parseAppLine('4242 full partition status 1678872127 -1 running');
  t.same([l.format, l.logger, l.message, l.timeMs], ['hpc', 'partition', 'running', 1678872127000]);
  t.equal(parseAppLine('4243 node-12 node status 1678872127 -1 configured out').message, 'configured out');
});
