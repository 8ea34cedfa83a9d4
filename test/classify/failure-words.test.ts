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
  ]) {
    t.equal(failureWords(line), NO_WORDS, line);
  }
});
