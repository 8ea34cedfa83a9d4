// Running the built logsift as a child and measuring it: wall time, CPU seconds of every thread
// (user + system, from the kernel), peak RSS; Prometheus scrapes with their latency.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
export const MAIN = join(here, '..', '..', 'dist', 'cli', 'main.js');
const REPORT_USAGE = join(here, 'report-usage.mjs');

/**
 * The heap flags `logsift serve` gives itself for a memory budget (default: the default config's)
 * when it starts without any (src/runtime/heap-relaunch.ts). Benches that measure the child's
 * pid pass them to node themselves, so that pid is the serving process; [] for an older tree.
 */
export async function serveHeapFlags(budgetBytes) {
  const dist = new URL('../../dist/', import.meta.url);
  const heap = await import(new URL('runtime/heap-limits.js', dist)).catch(() => undefined);
  if (heap?.mainHeapFlags === undefined) return [];
  const { memoryBudget } = await import(new URL('runtime/memory-budget.js', dist));
  const { buildConfig } = await import(new URL('config/load-config.js', dist));
  return heap.mainHeapFlags(memoryBudget(budgetBytes ?? buildConfig({}).memory.budgetBytes).bytes);
}

/** A temporary YAML config (JSON is YAML) for one run; removed by the caller via `cleanup`. */
export function tempConfig(config) {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-'));
  const path = join(dir, 'config.yaml');
  writeFileSync(path, JSON.stringify(config));
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs `logsift <args>` to completion. stdin: a file path (read by the child itself) or undefined.
 * onStdout(chunk: string) sees the output as it comes (verification without holding it);
 * `capture` keeps it whole instead. Resolves { seconds, cpu, user, system, rssMiB, code, stdout, stderr }.
 */
export function runLogsift(args, { stdinFile, onStdout, capture = false, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-'));
  const usageFile = join(dir, 'usage.json');
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', REPORT_USAGE, MAIN, ...args], {
      env: { ...process.env, ...env, LOGSIFT_BENCH_USAGE_FILE: usageFile },
      stdio: [stdinFile ? openSync(stdinFile, 'r') : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      if (capture) stdout += d;
      onStdout?.(d);
    });
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d.length < 100_000 ? d : ''));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      let usage = { user: NaN, system: NaN, maxRSS: NaN };
      try {
        usage = JSON.parse(readFileSync(usageFile, 'utf8'));
      } catch {}
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`logsift ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      resolve({ seconds, user: usage.user, system: usage.system, cpu: usage.user + usage.system, rssMiB: usage.maxRSS / 1024, code, stdout, stderr });
    });
  });
}

/** CPU seconds (all threads) and peak RSS of a running process, from /proc. */
export function procUsage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = 100; // USER_HZ on Linux
  const user = Number(fields[11]) / ticks;
  const system = Number(fields[12]) / ticks;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  const rss = /VmRSS:\s+(\d+) kB/.exec(status);
  return { cpu: user + system, user, system, peakRssMiB: hwm ? Number(hwm[1]) / 1024 : NaN, rssMiB: rss ? Number(rss[1]) / 1024 : NaN };
}

/** GET a URL; resolves { status, body, ms }. */
export function httpGet(url, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body, ms: performance.now() - t0 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Samples of the Prometheus text format: name{labels} value (enough for logsift's own output). */
export function promSamples(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const space = line.lastIndexOf(' ');
    const name = brace >= 0 ? line.slice(0, brace) : line.slice(0, line.indexOf(' '));
    const labels = {};
    if (brace >= 0) {
      const body = line.slice(brace + 1, line.lastIndexOf('}'));
      for (const m of body.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]] = m[2];
    }
    out.push({ name, labels, value: Number(line.slice(space + 1)) });
  }
  return out;
}

export function sumOf(samples, name, match = {}) {
  let n = 0;
  for (const s of samples) {
    if (s.name !== name) continue;
    if (Object.entries(match).every(([k, v]) => s.labels[k] === v)) n += s.value;
  }
  return n;
}

/** Scrapes `url` every `everyMs` until stopped; keeps each scrape's latency. */
export function scraper(url, everyMs = 250) {
  const latencies = [];
  let last;
  let stopped = false;
  let failures = 0;
  const loop = (async () => {
    while (!stopped) {
      try {
        const r = await httpGet(url);
        if (r.status === 200) {
          latencies.push(r.ms);
          last = r.body;
        } else failures++;
      } catch {
        failures++;
      }
      await new Promise((res) => setTimeout(res, everyMs));
    }
  })();
  return {
    get last() {
      return last;
    },
    latencies,
    get failures() {
      return failures;
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** Waits for `predicate()` (async) to be true, polling; throws after timeoutMs. */
export async function waitFor(predicate, { everyMs = 200, timeoutMs = 600_000, what = 'condition' } = {}) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The machine's conditions, printed with every table: figures taken under load are noisy. */
export function conditions() {
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `node ${process.version}, ${availableParallelism()} CPUs, load average ${load}`;
}
