import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { OtlpSignalSettings } from './resolve-otlp-settings.js';

const gzipAsync = promisify(gzip);

/** Outcome of one export request. `reason` is from a small fixed set (a metric attribute). */
export type PostResult =
  | { ok: true; status: number }
  | { ok: false; retryable: true; reason: 'unavailable' | 'timeout' | 'throttled' | 'server_busy'; status?: number; retryAfterMs?: number }
  | { ok: false; retryable: false; reason: 'rejected'; status: number };

/** OTLP/HTTP: only these statuses may be retried (the spec's list). */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const MAX_RESPONSE_BYTES = 64 * 1024;

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * POSTs OTLP bodies with node's http client, so retries, Retry-After and timeouts are ours
 * (the SDK exporters retry on their own schedule and drop after a few attempts).
 */
export class OtlpHttpClient {
  private readonly url: URL;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly settings: OtlpSignalSettings,
    contentType: string,
  ) {
    this.url = new URL(settings.url);
    this.headers = { ...settings.headers, 'content-type': contentType, 'user-agent': 'logsift' };
    if (settings.compression === 'gzip') this.headers['content-encoding'] = 'gzip';
  }

  async post(body: Uint8Array, signal?: AbortSignal): Promise<PostResult> {
    const payload = this.settings.compression === 'gzip' ? await gzipAsync(body) : body;
    return new Promise<PostResult>((resolve) => {
      const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
      let settled = false;
      const done = (r: PostResult) => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
      const req = send(
        this.url,
        {
          method: 'POST',
          headers: { ...this.headers, 'content-length': String(payload.byteLength) },
          timeout: this.settings.timeoutMs,
          signal,
        },
        (res) => readResponse(res, done),
      );
      req.on('timeout', () => {
        done({ ok: false, retryable: true, reason: 'timeout' });
        req.destroy();
      });
      req.on('error', () => done({ ok: false, retryable: true, reason: 'unavailable' }));
      req.end(payload);
    });
  }
}

function readResponse(res: IncomingMessage, done: (r: PostResult) => void): void {
  const status = res.statusCode ?? 0;
  let seen = 0;
  // The body is not needed (partial-success details are not acted on); read it to free the socket.
  res.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_RESPONSE_BYTES) res.destroy();
  });
  res.on('error', () => undefined);
  const finish = () => {
    if (status >= 200 && status < 300) done({ ok: true, status });
    else if (RETRYABLE_STATUS.has(status)) {
      const header = res.headers['retry-after'];
      done({
        ok: false,
        retryable: true,
        reason: status === 429 ? 'throttled' : 'server_busy',
        status,
        retryAfterMs: parseRetryAfter(Array.isArray(header) ? header[0] : header),
      });
    } else done({ ok: false, retryable: false, reason: 'rejected', status });
  };
  res.on('end', finish);
  res.on('close', finish);
}
