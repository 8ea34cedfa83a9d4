import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Component } from '../../component.js';
import type { IngestQueue } from '../../pipeline/ingest-queue.js';
import type { Logger } from '../../telemetry/logger.js';
import type { SelfTelemetry } from '../../telemetry/self-telemetry.js';
import { Authenticator, authFromConfig, type AuthSettings } from './auth.js';
import { guardedServer } from './guarded-server.js';
import { decodeBody, type DecodeOptions } from './decode-body.js';
import type { HttpSourceConfig } from './http-config.js';
import { HttpInputError, queueFull, shuttingDown, type RejectReason } from './input-error.js';
import { isLoopback } from './loopback.js';
import { PodInterner } from './pod-interner.js';
import { ReceivingBudget, declaredBodyBytes } from './receiving-budget.js';
import { textPodFromRequest } from './text-pod.js';
import { listenError } from '../../service/startup-error.js';
import type { InflateBudget } from '../inflate-budget.js';
import { standaloneCap } from '../../runtime/memory-split.js';

export interface HttpSourceDeps {
  config: HttpSourceConfig;
  queue: IngestQueue;
  telemetry: SelfTelemetry;
  logger: Logger;
  /** True while the pipeline cannot take more (sinks saturated); readiness reports it. */
  busy: () => boolean;
  /** Where LOGSIFT_HTTP_TOKEN / _USER / _PASSWORD are read; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Runs a config reload for `POST /-/reload`; undefined while the endpoint is switched off. */
  reload?: () => Promise<{ status: string }> | undefined;
  /** Bytes being inflated at once, shared with other inputs; default: the process-wide budget. */
  inflateBudget?: InflateBudget;
  /** Bodies being received at once, shared with the OTLP/HTTP input; default: one of its own (maxReceivingBytes). */
  receiving?: ReceivingBudget;
}

export interface HttpSource extends Component {
  /** `http://host:port` once listening. */
  readonly address: string | undefined;
  /** New credentials after a reload (the environment still fills what the config leaves out). */
  updateAuth(auth: AuthSettings): void;
}

/** Prometheus's path for the same thing; POST or PUT. */
export const RELOAD_PATH = '/-/reload';

const SOURCE = 'http';
const RECEIVING_BUSY = 'too many request bodies being received at once (input.http.maxReceivingBytes)';
const EMPTY = Buffer.alloc(0);
const STATUS_REASON: Readonly<Record<number, RejectReason>> = {
  400: 'malformed',
  401: 'unauthorized',
  404: 'not_found',
  413: 'too_large',
  415: 'unsupported_media',
};

/** Fluent Bit `http` output target (and text/plain for curl); see http-config.ts for settings. */
export function createHttpSource(deps: HttpSourceDeps): HttpSource {
  return new FluentBitHttpSource(deps);
}

/**
 * Answers 2xx only after the request's records are in the ingest queue as one batch, so a
 * Fluent Bit retry (same bytes) never duplicates part of a batch; a full queue or shutdown is
 * 503 (retried), and only bodies that can never succeed get a 4xx (dropped by Fluent Bit).
 */
class FluentBitHttpSource implements HttpSource {
  readonly name = 'http';
  private readonly app: FastifyInstance;
  private auth: Authenticator;
  private readonly decodeOpts: DecodeOptions;
  private readonly receiving: ReceivingBudget;
  /** Node lowercases incoming header names. */
  private readonly tagHeader: string;
  private listening = false;
  private stopping = false;
  private stopped?: Promise<void>;
  private url?: string;

  constructor(private readonly deps: HttpSourceDeps) {
    const c = deps.config;
    this.auth = new Authenticator(authFromConfig(c.auth, deps.env ?? process.env));
    this.tagHeader = c.tagHeader.toLowerCase();
    this.decodeOpts = {
      maxDecompressedBytes: c.maxDecompressedBytes,
      maxRecords: c.maxRecordsPerRequest,
      messageKeys: c.messageKeys,
      dateKeys: c.dateKeys,
      interner: new PodInterner(c.maxPodIdentities),
      inflateBudget: deps.inflateBudget,
    };
    this.receiving = deps.receiving ?? new ReceivingBudget(standaloneCap(c.maxReceivingBytes));
    this.app = this.buildApp();
  }

  get address(): string | undefined {
    return this.url;
  }

  async start(): Promise<void> {
    if (this.listening || this.stopping) return;
    const { host, port } = this.deps.config;
    try {
      await this.app.listen({ host, port });
    } catch (err) {
      throw listenError('HTTP input', host, port, err);
    }
    const addr = this.app.server.address() as AddressInfo;
    this.url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
    this.listening = true;
  }

  async flush(): Promise<void> {}

  updateAuth(auth: AuthSettings): void {
    this.auth = new Authenticator(authFromConfig(auth, this.deps.env ?? process.env));
  }

  /** New requests get 503 `shutting_down`; in-flight ones finish before the server closes. */
  stop(): Promise<void> {
    this.stopping = true;
    this.stopped ??= this.listening ? this.app.close() : Promise.resolve();
    return this.stopped;
  }

