import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeLogsRequest, decodeMetricsRequest } from './otlp-protobuf.js';

export type Attrs = Record<string, string | number | boolean | undefined>;

export interface ReceivedLog {
  resource: Attrs;
  scope: string;
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: unknown;
  attributes: Attrs;
}

export interface ReceivedPoint {
  metric: string;
  kind: 'sum' | 'gauge';
  monotonic?: boolean;
  /** 1 delta, 2 cumulative (OTLP enum). */
  temporality?: number;
  attributes: Attrs;
  resource: Attrs;
  value: number;
  startTimeUnixNano: string;
  timeUnixNano: string;
}

export interface ReceivedRequest {
  path: string;
  contentType: string;
  encoding?: string;
  headers: IncomingMessage['headers'];
}

/** What to answer; default 200. */
export type Responder = (req: ReceivedRequest) => { status: number; headers?: Record<string, string> };

type AnyValue = Record<string, unknown> | undefined;

function anyValue(v: AnyValue): unknown {
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('arrayValue' in v) return ((v.arrayValue as { values?: AnyValue[] }).values ?? []).map(anyValue);
  if ('kvlistValue' in v) return attrs((v.kvlistValue as { values?: unknown[] }).values);
  if ('bytesValue' in v) return v.bytesValue;
  return undefined;
}

function attrs(list: unknown): Attrs {
  const out: Attrs = {};
  for (const kv of (list as { key: string; value: AnyValue }[] | undefined) ?? []) out[kv.key] = anyValue(kv.value) as Attrs[string];
  return out;
}

/** OTLP/JSON or decoded protobuf (same field names) → flat records. */
export function normaliseLogs(req: Record<string, unknown>): ReceivedLog[] {
  const out: ReceivedLog[] = [];
  for (const rl of (req.resourceLogs as Record<string, unknown>[] | undefined) ?? []) {
    const resource = attrs((rl.resource as Record<string, unknown> | undefined)?.attributes);
    for (const sl of (rl.scopeLogs as Record<string, unknown>[] | undefined) ?? []) {
      const scope = String((sl.scope as { name?: string } | undefined)?.name ?? '');
      for (const lr of (sl.logRecords as Record<string, unknown>[] | undefined) ?? []) {
        out.push({
          resource,
          scope,
          timeUnixNano: String(lr.timeUnixNano ?? '0'),
          observedTimeUnixNano: String(lr.observedTimeUnixNano ?? '0'),
          severityNumber: Number(lr.severityNumber ?? 0),
          severityText: String(lr.severityText ?? ''),
          body: anyValue(lr.body as AnyValue),
          attributes: attrs(lr.attributes),
        });
      }
    }
  }
  return out;
}

export function normaliseMetrics(req: Record<string, unknown>): ReceivedPoint[] {
  const out: ReceivedPoint[] = [];
  for (const rm of (req.resourceMetrics as Record<string, unknown>[] | undefined) ?? []) {
    const resource = attrs((rm.resource as Record<string, unknown> | undefined)?.attributes);
    for (const sm of (rm.scopeMetrics as Record<string, unknown>[] | undefined) ?? []) {
      for (const m of (sm.metrics as Record<string, unknown>[] | undefined) ?? []) {
        const sum = m.sum as Record<string, unknown> | undefined;
        const gauge = m.gauge as Record<string, unknown> | undefined;
        const body = sum ?? gauge;
        if (!body) continue;
        for (const dp of (body.dataPoints as Record<string, unknown>[] | undefined) ?? []) {
          out.push({
            metric: String(m.name),
            kind: sum ? 'sum' : 'gauge',
            monotonic: sum ? Boolean(sum.isMonotonic) : undefined,
            temporality: sum ? Number(sum.aggregationTemporality) : undefined,
            attributes: attrs(dp.attributes),
            resource,
            value: Number(dp.asInt ?? dp.asDouble ?? 0),
            startTimeUnixNano: String(dp.startTimeUnixNano ?? '0'),
            timeUnixNano: String(dp.timeUnixNano ?? '0'),
          });
        }
      }
    }
  }
  return out;
}

/**
 * A tiny OTLP/HTTP receiver on 127.0.0.1 for tests: decodes JSON and protobuf bodies (gzip too),
 * keeps what it got, answers what `respond` says, and can go away and come back on the same port.
 */
export class OtlpReceiver {
  readonly logs: ReceivedLog[] = [];
  /** One entry per accepted metrics request. */
  readonly metricRequests: ReceivedPoint[][] = [];
  readonly requests: (ReceivedRequest & { status: number })[] = [];
  respond: Responder = () => ({ status: 200 });
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: this.port }, resolve);
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Closes the listener and every connection (the port stays ours to reuse). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The latest value of each series of `metric` (by attributes), across accepted requests. */
  latest(metric: string): ReceivedPoint[] {
    const bySeries = new Map<string, ReceivedPoint>();
    for (const req of this.metricRequests) {
      for (const p of req) if (p.metric === metric) bySeries.set(JSON.stringify(Object.entries(p.attributes).sort()), p);
    }
    return [...bySeries.values()];
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const info: ReceivedRequest = {
        path: req.url ?? '',
        contentType: String(req.headers['content-type'] ?? ''),
        encoding: req.headers['content-encoding'],
        headers: req.headers,
      };
      const answer = this.respond(info);
      this.requests.push({ ...info, status: answer.status });
      if (answer.status >= 200 && answer.status < 300) {
        try {
          this.accept(info, Buffer.concat(chunks));
        } catch (err) {
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end(`cannot decode: ${(err as Error).message}`);
          return;
        }
      }
      res.writeHead(answer.status, { ...answer.headers, 'content-type': info.contentType || 'application/json' });
      res.end(info.contentType.includes('json') ? '{}' : '');
    });
  }

  private accept(info: ReceivedRequest, raw: Buffer): void {
    const body = info.encoding === 'gzip' ? gunzipSync(raw) : raw;
    const json = info.contentType.includes('json');
    if (info.path.startsWith('/v1/logs')) {
      const decoded = json ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : decodeLogsRequest(body);
      this.logs.push(...normaliseLogs(decoded));
    } else if (info.path.startsWith('/v1/metrics')) {
      const decoded = json ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : decodeMetricsRequest(body);
      this.metricRequests.push(normaliseMetrics(decoded));
    } else {
      throw new Error(`unexpected path ${info.path}`);
    }
  }
}
