import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { loadConfig } from '../../../src/config/load-config.js';
import { Service } from '../../../src/service/service.js';
import { captureLogger } from '../../helpers/capture-logger.js';

export const RELOAD_FIXTURES = fileURLToPath(new URL('../../fixtures/reload/', import.meta.url));
export const POD = { namespace: 'dev', pod: 'api-7f9c6d5b8-x2x9k', container: 'api' };
export const TOKEN = 's3cret-token';
export const OTLP_ANY_PORT = { http: { port: 0 }, grpc: { port: 0 } };

export const cacheLine = (seq: number) => `[2023-03-15 09:44:30 +0900] [1] [INFO] cache refresh took ${10 + (seq % 50)}ms seq=${seq}`;

export interface Harness {
  dir: string;
  rulesDir: string;
  configPath: string;
  service: Service;
  logs: Record<string, unknown>[];
  /** Records the stdout sink wrote, parsed. */
  records: Record<string, unknown>[];
  writeConfig(config: object): void;
  usePack(fixture: string): void;
  ingest(lines: string[], token?: string, pod?: string): Promise<number>;
  reload(token?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** A real Service on 127.0.0.1:0, configured from a file in a temp dir with a user rules dir. */
export async function startService(config: object, pack = 'cache-context.yaml', workers = 0): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-reload-'));
  const rulesDir = join(dir, 'rules');
  mkdirSync(rulesDir);
  const configPath = join(dir, 'logsift.yaml');
  const base = (extra: object) => ({
    log: { level: 'debug' },
    // Every listener on a port of its own: another serve on this machine may hold 4317/4318.
    input: { http: { port: 0, auth: { token: TOKEN } }, stdin: { enabled: false }, otlp: OTLP_ANY_PORT },
    export: { prometheus: { enabled: false }, stdout: { enabled: true } },
    pipeline: { classify: { extraRulesDirs: [rulesDir] } },
    ...extra,
  });
  const writeConfig = (extra: object) => writeFileSync(configPath, stringify(base(extra)));
  const usePack = (fixture: string) => copyFileSync(join(RELOAD_FIXTURES, fixture), join(rulesDir, 'myapp.yaml'));
  writeConfig(config);
  usePack(pack);

  const { logger, lines: logs } = captureLogger();
  const records: Record<string, unknown>[] = [];
  let partial = '';
  const stdout = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const p of parts) records.push(JSON.parse(p) as Record<string, unknown>);
      cb();
    },
  });
  const service = new Service({ config: loadConfig(configPath), configPath, logger, defaultPod: POD, stdout, env: {}, workers });
  await service.start();
  const url = service.http.address!;

  const auth = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  return {
    dir,
    rulesDir,
    configPath,
    service,
    logs,
    records,
    writeConfig,
    usePack,
    async ingest(lines, token = TOKEN, pod = POD.pod) {
      const res = await fetch(url + '/', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-logsift-namespace': POD.namespace, 'x-logsift-pod': pod, 'x-logsift-container': POD.container, ...auth(token) },
        body: lines.join('\n') + '\n',
      });
      await res.arrayBuffer();
      return res.status;
    },
    async reload(token = TOKEN) {
      const res = await fetch(url + '/-/reload', { method: 'POST', headers: auth(token) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async close() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The records whose body holds `seq=N`, by N. */
export function bySeq(records: Record<string, unknown>[]): Map<number, Record<string, unknown>[]> {
  const out = new Map<number, Record<string, unknown>[]>();
  for (const r of records) {
    const m = /seq=(\d+)/.exec(String(r.body));
    if (!m) continue;
    const n = Number(m[1]);
    out.set(n, [...(out.get(n) ?? []), r]);
  }
  return out;
}

export const relevance = (r: Record<string, unknown> | undefined) => (r?.attributes as Record<string, unknown> | undefined)?.['logsift.relevance'];

export { writeFileSync };
