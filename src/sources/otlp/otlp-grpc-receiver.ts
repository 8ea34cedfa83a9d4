import * as grpc from '@grpc/grpc-js';
import { listenError } from '../../service/startup-error.js';
import type { Logger } from '../../telemetry/logger.js';
import { HttpInputError } from '../http/input-error.js';
import type { OtlpSourceConfig } from './otlp-config.js';
import { GrpcCode, grpcCodeFor, type OtlpIntake } from './otlp-intake.js';
import { exportResponse, retryStatusDetails } from './otlp-response.js';

const EXPORT_PATH = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';
/** The OTLP spec's recommended response limit; our responses are a few hundred bytes. */
const MAX_SEND_BYTES = 4 * 1024 * 1024;
/** How long stop() lets in-flight calls finish before closing their connections. */
const SHUTDOWN_GRACE_MS = 5000;

const identity = (b: Buffer): Buffer => b;

/**
 * The service definition with byte-for-byte (de)serialisers: grpc-js does the HTTP/2 framing,
 * the gzip/deflate message decompression (bounded by `grpc.max_receive_message_length`, the
 * configured decompressed limit) and status trailers; the payload goes to the same decoder as
 * OTLP/HTTP protobuf. Clients (tests, the bench) build theirs from the same definition.
 */
export const LOGS_SERVICE: grpc.ServiceDefinition = {
  Export: {
    path: EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

/**
 * grpc-js reports a failed bind as "No address added ... errors: [listen EADDRINUSE: ...]"
 * with no `code`; the system code in its text gives the same one-line reason as the HTTP inputs.
 */
function withSystemCode(err: Error): Error {
  const code = /\b(E[A-Z]{3,}[A-Z_]*)\b/.exec(err.message)?.[1];
  return code === undefined ? err : Object.assign(new Error(err.message), { code });
}

/**
 * OTLP/gRPC `opentelemetry.proto.collector.logs.v1.LogsService/Export`. Backpressure is
 * RESOURCE_EXHAUSTED (queue full) or UNAVAILABLE (stopping), each with a RetryInfo detail the
 * Collector's exporters honour; bad payloads are INVALID_ARGUMENT, missing credentials
 * UNAUTHENTICATED.
 */
export class OtlpGrpcReceiver {
  private readonly server: grpc.Server;
  private boundPort?: number;
  private stopped?: Promise<void>;

  constructor(
    private readonly config: OtlpSourceConfig,
    private readonly intake: OtlpIntake,
    private readonly logger: Logger,
  ) {
    // grpc-js writes its own errors to stderr; ours go through the service logger instead.
    const toDebug = (...args: unknown[]): void => logger.debug({ grpc: args.join(' ') }, 'grpc-js');
    grpc.setLogger({ error: toDebug, info: toDebug, debug: toDebug });
    this.server = new grpc.Server({
      'grpc.max_receive_message_length': config.maxDecompressedBytes,
      'grpc.max_send_message_length': MAX_SEND_BYTES,
      'grpc.max_concurrent_streams': config.grpc.maxConcurrentStreams,
      // Nothing serves channelz here; its per-call tracking is pure cost on the hot path.
      'grpc.enable_channelz': 0,
    });
    this.server.addService(LOGS_SERVICE, { Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => this.export(call, callback) });
  }

  /** `host:port` once listening. */
  get address(): string | undefined {
    if (this.boundPort === undefined) return undefined;
    const host = this.config.grpc.host;
    return `${host.includes(':') ? `[${host}]` : host}:${this.boundPort}`;
  }

  start(): Promise<void> {
    if (this.boundPort !== undefined || this.stopped) return Promise.resolve();
    const { host, port } = this.config.grpc;
    const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    return new Promise((resolve, reject) => {
      this.server.bindAsync(target, grpc.ServerCredentials.createInsecure(), (err, bound) => {
        if (err) return reject(listenError('OTLP/gRPC input', host, port, withSystemCode(err)));
        this.boundPort = bound;
        resolve();
      });
    });
  }

  /** No new calls; in-flight ones finish within a grace period, then connections are closed. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      if (this.boundPort === undefined) {
        this.server.forceShutdown();
        return resolve();
      }
      const timer = setTimeout(() => this.server.forceShutdown(), SHUTDOWN_GRACE_MS);
      timer.unref();
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.stopped;
  }

  private export(call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>): void {
    const auth = call.metadata.get('authorization')[0];
    const refusal = this.intake.admission(typeof auth === 'string' ? auth : undefined);
    if (refusal !== undefined) return this.refuse(refusal, callback);
    const body = call.request;
    let partial;
    try {
      partial = this.intake.accept(body, 'protobuf', 'otlp_grpc', body.length);
    } catch (err) {
      if (err instanceof HttpInputError) return this.refuse(err, callback);
      this.logger.warn({ err }, 'otlp grpc ingest failed');
      this.intake.refusedInternal();
      return callback({ code: GrpcCode.INTERNAL, details: 'internal error' });
    }
    callback(null, exportResponse('protobuf', partial));
  }

  private refuse(err: HttpInputError, callback: grpc.sendUnaryData<Buffer>): void {
    this.intake.refused(err);
    this.logger.debug({ status: err.status, reason: err.reason, msg: err.message }, 'otlp grpc call refused');
    const code = grpcCodeFor(err);
    const metadata = new grpc.Metadata();
    if (err.status === 429 || err.status === 503) {
      metadata.set('grpc-status-details-bin', retryStatusDetails(code, err.message, this.intake.retryAfterSeconds));
    }
    callback({ code, details: err.message, metadata });
  }
}
