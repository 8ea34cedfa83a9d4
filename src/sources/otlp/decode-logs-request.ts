import { malformed } from '../http/input-error.js';
import type { PodInterner } from '../http/pod-interner.js';
import { isObject } from './any-value.js';
import { OtlpEntryBatch } from './otlp-entry-batch.js';
import { ExportLogsServiceRequest, type ExportLogsRequestMsg } from './otlp-logs-schema.js';
import { checkJsonShape, checkProtobufShape } from './request-shape.js';

/** The two OTLP payload encodings (the gRPC transport carries protobuf). */
export type OtlpEncoding = 'protobuf' | 'json';

export interface OtlpDecodeOptions {
  maxRecords: number;
  maxValues: number;
  maxValueDepth: number;
  messageKeys: readonly string[];
  interner: PodInterner;
}

/**
 * An uncompressed ExportLogsServiceRequest → its records as RawEntries, or an HttpInputError:
 * 400 for bytes that do not decode (or a request none of whose records is usable), 413 past
 * the record or value limits. Synchronous and free of I/O: the HTTP and gRPC receivers and the
 * bench share it.
 */
export function decodeLogsRequest(body: Uint8Array, encoding: OtlpEncoding, opts: OtlpDecodeOptions): OtlpEntryBatch {
  const limits = { maxValues: opts.maxValues, maxValueDepth: opts.maxValueDepth };
  let request: ExportLogsRequestMsg;
  if (encoding === 'protobuf') {
    checkProtobufShape(body, limits);
    try {
      request = ExportLogsServiceRequest.decode(body) as ExportLogsRequestMsg;
    } catch (err) {
      throw malformed(`undecodable protobuf ExportLogsServiceRequest: ${(err as Error).message}`);
    }
  } else {
    const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
    checkJsonShape(text, limits);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw malformed(`invalid JSON: ${(err as Error).message.slice(0, 200)}`);
    }
    if (!isObject(parsed)) throw malformed('an OTLP/JSON ExportLogsServiceRequest must be a JSON object');
    request = parsed;
  }
  const batch = new OtlpEntryBatch({
    maxRecords: opts.maxRecords,
    messageKeys: opts.messageKeys,
    maxValueDepth: opts.maxValueDepth,
    interner: opts.interner,
  });
  batch.addRequest(request);
  if (batch.entries.length === 0 && batch.rejected > 0) throw malformed(`no usable log record: ${batch.rejectionMessage()}`);
  return batch;
}
