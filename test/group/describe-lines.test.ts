import t from 'tap';
import { collecting, pushAll, shape } from './group-helpers.js';

/** `kubectl describe pod` output (staging/src/k8s.io/kubectl/pkg/describe/describe.go): every field line stays a record. */
const DESCRIBE = [
  'Containers:',
  '  api:',
  '    Container ID:   containerd://4b1e2f0c9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c',
  '    State:          Waiting',
  '      Reason:       CrashLoopBackOff',
  '    Last State:     Terminated',
  '      Reason:       OOMKilled',
  '      Exit Code:    137',
  '    Restart Count:  5',
  '    Limits:',
  '      memory:  512Mi',
  '      cpu:     500m',
  'Events:',
  '  Type     Reason     Age                  From     Message',
  '  ----     ------     ----                 ----     -------',
  '  Warning  BackOff    2m (x12 over 8m)     kubelet  Back-off restarting failed container api in pod api-7f9c6d5b8-x2x9k_dev(0c7d4a6e)',
];

void t.test('kubectl describe fields and event rows are not joined into an indented group', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', DESCRIBE);
  g.flushAll();
  // `  api:` is alone (its next line is a field); the lower-case resource lines still join.
  t.same(shape(out), [
    ['single', 1], ['single', 1], ['single', 1], ['single', 1], ['single', 1], ['single', 1], ['single', 1], ['single', 1],
    ['single', 1], ['single', 1], ['indented', 2], ['single', 1], ['single', 1], ['single', 1], ['single', 1],
  ]);
  t.equal(out[6].lines[0], '      Reason:       OOMKilled');
});

void t.test('field-like lines inside a traceback or a JVM stack stay in it', async (t) => {
  const { g, out } = collecting();
  pushAll(g, 'k', ['Traceback (most recent call last):', '  File "/app/x.py", line 3, in <module>', '    Reason:  boom', 'ValueError: x', 'next']);
  t.same(shape(out), [['python-traceback', 4], ['single', 1]]);
});
