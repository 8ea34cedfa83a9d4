import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// oslo.log's logging_context_format_string and logging_default_format_string (oslo_log/_options.py).
void t.test('time pid LEVEL logger [context] msg', async (t) => {
  t.same(parseAppLine('2023-03-15 09:42:07.123 2931 INFO nova.compute.manager [req-6f1d2c3b-aaaa-bbbb-cccc-111122223333 admin admin - - -] [instance: 9d3c1f2e-0000-4000-8000-000000000001] Took 1.20 seconds to spawn the instance on the hypervisor.'), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123), severityNumber: 9, levelText: 'INFO',
    message: '[instance: 9d3c1f2e-0000-4000-8000-000000000001] Took 1.20 seconds to spawn the instance on the hypervisor.',
    format: 'oslo', logger: 'nova.compute.manager', pid: 2931,
  });
  const bare = parseAppLine('2023-03-15 09:42:07.123 2931 WARNING oslo_messaging.server [-] Possible hang: stop is waiting for start to complete');
  t.same([bare.format, bare.severityNumber, bare.message], ['oslo', 13, 'Possible hang: stop is waiting for start to complete']);
});
