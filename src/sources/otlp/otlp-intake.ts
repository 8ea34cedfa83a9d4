import type { IngestQueue } from '../../pipeline/ingest-queue.js';
import type { SelfTelemetry } from '../../telemetry/self-telemetry.js';
import { Authenticator, authFromConfig } from '../http/auth.js';
import { HttpInputError } from '../http/input-error.js';
import { PodInterner } from '../http/pod-interner.js';
import { decodeLogsRequest, type OtlpDecodeOptions, type OtlpEncoding } from './decode-logs-request.js';
import type { OtlpSourceConfig } from './otlp-config.js';
import type { PartialSuccess } from './otlp-response.js';

/** `logsift.input.*{source}` values of the two transports. */
export type OtlpTransport = 'otlp_http' | 'otlp_grpc';

/** gRPC status codes (grpc/doc/statuscodes.md), named here to keep @grpc/grpc-js out of the HTTP path. */
export const GrpcCode = {
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/**
 * The gRPC code for a refusal, and the `Status.code` of an HTTP error body. Our own size limits
 * are INVALID_ARGUMENT: RESOURCE_EXHAUSTED without RetryInfo is retried by some Collector
 * versions, and a request over a limit never gets smaller. 429/503 carry RetryInfo.
 */
export function grpcCodeFor(err: HttpInputError): number {
  switch (err.status) {
    case 401:
      return GrpcCode.UNAUTHENTICATED;
    case 404:
      return GrpcCode.UNIMPLEMENTED;
    case 429:
      return GrpcCode.RESOURCE_EXHAUSTED;
    case 503:
      return GrpcCode.UNAVAILABLE;
    case 500:
      return GrpcCode.INTERNAL;
    default:
      return GrpcCode.INVALID_ARGUMENT;
  }
}

/** The queue is full: the sender should slow down (429 / RESOURCE_EXHAUSTED, both with a retry delay). */
export function otlpBusy(): HttpInputError {
  return new HttpInputError(429, 'busy', 'ingest queue is full');
}

/** logsift is stopping: retry, possibly elsewhere (503 / UNAVAILABLE). */
export function otlpStopping(): HttpInputError {
  return new HttpInputError(503, 'shutting_down', 'logsift is shutting down');
}

export interface OtlpIntakeDeps {
  config: OtlpSourceConfig;
  queue: IngestQueue;
  telemetry: SelfTelemetry;
  env?: NodeJS.ProcessEnv;
}

/**
 * What both OTLP transports share: credentials, admission, decoding into one batch and the
 * all-or-nothing offer to the ingest queue, and the self-telemetry. A request is answered
 * success only once its records are in the queue, so a retry never duplicates part of it.
 */
export class OtlpIntake {
  readonly auth: Authenticator;
  private readonly decodeOpts: OtlpDecodeOptions;
  private stopping = false;

  constructor(private readonly deps: OtlpIntakeDeps) {
    const c = deps.config;
    this.auth = new Authenticator(authFromConfig(c.auth, deps.env ?? process.env));
    this.decodeOpts = {
      maxRecords: c.maxRecordsPerRequest,
      maxValues: c.maxValuesPerRequest,
      maxValueDepth: c.maxValueDepth,
      messageKeys: c.messageKeys,
      interner: new PodInterner(c.maxPodIdentities),
    };
  }

  get retryAfterSeconds(): number {
    return this.deps.config.retryAfterSeconds;
  }

  /** New requests are refused from now on; requests already decoding finish. */
  close(): void {
    this.stopping = true;
  }

  /** The refusal for a request that arrives now (before its body is decoded), if any. */
  admission(authorization: string | undefined): HttpInputError | undefined {
    if (!this.auth.check(authorization)) return new HttpInputError(401, 'unauthorized', 'missing or wrong credentials');
    if (this.stopping || this.deps.queue.isClosed) return otlpStopping();
    if (this.deps.queue.saturated) return otlpBusy();
    return undefined;
  }

  /**
   * Decodes an uncompressed request and queues its records as one batch. Throws HttpInputError
   * for refusals; returns the partial success to report when records were rejected.
   */
  accept(body: Uint8Array, encoding: OtlpEncoding, transport: OtlpTransport, receivedBytes: number): PartialSuccess | undefined {
    const batch = decodeLogsRequest(body, encoding, this.decodeOpts);
    const { queue, telemetry } = this.deps;
    if (!queue.offer(batch.entries, batch.bytes)) throw queue.isClosed ? otlpStopping() : otlpBusy();
    telemetry.bytesIn.add(transport, receivedBytes);
    telemetry.recordsIn.add(transport, batch.entries.length);
    if (batch.invalidRecords > 0) telemetry.invalidRecords.add('invalid_record', batch.invalidRecords);
    if (batch.noMessage > 0) telemetry.invalidRecords.add('no_message', batch.noMessage);
    return batch.rejected > 0 ? { rejected: batch.rejected, message: batch.rejectionMessage() } : undefined;
  }

  /** Counts a refusal by reason (`logsift.input.rejected_requests`). */
  refused(err: HttpInputError): void {
    this.deps.telemetry.rejectedRequests.add(err.reason);
  }

  /** Counts a request that failed on logsift's side. */
  refusedInternal(): void {
    this.deps.telemetry.rejectedRequests.add('internal');
  }
}
