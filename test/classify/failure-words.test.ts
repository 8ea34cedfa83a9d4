import t from 'tap';
import { CALL_FAILED_WORDS, CRASH_WORDS, ERROR_WORDS, NO_WORDS, failureWords } from '../../src/classify/failure-words.js';

// Unleveled messages as programs print them (our own lines in the shapes of strerror, shells, runtimes).

t.test('a call that did not succeed, a raised class or a non-zero exit is a failure', async (t) => {
  for (const line of [
    '/bin/sh: 1: cannot open ./entrypoint.sh: No such file',
    'Unable to load configuration from /etc/app/config.yaml',
    "Couldn't start the broker in background.",
    "Can't open the append-only file: Permission denied",
    'dial tcp 10.0.0.7:5432: connect: connection refused',
    'Code: 210. DB::NetException: Connection refused (db:9000)',
    '** (MatchError) no match of right hand side value: {:nxdomain, "db"}',
    'worker 3 exited with code 2',
    'rc.shutdown exited 111',
    '"ExitCode": 132,',
    'Exited (1) 5 minutes ago',
    'heap space exhausted: killing current process!',
    // What should be there and is not: an answer, a route, a resource left; a broken expectation or limit.
    'osd.3 12 heartbeat_check: no reply from 10.1.2.3:6802 osd.5 since back 2021-03-01 10:00:01',
    'Timeout: No Response from 192.0.2.10.',
    'dnsmasq-dhcp[311]: no address range available for DHCP request via eth1',
    'backend app_servers has no server available!',
    'write /var/lib/app/wal/0001: no space left on device',
    'connect to 10.0.0.9 port 22: No route to host',
    'sudo: unexpected child termination condition: 0',
    'grpc: DeadlineExceeded while dialing 10.0.0.4:2379',
    'Loop time exceeded, rescheduling immediately.',
  ]) {
    t.equal(failureWords(line), CALL_FAILED_WORDS, line);
  }
  t.equal(failureWords('App api id:3 exited with code SIGABRT'), CRASH_WORDS, 'a crash signal by name');
  t.equal(failureWords('Error: listen EADDRINUSE'), ERROR_WORDS, 'the older words keep their answer');
});

t.test('what is no failure stays so', async (t) => {
  for (const line of [
    'worker 3 exited with code 0',
    '"ExitCode": 0,',
    'Merging configuration file /etc/app/conf.d/10-net.xml',
    'errors: 0',
    'A terror in the mirror',
    'Press Ctrl+C to exit',
    'No updates available.',
    'no new version available, skipping',
    "Log4j appears to be running in a Servlet environment, but there's no log4j-web module available.",
    'No CUDA GPUs are available',
    'Completed without unexpected results',
  ]) {
    t.equal(failureWords(line), NO_WORDS, line);
  }
});
