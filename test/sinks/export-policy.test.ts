import t from 'tap';
import { ExportPolicy, SUPPRESSED_COUNT_ATTRIBUTE } from '../../src/sinks/export-policy.js';
import { incidentRecords } from '../helpers/incident-records.js';

void t.test('default: signals, context and synthetic pass; noise sampled per template per interval', async (t) => {
  const records = incidentRecords();
  const policy = new ExportPolicy({ policy: 'default', noiseSampleIntervalMs: 60_000, maxTemplates: 100 });
  const out: typeof records = [];
  policy.select(records, out);
  t.equal(out.filter((r) => r.relevance === 'signal').length, 40);
  t.equal(out.filter((r) => r.relevance === 'context').length, records.filter((r) => r.relevance === 'context').length);
  const numpy = out.filter((r) => r.templateId === 'numpy-subnormal');
  // 88 warnings over 09:42:07–09:47:17 event time: one per minute.
  t.equal(numpy.length, 6);
  const suppressed = numpy.reduce((s, r) => s + Number(r.attributes?.[SUPPRESSED_COUNT_ATTRIBUTE] ?? 0), 0);
  t.ok(suppressed > 0);
  const onlyNumpy = new ExportPolicy({ policy: 'default', noiseSampleIntervalMs: 60_000, maxTemplates: 100 });
  onlyNumpy.select(records.filter((r) => r.templateId === 'numpy-subnormal'), []);
  t.equal(suppressed + numpy.length + onlyNumpy.pendingSuppressed, 88, 'every warning is exported, counted on a later sample, or pending');
  t.notOk(numpy[0].attributes?.[SUPPRESSED_COUNT_ATTRIBUTE], 'the first sample suppressed nothing');
  t.equal(records.find((r) => r.templateId === 'numpy-subnormal' && r.attributes)?.attributes, undefined, 'input records are not modified');
  t.equal(out.length + policy.suppressedTotal, records.length);
});

void t.test('synthetic records always pass; signals policy keeps signals only', async (t) => {
  const records = incidentRecords();
  const synthetic = { ...records[0], relevance: 'context' as const, synthetic: true };
  const policy = new ExportPolicy({ policy: 'signals', noiseSampleIntervalMs: 60_000, maxTemplates: 100 });
  const out: typeof records = [];
  policy.select([...records, synthetic], out);
  t.equal(out.length, 41);
  t.ok(out.includes(synthetic));
});

void t.test('the template map is bounded (LRU)', async (t) => {
  const base = incidentRecords().find((r) => r.relevance === 'noise')!;
  const policy = new ExportPolicy({ policy: 'default', noiseSampleIntervalMs: 60_000, maxTemplates: 10 });
  const out: (typeof base)[] = [];
  const flood = Array.from({ length: 1000 }, (_, i) => ({ ...base, templateId: 't' + i }));
  policy.select(flood, out);
  t.equal(policy.templates, 10);
  t.equal(out.length, 1000, 'each new template is sampled once');
});
