import t from 'tap';
import { ruleCaptures } from '../../src/classify/rule-captures.js';
import { compileLinear } from '../../src/classify/linear-regex.js';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogRecord } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';

void t.test('named groups become logsift.* attributes; unnamed and empty ones do not', async (t) => {
  const re = /Killed process (?<killed_pid>\d+) \((?<killed_process>[^)]*)\)(?<rest> x)?( y)?/;
  t.ok(compileLinear(re.source).extract, 'a pattern with named groups gets a linear-time extractor');
  t.equal(compileLinear('(a)(?:b)c').extract, undefined, 'one without gets none');
  t.same(ruleCaptures(compileLinear(re.source).extract!, 'Killed process 7 (nginx) x'), {
    'logsift.killed_pid': '7', 'logsift.killed_process': 'nginx', 'logsift.rest': ' x',
  }, 'the linear-time extractor reads the same values');
  t.same(ruleCaptures(re, 'Out of memory: Killed process 4242 (java) total-vm:1kB'), {
    'logsift.killed_pid': '4242', 'logsift.killed_process': 'java',
  });
  t.equal(ruleCaptures(re, 'no match here'), undefined);
  t.equal(ruleCaptures(/(?<v>a*)b/, 'b'), undefined, 'an empty capture is left out');
  t.equal(ruleCaptures(/(?<v>.*)/, 'x'.repeat(1000))?.['logsift.v'].length, 256, 'values are capped');
});

void t.test('the kernel OOM killer names its victim on the record, per line, not per template', async (t) => {
  const config = loadConfig();
  const out: LogRecord[] = [];
  const p = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: { namespace: 'kube-system', pod: 'node-problem-detector-x', container: 'npd' } },
    (r) => out.push(...r),
  );
  p.process([
    { line: 'Mar 15 09:44:01 node-1 kernel: Memory cgroup out of memory: Killed process 4242 (java) total-vm:3812340kB, anon-rss:1501232kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4200kB oom_score_adj:983' },
    { line: 'Mar 15 09:51:13 node-1 kernel: Memory cgroup out of memory: Killed process 5120 (java) total-vm:3912340kB, anon-rss:1601232kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4400kB oom_score_adj:983' },
  ]);
  p.flush();
  t.equal(out.length, 2);
  t.same(out.map((r) => [r.event, r.attributes?.['logsift.killed_process'], r.attributes?.['logsift.killed_pid']]), [
    ['oom', 'java', '4242'], ['oom', 'java', '5120'],
  ]);
  t.equal(out[0].templateId, out[1].templateId, 'both lines share a template; the captures still differ');
});

void t.test('the shipped packs capture what on-call needs from the line itself', async (t) => {
  const config = loadConfig();
  const out: LogRecord[] = [];
  const p = new Pipeline(
    { config: config.pipeline, classifier: createClassifier(config.pipeline.classify), telemetry: new SelfTelemetry(), defaultPod: { namespace: 'dev', pod: 'api-0', container: 'api' } },
    (r) => out.push(...r),
  );
  const lines = [
    'Jan 05 10:03:41 node-7 kernel: java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=983',
    'Jan 05 10:03:41 node-7 kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-4b1e.scope,mems_allowed=0,oom_memcg=/kubepods.slice/x.slice,task_memcg=/kubepods.slice/x.slice/cri-containerd-4b1e.scope,task=java,pid=48213,uid=1000',
    'Terminating due to java.lang.OutOfMemoryError: Metaspace',
    '    Restart Count:  17',
  ];
  p.process(lines.map((line) => ({ line, streamKey: 's' })));
  p.flush();
  t.same(out.map((r) => r.attributes), [
    { 'logsift.oom_invoker': 'java' },
    { 'logsift.oom_constraint': 'CONSTRAINT_MEMCG', 'logsift.killed_process': 'java', 'logsift.killed_pid': '48213' },
    { 'logsift.oom_kind': 'Metaspace' },
    { 'logsift.restart_count': '17' },
  ]);
});
