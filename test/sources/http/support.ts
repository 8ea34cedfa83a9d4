import { request, type ClientRequest } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { pino } from 'pino';
import { buildConfig } from '../../../src/config/load-config.js';
import type { PodIdentity, RawEntry } from '../../../src/model/record.js';
import { IngestQueue, type IngestQueueOptions } from '../../../src/pipeline/ingest-queue.js';
import { createHttpSource, type HttpSource } from '../../../src/sources/http/http-source.js';
import type { HttpSourceConfig } from '../../../src/sources/http/http-config.js';
import { SelfTelemetry } from '../../../src/telemetry/self-telemetry.js';

export const FIXTURES = new URL('../../fixtures/fluent-bit-out-http/', import.meta.url);

/** Every captured request: `<case>.body` + `<case>.headers.json` + `<case>.decoded.json`. */
export function fixtureCases(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.headers.json'))
    .map((f) => f.slice(0, -'.headers.json'.length))
    .sort();
}

export interface CapturedRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body: Buffer;
}

export function capturedRequest(name: string): CapturedRequest {
  const h = JSON.parse(readFileSync(new URL(name + '.headers.json', FIXTURES), 'utf8')) as Omit<CapturedRequest, 'body'>;
  return { method: h.method, path: h.path, headers: h.headers, body: readFileSync(new URL(name + '.body', FIXTURES)) };
}

export function decodedFixture(name: string): { records: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(new URL(name + '.decoded.json', FIXTURES), 'utf8')) as { records: Record<string, unknown>[] };
}

/** The http section with defaults applied by the real config validator. */
export function httpConfig(overrides: Record<string, unknown> = {}): HttpSourceConfig {
  return buildConfig({ input: { http: { port: 0, ...overrides } } }).input.http;
}

export interface Harness {
  source: HttpSource;
  queue: IngestQueue;
  telemetry: SelfTelemetry;
  url: string;
}

/** A real source on 127.0.0.1:0 in front of a real IngestQueue (nothing drains it unless the test does). */
export async function startSource(
  overrides: Record<string, unknown> = {},
  queueOpts: Partial<IngestQueueOptions> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<Harness> {
  const queue = new IngestQueue({ maxRecords: 100_000, maxBytes: 64 * 1024 * 1024, lowWatermark: 0.5, ...queueOpts });
  const telemetry = new SelfTelemetry();
  const source = createHttpSource({
    config: httpConfig(overrides),
    queue,
    telemetry,
    logger: pino({ level: 'silent' }),
    busy: () => false,
    env,
  });
  await source.start();
  return { source, queue, telemetry, url: source.address! };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends a request with the given header pairs in the given order (the captured bytes' order,
 * `Host` and `Content-Length` included) on a fresh connection.
 */
export function send(url: string, method: string, path: string, headers: [string, string][], body: Buffer | string): Promise<Answer> {
  const u = new URL(url);
  const flat: string[] = [];
  for (const [k, v] of headers) flat.push(k, v);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, method, path, headers: flat, setHost: false, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
          req.destroy();
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** POST with a content type (and optional extra headers); Content-Length set from the body. */
export function post(url: string, contentType: string, body: Buffer | string, extra: [string, string][] = [], path = '/'): Promise<Answer> {
  const len = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const host = new URL(url).host;
  return send(url, 'POST', path, [['Host', host], ['Content-Type', contentType], ['Content-Length', String(len)], ...extra], body);
}

/** Every entry the queue holds, in order. */
/**
 * A POST whose headers (Content-Length `length`) and first 100 bytes are sent, the rest held back:
 * a slow client holding its reservation. End it with `req.end(rest)`.
 */
export function openPost(url: string, length: number): { req: ClientRequest; status: Promise<number> } {
  const u = new URL(url);
  let req!: ClientRequest;
  const status = new Promise<number>((resolve, reject) => {
    req = request(
      { host: u.hostname, port: u.port, method: 'POST', path: '/', agent: false, headers: { 'content-type': 'text/plain', 'content-length': String(length) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
  });
  req.flushHeaders();
  req.write('x'.repeat(99) + '\n');
  return { req, status };
}

export function drain(queue: IngestQueue): RawEntry[] {
  const out: RawEntry[] = [];
  for (let b = queue.take(); b; b = queue.take()) out.push(...b);
  return out;
}

/** The tag every fixture case uses (fixture README), in kubelet file-name form. */
export const FIXTURE_TAG_POD: PodIdentity = { namespace: 'default', pod: 'web-7d4b9c-abcde', container: 'app' };
/** The kubernetes map the sixth record of each gunicorn case carries (fixture README). */
export const FIXTURE_MAP_POD: PodIdentity = { namespace: 'default', pod: 'web-7d4b9c-abcde', container: 'app', node: 'node-1' };
