import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// oslo.log's logging_context_format_string and logging_default_format_string (oslo_log/_options.py).
void t.test('time pid LEVEL logger [context] msg', async (t) => {
  t.same(parseAppLine('2023-03-15 09:42:07.123 2931 INFO nova.compute.manager [req-6f1d2c3b-aaaa-bbbb-cccc-111122223333 admin admin - - -] [instance: 9d3c1f2e-0000-4000-8000-000000000001] Took 1.20 seconds to spawn the instance on the hypervisor.'), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7, 123), severityNumber: 9, levelText: 'INFO',
    message: 'Took 1.20 seconds to spawn the instance on the hypervisor.',
    format: 'oslo', logger: 'nova.compute.manager', pid: 2931,
  });
  const bare = parseAppLine('2023-03-15 09:42:07.123 2931 WARNING oslo_messaging.server [-] Possible hang: stop is waiting for start to complete');
  t.same([bare.format, bare.severityNumber, bare.message], ['oslo', 13, 'Possible hang: stop is waiting for start to complete']);
});

// `%(instance)s` is `[instance: %(uuid)s] ` (instance_format) when the record names an instance.
void t.test('the instance field is part of the header', async (t) => {
  const withInstance = parseAppLine('2023-03-15 09:42:09.001 2931 INFO nova.compute.manager [-] [instance: 0b1e2c3d-1111-4222-8333-444455556666] VM Paused (Lifecycle Event)');
  const without = parseAppLine('2023-03-15 09:42:10.001 2931 INFO nova.compute.manager [-] VM Paused (Lifecycle Event)');
  t.equal(withInstance.message, 'VM Paused (Lifecycle Event)');
  t.equal(without.message, withInstance.message);
  // Only the field oslo.log writes: a message that itself starts with a bracket keeps it.
  t.equal(parseAppLine('2023-03-15 09:42:11.001 2931 INFO nova.compute.manager [-] [instance-list] refreshed').message, '[instance-list] refreshed');
  // No closing `] `: not the field, the message stays whole.
  t.equal(parseAppLine('2023-03-15 09:42:12.001 2931 INFO nova.compute.manager [-] [instance: broken').message, '[instance: broken');
});
