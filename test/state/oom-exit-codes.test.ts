import t from 'tap';
import { OomExitCodes } from '../../src/state/oom-exit-codes.js';
import type { Classification } from '../../src/classify/classifier.js';

const c = (rule: string, event?: Classification['event']): Classification => ({ relevance: 'signal', score: 80, rule, severityNumber: 0, pack: 'kubernetes', ...(event ? { event } : {}) });
const OOM = c('k8s.oomkilled', 'oom');
const EXIT_137 = c('k8s.exit-code-137', 'kill');

void t.test('the exit code under OOMKilled is the same termination: signal, no second event', async (t) => {
  const s = new OomExitCodes(10);
  t.equal(s.decide('dev/api/api', OOM), OOM);
  const after = s.decide('dev/api/api', EXIT_137);
  t.match(after, { relevance: 'signal', rule: 'k8s.exit-code-after-oom' });
  t.equal(after.event, undefined);
  t.equal(s.decide('dev/api/api', EXIT_137), EXIT_137, 'only the line right after it');
});

void t.test('per pod: another pod in between does not matter; another record of the pod does', async (t) => {
  const s = new OomExitCodes(10);
  s.decide('dev/a/a', OOM);
  s.decide('dev/b/b', c('k8s.backoff', 'backoff'));
  t.equal(s.decide('dev/a/a', EXIT_137).event, undefined);
  s.decide('dev/a/a', OOM);
  s.decide('dev/a/a', c('k8s.container-state'));
  t.equal(s.decide('dev/a/a', EXIT_137), EXIT_137);
});

void t.test('bounded', async (t) => {
  const s = new OomExitCodes(2);
  for (const p of ['a', 'b', 'c']) s.decide(p, OOM);
  t.equal(s.decide('a', EXIT_137), EXIT_137, 'the oldest note was dropped');
  t.equal(s.decide('c', EXIT_137).event, undefined);
});
