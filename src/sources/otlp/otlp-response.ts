import type { OtlpEncoding } from './decode-logs-request.js';
import { ExportLogsServiceResponse, RETRY_INFO_TYPE_URL, RetryInfo, RpcStatus } from './otlp-logs-schema.js';

/** Answers in the OTLP specification's terms (opentelemetry-proto docs/specification.md). */

export const CONTENT_TYPE: Readonly<Record<OtlpEncoding, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** Bodies are Buffers so the server adds no `charset` to the content type the spec fixes. */
const EMPTY = Buffer.alloc(0);
const EMPTY_JSON = Buffer.from('{}');

/** `partial_success` is set only when records were rejected ("MUST leave it unset" otherwise). */
export interface PartialSuccess {
  rejected: number;
  message: string;
}

/** The ExportLogsServiceResponse as the request's encoding. */
export function exportResponse(encoding: OtlpEncoding, partial: PartialSuccess | undefined): Buffer {
  if (encoding === 'json') {
    // int64 in the JSON mapping is a decimal string.
    return partial === undefined
      ? EMPTY_JSON
      : Buffer.from(JSON.stringify({ partialSuccess: { rejectedLogRecords: String(partial.rejected), errorMessage: partial.message } }));
  }
  if (partial === undefined) return EMPTY;
  return Buffer.from(
    ExportLogsServiceResponse.encode({ partialSuccess: { rejectedLogRecords: partial.rejected, errorMessage: partial.message } }).finish(),
  );
}

/** The google.rpc.Status body of a 4xx/5xx answer; `code` is the matching gRPC code. */
export function statusBody(encoding: OtlpEncoding, code: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  return Buffer.from(RpcStatus.encode({ code, message }).finish());
}

/**
 * `grpc-status-details-bin`: a google.rpc.Status carrying RetryInfo, which the Collector's
 * exporters read to wait before retrying (and to treat RESOURCE_EXHAUSTED as retryable).
 */
export function retryStatusDetails(code: number, message: string, retryAfterSeconds: number): Buffer {
  const retryInfo = RetryInfo.encode({ retryDelay: { seconds: retryAfterSeconds, nanos: 0 } }).finish();
  return Buffer.from(RpcStatus.encode({ code, message, details: [{ typeUrl: RETRY_INFO_TYPE_URL, value: retryInfo }] }).finish());
}
