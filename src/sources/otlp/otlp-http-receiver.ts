import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../telemetry/logger.js';
import { listenError } from '../../service/startup-error.js';
import { decompressBody } from '../http/bounded-decompress.js';
import { guardedServer } from '../http/guarded-server.js';
import { declaredBodyBytes, type ReceivingBudget } from '../http/receiving-budget.js';
import { HttpInputError, unsupported } from '../http/input-error.js';
import type { OtlpEncoding } from './decode-logs-request.js';
import type { OtlpSourceConfig } from './otlp-config.js';
import { GrpcCode, grpcCodeFor, type OtlpIntake } from './otlp-intake.js';
import { CONTENT_TYPE, exportResponse, statusBody } from './otlp-response.js';

const EMPTY = Buffer.alloc(0);
const STATUS_REASON: Readonly<Record<number, HttpInputError['reason']>> = {
  400: 'malformed',
  413: 'too_large',
  415: 'unsupported_media',
};

/** Media types of OTLP/HTTP bodies; `application/protobuf` is accepted as a common variant. */
function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  if (contentType === undefined) return undefined;
  const semi = contentType.indexOf(';');
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

/**
 * OTLP/HTTP `POST /v1/logs`: binary protobuf and JSON on the same port, `Content-Encoding` gzip
 * (and the Fluent Bit input's deflate, zstd, snappy) inflated with the same bounded
 * decompression. Answers follow the OTLP specification: 200 with an ExportLogsServiceResponse
 * in the request's encoding (`partial_success` when records were rejected), errors as a
 * google.rpc.Status, 429/503 with `Retry-After`.
 */
export class OtlpHttpReceiver {
  private readonly app: FastifyInstance;
  private listening = false;
  private closed?: Promise<void>;
  private url?: string;

  constructor(
    private readonly config: OtlpSourceConfig,
    private readonly intake: OtlpIntake,
    private readonly logger: Logger,
    private readonly receiving?: ReceivingBudget,
  ) {
    this.app = this.buildApp();
  }

  get address(): string | undefined {
    return this.url;
  }

  async start(): Promise<void> {
    if (this.listening || this.closed) return;
    const { host, port } = this.config.http;
    try {
      await this.app.listen({ host, port });
    } catch (err) {
      throw listenError('OTLP/HTTP input', host, port, err);
    }
    const addr = this.app.server.address() as AddressInfo;
    this.url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
    this.listening = true;
  }

  /** In-flight requests finish; idle keep-alive connections are closed. */
  stop(): Promise<void> {
    this.closed ??= this.listening ? this.app.close() : Promise.resolve();
    return this.closed;
  }

  private buildApp(): FastifyInstance {
    const c = this.config;
    const app = Fastify({ logger: false, bodyLimit: c.bodyLimit, ...guardedServer(c.http), return503OnClosing: false, forceCloseConnections: 'idle' });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: c.bodyLimit }, (_req, body, done) => done(null, body));
    app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => this.onError(err, req, reply));
    app.setNotFoundHandler((req, reply) => this.refuse(req, reply, new HttpInputError(404, 'not_found', `no such path; OTLP logs go to POST ${c.http.path}`)));
    app.route({
      method: 'POST',
      url: c.http.path,
      onRequest: (req, reply, done) => this.admit(req, reply, done),
      handler: (req, reply) => this.ingest(req, reply),
    });
    app.route({
      method: ['GET', 'PUT', 'DELETE', 'PATCH'],
      url: c.http.path,
      handler: (req, reply) => {
        reply.header('allow', 'POST');
        return this.send(req, reply, 405, statusBody(encodingOf(req.headers['content-type']) ?? 'json', GrpcCode.UNIMPLEMENTED, 'only POST is supported'));
      },
    });
    return app;
  }

  /** Before the body is read: refused requests cost no reading or decoding. */
  private admit(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
    let refusal = this.intake.admission(req.headers.authorization);
    if (refusal === undefined && encodingOf(req.headers['content-type']) === undefined) {
      refusal = unsupported('Content-Type must be application/x-protobuf or application/json');
    }
    if (refusal === undefined) {
      if (this.receiving === undefined) return done();
      const bytes = declaredBodyBytes(header(req.headers['content-length']), this.config.bodyLimit);
      if (this.receiving.tryReserve(bytes)) {
        // Given back once the response is out or the connection is gone, whatever happened.
        reply.raw.once('close', () => this.receiving?.release(bytes));
        return done();
      }
      refusal = new HttpInputError(429, 'busy', 'too many request bodies being received at once (input.http.maxReceivingBytes)');
    }
    if (refusal.status === 401) reply.header('www-authenticate', 'Basic realm="logsift", Bearer realm="logsift"');
    this.refuse(req, reply, refusal);
  }

  private async ingest(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const received = Buffer.isBuffer(req.body) ? req.body : EMPTY;
    const encoding = encodingOf(req.headers['content-type']) ?? 'json';
    let partial;
    try {
      const encodingHeader = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
      const body = await decompressBody(received, encodingHeader, this.config.maxDecompressedBytes);
      partial = this.intake.accept(body, encoding, 'otlp_http', received.length);
    } catch (err) {
      return this.onError(err as Error, req, reply);
    }
    return this.send(req, reply, 200, exportResponse(encoding, partial));
  }

  private onError(err: Error & { statusCode?: number }, req: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (err instanceof HttpInputError) return this.refuse(req, reply, err);
    const status = err.statusCode;
    const reason = status === undefined ? undefined : STATUS_REASON[status];
    if (status !== undefined && reason !== undefined) return this.refuse(req, reply, new HttpInputError(status, reason, err.message));
    // Not the sender's fault, and not retryable by the OTLP rules either: counted, logged.
    this.logger.warn({ err }, 'otlp http ingest failed');
    this.intake.refusedInternal();
    return this.send(req, reply, 500, statusBody(encodingOf(req.headers['content-type']) ?? 'json', GrpcCode.INTERNAL, 'internal error'));
  }

  private refuse(req: FastifyRequest, reply: FastifyReply, err: HttpInputError): FastifyReply {
    this.intake.refused(err);
    this.logger.debug({ status: err.status, reason: err.reason, msg: err.message }, 'otlp http request refused');
    if (err.status === 429 || err.status === 503) reply.header('retry-after', String(this.intake.retryAfterSeconds));
    const encoding = encodingOf(req.headers['content-type']) ?? 'json';
    return this.send(req, reply, err.status, statusBody(encoding, grpcCodeFor(err), err.message));
  }

  private send(req: FastifyRequest, reply: FastifyReply, status: number, body: Buffer): FastifyReply {
    const encoding = encodingOf(req.headers['content-type']) ?? 'json';
    return reply.code(status).header('content-type', CONTENT_TYPE[encoding]).send(body);
  }
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