  private buildApp(): FastifyInstance {
    const c = this.deps.config;
    const app = Fastify({
      logger: false,
      bodyLimit: c.bodyLimit,
      ...guardedServer(c),
      // Our own onRequest answers 503 with Retry-After while stopping.
      return503OnClosing: false,
      forceCloseConnections: 'idle',
    });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: c.bodyLimit }, (_req, body, done) => done(null, body));
    app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => this.onError(err, reply));
    app.setNotFoundHandler((_req, reply) => this.refuse(reply, new HttpInputError(404, 'not_found', 'no such path')));
    app.get('/healthz', (_req, reply) => reply.send({ status: 'ok' }));
    app.get('/readyz', (_req, reply) => this.readiness(reply));
    app.route({
      method: ['POST', 'PUT'],
      url: c.path,
      onRequest: (req, reply, done) => this.admit(req, reply, done),
      handler: (req, reply) => this.ingest(req, reply),
    });
    if (this.deps.reload && c.path !== RELOAD_PATH) {
      app.route({
        method: ['POST', 'PUT'],
        url: RELOAD_PATH,
        onRequest: (req, reply, done) => this.admitControl(req, reply, done),
        handler: (_req, reply) => this.reload(reply),
      });
    }
    return app;
  }

  /** Control requests: from this host only, with the ingest credentials; a full queue does not matter. */
  private admitControl(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
    if (!isLoopback(req.socket.remoteAddress)) {
      this.refuse(reply, new HttpInputError(403, 'forbidden', `${RELOAD_PATH} answers loopback peers only`));
    } else if (!this.auth.check(req.headers.authorization)) {
      reply.header('www-authenticate', 'Basic realm="logsift", Bearer realm="logsift"');
      this.refuse(reply, new HttpInputError(401, 'unauthorized', 'missing or wrong credentials'));
    } else if (this.stopping) {
      this.refuse(reply, shuttingDown());
    } else {
      done();
    }
  }

  /** As Prometheus answers its own: 200 when applied, 500 with the reason when refused. */
  private async reload(reply: FastifyReply): Promise<FastifyReply> {
    const outcome = this.deps.reload?.();
    if (outcome === undefined) return this.refuse(reply, new HttpInputError(404, 'not_found', `${RELOAD_PATH} is switched off (reload.endpoint)`));
    const result = await outcome;
    return reply.code(result.status === 'error' ? 500 : 200).send(result);
  }

  /** Runs before the body is read, so refused requests cost no decoding. */
  private admit(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
    if (!this.auth.check(req.headers.authorization)) {
      reply.header('www-authenticate', 'Basic realm="logsift", Bearer realm="logsift"');
      this.refuse(reply, new HttpInputError(401, 'unauthorized', 'missing or wrong credentials'));
    } else if (this.stopping) {
      this.refuse(reply, shuttingDown());
    } else if (this.deps.queue.saturated) {
      this.refuse(reply, queueFull());
    } else {
      const bytes = declaredBodyBytes(header(req.headers['content-length']), this.deps.config.bodyLimit);
      if (!this.receiving.tryReserve(bytes)) {
        this.refuse(reply, new HttpInputError(503, 'busy', RECEIVING_BUSY));
        return;
      }
      // Given back once the response is out or the connection is gone, whatever happened.
      reply.raw.once('close', () => this.receiving.release(bytes));
      done();
    }
  }

  private async ingest(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const body = Buffer.isBuffer(req.body) ? req.body : EMPTY;
    const headers = req.headers;
    let batch;
    try {
      batch = await decodeBody(
        {
          body,
          contentType: headers['content-type'],
          contentEncoding: headers['content-encoding'],
          tag: header(headers[this.tagHeader]),
          textPod: textPodFromRequest(headers, req.query),
          // fastify's buffer parser concatenates every body into a new buffer.
          bodyOwned: true,
        },
        this.decodeOpts,
      );
    } catch (err) {
      return this.onError(err as Error, reply);
    }
    const { queue, telemetry } = this.deps;
    const records = batch.count;
    const bodyBytes = body.length; // a queued body may be handed to a worker (transferred) from now on
    if (!queue.offerPacked(batch.packed(), batch.bytes)) {
      return this.refuse(reply, queue.isClosed ? shuttingDown() : queueFull());
    }
    telemetry.bytesIn.add(SOURCE, bodyBytes);
    telemetry.recordsIn.add(SOURCE, records);
    if (batch.invalidRecords > 0) telemetry.invalidRecords.add('invalid_record', batch.invalidRecords);
    if (batch.noMessage > 0) telemetry.invalidRecords.add('no_message', batch.noMessage);
    return reply.code(200).send({ accepted: records, invalid: batch.invalid });
  }

  private readiness(reply: FastifyReply): FastifyReply {
    let reason: string | undefined;
    if (!this.listening) reason = 'starting';
    else if (this.stopping) reason = 'shutting_down';
    else if (this.deps.queue.saturated || this.deps.busy()) reason = 'busy';
    if (reason === undefined) return reply.send({ status: 'ready' });
    return reply.code(503).send({ status: 'not_ready', reason });
  }

  private onError(err: Error & { statusCode?: number }, reply: FastifyReply): FastifyReply {
    if (err instanceof HttpInputError) return this.refuse(reply, err);
    const status = err.statusCode;
    const reason = status === undefined ? undefined : STATUS_REASON[status];
    if (status !== undefined && reason !== undefined) return this.refuse(reply, new HttpInputError(status, reason, err.message));
    // Not the sender's fault: 500 makes Fluent Bit retry rather than drop.
    this.deps.logger.warn({ err }, 'http ingest failed');
    this.deps.telemetry.rejectedRequests.add('internal');
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  }

  private refuse(reply: FastifyReply, err: HttpInputError): FastifyReply {
    this.deps.telemetry.rejectedRequests.add(err.reason);
    this.deps.logger.debug({ status: err.status, reason: err.reason, msg: err.message }, 'http request refused');
    if (err.status === 503) {
      const retryAfterSeconds = this.deps.config.retryAfterSeconds;
      reply.header('retry-after', String(retryAfterSeconds));
      return reply.code(503).send({ error: err.reason, message: err.message, retryAfterSeconds });
    }
    return reply.code(err.status).send({ error: err.reason, message: err.message });
  }
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
