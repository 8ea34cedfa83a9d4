import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ChildService } from './child-service.js';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

/** Why Prometheus tests cannot run here, or undefined when `prometheus` and `promtool` are on PATH. */
export function prometheusMissing(): string | undefined {
  for (const bin of ['prometheus', 'promtool']) {
    try {
      execFileSync(bin, ['--version'], { stdio: 'ignore' });
    } catch {
      return `${bin} not found on PATH: install Debian's prometheus package (bash .ci/install-prometheus.sh)`;
    }
  }
  return undefined;
}

export interface Sample {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

interface ApiAnswer<T> {
  status: 'success' | 'error';
  data: T;
  errorType?: string;
  error?: string;
  warnings?: string[];
}

export interface PrometheusOptions {
  /** A fresh temporary directory: config and TSDB go there. */
  dir: string;
  /** host:port targets of one job named `logsift`. */
  targets: string[];
  ruleFiles?: string[];
}

/** A real Prometheus on 127.0.0.1, scraping every second, with its HTTP API. */
export class PrometheusServer {
  private constructor(
    readonly url: string,
    private readonly service: ChildService,
  ) {}

  static async start({ dir, targets, ruleFiles = [] }: PrometheusOptions): Promise<PrometheusServer> {
    const port = await freePort();
    const configFile = join(dir, 'prometheus.yml');
    writeFileSync(
      configFile,
      stringify({
        global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
        rule_files: ruleFiles,
        scrape_configs: [{ job_name: 'logsift', static_configs: [{ targets }] }],
      }),
    );
    const service = ChildService.start(
      'prometheus',
      'prometheus',
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { cwd: dir },
    );
    const server = new PrometheusServer(`http://127.0.0.1:${port}`, service);
    try {
      await waitFor('Prometheus to be ready', async () => {
        if (!service.running) throw new Error(`prometheus exited:\n${service.recentOutput()}`);
        const res = await fetch(`${server.url}/-/ready`);
        return res.ok ? true : undefined;
      });
    } catch (err) {
      await service.stop();
      throw err;
    }
    return server;
  }

  recentOutput(): string {
    return this.service.recentOutput();
  }

  async stop(): Promise<void> {
    await this.service.stop();
  }

  /** GET an API path; an API error (bad PromQL, ...) throws with Prometheus' message. */
  async api<T>(path: string, params: Record<string, string | string[]> = {}): Promise<T> {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) search.append(k, one);
    const res = await fetch(`${this.url}${path}?${search}`);
    const body = (await res.json()) as ApiAnswer<T>;
    if (body.status !== 'success') throw new Error(`${path} ${JSON.stringify(params)}: ${body.errorType}: ${body.error}`);
    return body.data;
  }

  async query(expr: string, time?: number): Promise<Sample[]> {
    const params: Record<string, string> = { query: expr };
    if (time !== undefined) params.time = String(time);
    const data = await this.api<{ resultType: string; result: Sample[] | [number, string] }>('/api/v1/query', params);
    if (data.resultType !== 'vector' && data.resultType !== 'matrix') {
      throw new Error(`${expr}: expected a vector, got a ${data.resultType}`);
    }
    return data.result as Sample[];
  }

  async queryRange(expr: string, startS: number, endS: number, stepS: number): Promise<Sample[]> {
    const data = await this.api<{ resultType: string; result: Sample[] }>('/api/v1/query_range', {
      query: expr,
      start: String(startS),
      end: String(endS),
      step: String(stepS),
    });
    return data.result;
  }

  async labelValues(label: string, match: string): Promise<string[]> {
    return this.api<string[]>(`/api/v1/label/${encodeURIComponent(label)}/values`, { 'match[]': match });
  }

  /** The value of a one-series instant query, or undefined when it returns nothing. */
  async scalar(expr: string): Promise<number | undefined> {
    const result = await this.query(expr);
    if (result.length > 1) throw new Error(`${expr}: expected at most one series, got ${result.length}`);
    return result[0]?.value ? Number(result[0].value[1]) : undefined;
  }
}
