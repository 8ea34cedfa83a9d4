// Correctness in the same run: logsift's per-pod lifecycle counts against the generator's
// summary.json (Booting worker = boot, WORKER TIMEOUT = timeout, signal 9 = kill), and a digest of
// what came out (records by relevance, lines, loops) so runs can be compared with each other.

/** Pods whose boot/timeout/kill differ from the summary (a missing pod counts), as "pod: got vs want". */
export function lifecycleMismatches(perPod, summary) {
  const bad = [];
  for (const [pod, want] of Object.entries(summary.per_pod_lifecycle)) {
    const got = perPod.get(pod) ?? { boot: 0, timeout: 0, kill: 0 };
    if (got.boot !== want.booting || got.timeout !== want.worker_timeout || got.kill !== want.signal_9) {
      bad.push(`${pod}: boot/timeout/kill ${got.boot}/${got.timeout}/${got.kill} vs ${want.booting}/${want.worker_timeout}/${want.signal_9}`);
    }
  }
  return bad;
}

/** From `analyze --json`: per-pod counts, loops, digest. */
export function checkAnalyze(doc, summary) {
  const perPod = new Map(doc.pods.map((p) => [p.pod, p.events]));
  const looping = doc.pods.filter((p) => p.restartLoop.active).map((p) => p.pod).sort();
  const r = doc.summary.byRelevance;
  return {
    mismatches: lifecycleMismatches(perPod, summary),
    digest: `${doc.summary.lines} lines, ${doc.summary.records} records (${r.signal}/${r.context}/${r.noise}), loops declared ${doc.loops.length}, active ${looping.length}`,
    looping,
    loopsDeclared: doc.loops.map((l) => l.pod).sort(),
  };
}

/**
 * Reads `logsift tag` output as it streams (no JSON.parse per line: the fields it needs are found
 * by position in the fixed key order recordToJsonLine writes).
 */
export class TagVerifier {
  records = 0;
  lines = 0;
  byRelevance = { signal: 0, context: 0, noise: 0 };
  perPod = new Map();
  loopsDeclared = [];
  private_rest = '';

  push(chunk) {
    const text = this.private_rest + chunk;
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      this.line(text, from, nl);
      from = nl + 1;
    }
    this.private_rest = text.slice(from);
  }

  line(t, from, to) {
    this.records++;
    const pod = field(t, '"k8s.pod.name":"', from, to);
    const rel = field(t, '"logsift.relevance":"', from, to);
    if (rel in this.byRelevance) this.byRelevance[rel]++;
    if (t.indexOf('"logsift.synthetic":true', from) < to && t.indexOf('"logsift.synthetic":true', from) >= 0) {
      this.loopsDeclared.push(pod);
      return;
    }
    const linesAt = t.indexOf('"logsift.lines":', from);
    this.lines += linesAt >= 0 && linesAt < to ? parseInt(t.slice(linesAt + 16, linesAt + 24), 10) : 1;
    const event = field(t, '"logsift.event":"', from, to);
    if (event === 'boot' || event === 'timeout' || event === 'kill') {
      let p = this.perPod.get(pod);
      if (!p) this.perPod.set(pod, (p = { boot: 0, timeout: 0, kill: 0 }));
      p[event]++;
    }
  }

  check(summary) {
    const r = this.byRelevance;
    return {
      mismatches: lifecycleMismatches(this.perPod, summary),
      // Every record, the synthesized loop records included, as analyze's summary counts them (this
      // digest used to leave those out, so tag's row read 4 signals fewer than analyze's).
      digest: `${this.lines} lines, ${this.records} records (${r.signal}/${r.context}/${r.noise}), loops declared ${this.loopsDeclared.length}`,
      loopsDeclared: [...this.loopsDeclared].sort(),
    };
  }
}

function field(t, key, from, to) {
  const at = t.indexOf(key, from);
  if (at < 0 || at >= to) return undefined;
  const start = at + key.length;
  return t.slice(start, t.indexOf('"', start));
}

/** From a Prometheus scrape: per-pod lifecycle totals and active loops. */
export function checkMetrics(samples, expected) {
  const perPod = new Map();
  const looping = [];
  for (const s of samples) {
    if (s.name === 'logsift_lifecycle_events_total') {
      const e = s.labels.event;
      if (e !== 'boot' && e !== 'timeout' && e !== 'kill') continue;
      const pod = s.labels.k8s_pod_name;
      let p = perPod.get(pod);
      if (!p) perPod.set(pod, (p = { boot: 0, timeout: 0, kill: 0 }));
      p[e] += s.value;
    } else if (s.name === 'logsift_restart_loop_active' && s.value === 1) looping.push(s.labels.k8s_pod_name);
  }
  return { mismatches: lifecycleMismatches(perPod, expected), looping: looping.sort() };
}
