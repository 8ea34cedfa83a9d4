import { malformed } from '../http/input-error.js';
import type { PodInterner } from '../http/pod-interner.js';
import { isObject } from './any-value.js';
import { readLogsRequestLean } from './lean-logs-reader.js';
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
  if (encoding === 'protobuf') {
    const lean = newBatch(opts);
    if (readLogsRequestLean(body, lean, limits, opts.maxRecords)) return checked(lean);
    // What the lean reader does not model, and every refusal with its message.
    return decodeLogsRequestFull(body, opts);
  }
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  checkJsonShape(text, limits);
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (err) {
    throw malformed(`invalid JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  if (!isObject(request)) throw malformed('an OTLP/JSON ExportLogsServiceRequest must be a JSON object');
  const batch = newBatch(opts);
  batch.addRequest(request);
  return checked(batch);
}

/**
 * The full decode alone (pre-scan, protobufjs, walk), never the lean reader: the reference the
 * lean reader is tested against.
 */
export function decodeLogsRequestFull(body: Uint8Array, opts: OtlpDecodeOptions): OtlpEntryBatch {
  const limits = { maxValues: opts.maxValues, maxValueDepth: opts.maxValueDepth };
  checkProtobufShape(body, limits);
  let request: ExportLogsRequestMsg;
  try {
    request = ExportLogsServiceRequest.decode(body) as ExportLogsRequestMsg;
  } catch (err) {
    throw malformed(`undecodable protobuf ExportLogsServiceRequest: ${(err as Error).message}`);
  }
  const batch = newBatch(opts);
  batch.addRequest(request);
  return checked(batch);
}

function newBatch(opts: OtlpDecodeOptions): OtlpEntryBatch {
  return new OtlpEntryBatch({ maxRecords: opts.maxRecords, messageKeys: opts.messageKeys, maxValueDepth: opts.maxValueDepth, interner: opts.interner });
}

function checked(batch: OtlpEntryBatch): OtlpEntryBatch {
  if (batch.entries.length === 0 && batch.rejected > 0) throw malformed(`no usable log record: ${batch.rejectionMessage()}`);
  return batch;
}
