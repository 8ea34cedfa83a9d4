import t from 'tap';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { buildConfig } from '../../src/config/load-config.js';
import type { PodIdentity, RawEntry } from '../../src/model/record.js';
import { Service } from '../../src/service/service.js';
import type { MetricsSink } from '../../src/sinks/metrics-sink.js';
import { parsePrometheusText, type PromSample } from '../helpers/prometheus-text.js';
import { loopingPodEntries, stamp } from '../helpers/looping-pods.js';

/*
 * Scrapes read the pod state as of the pipeline's last tick or flush (with workers, a snapshot
 * kept on the main thread), and the in-thread pipeline processes a long backlog a slice at a
 * time: a scrape never waits for busy workers or for a whole backlog, and says the same as
 * before once a batch is processed.
 */

const defaultPod: PodIdentity = { namespace: 'dev', pod: 'unknown', container: 'app' };
const config = buildConfig({ input: { http: { enabled: false } }, export: { prometheus: { host: '127.0.0.1', port: 0 } } });


function offer(service: Service, batch: RawEntry[]): void {
  if (!service.runner.queue.offer(batch, batch.reduce((n, e) => n + e.line.length, 0))) throw new Error('the queue refused the batch');
}

async function started(workers: number): Promise<{ service: Service; url: string }> {
  const service = new Service({ config, logger: pino({ level: 'silent' }), defaultPod, stdout: new Writable({ write: (_c, _e, cb) => cb() }), env: {}, workers });
  await service.start();
  const metrics = service.sinks.components.find((c) => c.name === 'metrics') as MetricsSink;
  const addr = metrics.prometheusAddress!;
  return { service, url: `http://127.0.0.1:${addr.port}/metrics` };
}

async function scrape(url: string): Promise<PromSample[]> {
  const res = await fetch(url);
  return parsePrometheusText(await res.text()).samples;
}

/** The per-pod series of design §5, as sorted text lines (label order fixed). */
function podSeries(samples: PromSample[]): string[] {
  return samples
    .filter((s) => /^logsift_(lifecycle_events_total|lifecycle_window_events|restart_loop_active)$/.test(s.name))
    .map((s) => `${s.name}{${Object.keys(s.labels).sort().map((k) => `${k}=${s.labels[k]}`).join(',')}} ${s.value}`)
    .sort();
}

const value = (samples: PromSample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);

t.test('after a batch, a scrape says the same with the pipeline in workers as in-thread, and as the state itself', async (t) => {
  const seen: string[][] = [];
  for (const workers of [0, 2]) {
    const { service, url } = await started(workers);
    t.teardown(() => service.stop());
    offer(service, loopingPodEntries());
    await service.runner.flush();
    const samples = await scrape(url);
    const series = podSeries(samples);
    t.equal(value(samples, 'logsift_restart_loop_active'), 3, `${workers} workers: three pods loop`);
    t.equal(value(samples, 'logsift_lifecycle_events_total', { event: 'boot' }), 3 * 4 + 9, `${workers} workers: every boot counted`);
    t.equal(value(samples, 'logsift_lifecycle_events_total', { event: 'kill' }), 3 * 4, `${workers} workers: every kill counted`);
    // The scrape's pods are the pipeline's own (asked directly, a round trip with workers).
    const pods = await service.runner.snapshot(Date.now());
    t.same(
      series.filter((l) => l.startsWith('logsift_lifecycle_events_total')).length,
      pods.reduce((n, p) => n + Object.values(p.totals).filter((v) => (v ?? 0) > 0).length, 0),
      `${workers} workers: one total series per pod and event it had`,
    );
    seen.push(series);
    await service.stop();
  }
  t.ok(seen[0].length > 30, 'the pods are in the scrape');
  t.same(seen[1], seen[0], 'the same series and values with 2 workers as in-thread');
});

t.test('a scrape during a long backlog answers before the backlog is processed', async (t) => {
  for (const workers of [0, 1]) {
    const { service, url } = await started(workers);
    t.teardown(() => service.stop());
    // One batch far larger than a slice (a request may carry 250,000 records): 60 pods.
    const backlog: RawEntry[] = [];
    for (let i = 0; i < 150_000; i++) {
      const pod = { namespace: 'shop', pod: `web-${i % 60}`, container: 'web' };
      backlog.push({ line: `${stamp(i % 3600)} [${i}] [INFO] GET /api/items/${i} 200 ${i % 977}ms`, pod, streamKey: pod.pod });
    }
    offer(service, backlog);
    const during = await scrape(url);
    const waiting = value(during, 'logsift_queue_depth', { queue: 'ingest' });
    t.ok(waiting > 0, `${workers} workers: answered with ${waiting} entries still waiting`);
    t.ok(waiting <= backlog.length, `${workers} workers: the depth counts the batch being processed`);
    await service.runner.flush();
    const after = await scrape(url);
    t.equal(value(after, 'logsift_queue_depth', { queue: 'ingest' }), 0, `${workers} workers: nothing waits after the flush`);
    t.equal(value(after, 'logsift_log_records_total'), backlog.length, `${workers} workers: every line made its record`);
    await service.stop();
  }
});
