import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { ChildService } from './child-service.js';
import { waitFor } from './wait-for.js';

export interface LogsiftStart {
  /** Directory holding dist/ (the repo, or a copy laid out as the image is). */
  cwd: string;
  configFile: string;
  ingestPort: number;
  /** Arguments after `node` (default: dist/cli/main.js serve --config FILE). */
  args?: string[];
  env?: Record<string, string>;
  /** Run as another user (only when the test runs as root). */
  uid?: number;
  gid?: number;
}

/**
 * The test's environment without OpenTelemetry and logsift settings, so only what a test sets
 * applies, and without the test runner's NODE_OPTIONS (its loaders write into .tap/).
 */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(OTEL_|LOGSIFT_|TAP|_TAPJS|NODE_OPTIONS$)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

/** Writes a logsift YAML config. */
export function writeConfig(file: string, config: object): void {
  writeFileSync(file, stringify(config));
}

/** `node dist/cli/main.js serve --config FILE`, ready once /healthz answers. */
export class LogsiftProcess {
  readonly url: string;

  private constructor(
    private readonly service: ChildService,
    ingestPort: number,
  ) {
    this.url = `http://127.0.0.1:${ingestPort}`;
  }

  static async start(opts: LogsiftStart): Promise<LogsiftProcess> {
    const service = ChildService.start('logsift', process.execPath, opts.args ?? ['dist/cli/main.js', 'serve', '--config', opts.configFile], {
      cwd: opts.cwd,
      env: cleanEnv(opts.env ?? {}),
      uid: opts.uid,
      gid: opts.gid,
    });
    const logsift = new LogsiftProcess(service, opts.ingestPort);
    try {
      await waitFor('logsift /healthz', async () => {
        if (!service.running) throw new Error(`logsift exited:\n${service.recentOutput()}`);
        const res = await fetch(`${logsift.url}/healthz`);
        return res.ok ? true : undefined;
      });
    } catch (err) {
      await service.stop();
      throw new Error(`${(err as Error).message}\n--- logsift output ---\n${service.recentOutput()}`);
    }
    return logsift;
  }

  get running(): boolean {
    return this.service.running;
  }

  recentOutput(): string {
    return this.service.recentOutput();
  }

  async stop(): Promise<number | null> {
    return this.service.stop();
  }

  async post(body: string | Uint8Array, contentType: string, path = '/'): Promise<{ status: number; body: string }> {
    const res = await fetch(`${this.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body: body as string | Uint8Array<ArrayBuffer> });
    return { status: res.status, body: await res.text() };
  }
}
