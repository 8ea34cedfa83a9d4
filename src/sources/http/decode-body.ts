import type { PodIdentity } from '../../model/record.js';
import { containerIdFromTag, podFromTag } from '../../decode/pod-identity.js';
import { decompressBody } from './bounded-decompress.js';
import { EntryBatch } from './entry-batch.js';
import { decodeJsonArrayInSlices, decodeJsonBody } from './json-body.js';
import { malformed, unsupported } from './input-error.js';
import { decodeMsgpackBody } from './msgpack-body.js';
import type { PodInterner } from './pod-interner.js';
import type { InflateBudget } from '../inflate-budget.js';

type BodyFormat = 'json' | 'msgpack' | 'text';

export interface DecodeRequest {
  body: Buffer;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  /** Fluent Bit tag (`Header_Tag`); a kubelet file-name tag names the pod. */
  tag?: string;
  /** Identity a text/plain sender gave in headers or the query string. */
  textPod?: PodIdentity;
  /**
   * The body is this request's own buffer, used by nothing else afterwards: the records may
   * keep referencing it and hand it to a pipeline worker (transferred) instead of copying.
   */
  bodyOwned?: boolean;
}

export interface DecodeOptions {
  maxDecompressedBytes: number;
  maxRecords: number;
  messageKeys: readonly string[];
  dateKeys: readonly string[];
  interner: PodInterner;
  /** Shared budget of bytes being inflated at once; default: the process-wide one. */
  inflateBudget?: InflateBudget;
}

const FORMATS: Readonly<Record<string, BodyFormat>> = {
  'application/json': 'json',
  'application/x-ndjson': 'json',
  'application/ndjson': 'json',
  'application/jsonlines': 'json',
  'application/x-jsonlines': 'json',
  'application/stream+json': 'json',
  'application/msgpack': 'msgpack',
  'application/x-msgpack': 'msgpack',
  'application/vnd.msgpack': 'msgpack',
  'text/plain': 'text',
};

/** Media type of a Content-Type value, or a 415 error. */
function bodyFormat(contentType: string | undefined): BodyFormat {
  if (contentType === undefined || contentType === '') throw unsupported('missing Content-Type (application/json, application/x-ndjson, application/msgpack or text/plain)');
  const semi = contentType.indexOf(';');
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  const format = Object.hasOwn(FORMATS, type) ? FORMATS[type] : undefined;
  if (format === undefined) throw unsupported(`unsupported Content-Type "${type.slice(0, 60)}"`);
  if (semi >= 0) {
    const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType.slice(semi));
    if (charset && !/^(utf-?8|us-ascii)$/i.test(charset[1])) throw unsupported(`unsupported charset "${charset[1].slice(0, 40)}" (UTF-8 only)`);
  }
  return format;
}

/**
 * One request body → its records as RawEntries, or an HttpInputError (400/413/415). Pure apart
 * from decompression running on libuv's pool, so it is tested and benchmarked without a server.
 * A body whose every record is bad can never succeed and is refused (400); otherwise the good
 * records are kept and the bad ones counted on the returned batch.
 */
export async function decodeBody(req: DecodeRequest, opts: DecodeOptions): Promise<EntryBatch> {
  const format = bodyFormat(req.contentType);
  const encoding = (req.contentEncoding ?? '').trim().toLowerCase();
  const raw = await decompressBody(req.body, encoding, opts.maxDecompressedBytes, { budget: opts.inflateBudget });
  const tagPod = req.tag ? podFromTag(req.tag) : undefined;
  const fallback = format === 'text' ? (req.textPod ?? tagPod) : tagPod;
  const batch = new EntryBatch(
    { messageKeys: opts.messageKeys, dateKeys: opts.dateKeys, maxRecords: opts.maxRecords, interner: opts.interner },
    fallback === undefined ? undefined : opts.interner.intern(fallback),
    fallback !== undefined && fallback === tagPod && req.tag ? containerIdFromTag(req.tag) : undefined,
  );
  // A decompressed body is a buffer of its own.
  if (format === 'msgpack') decodeMsgpackBody(raw, batch, raw !== req.body || req.bodyOwned === true);
  else await decodeLineSlices(raw.toString('utf8'), format === 'json' ? decodeJsonBody : decodeTextBody, batch);
  if (batch.count === 0 && batch.invalid > 0) {
    throw malformed(`no decodable record (${batch.invalidRecords} invalid, ${batch.noMessage} without a message key)`);
  }
  return batch;
}

/** Bodies larger than this are decoded a slice at a time, yielding to the event loop between slices. */
const SLICE_CHARS = 1024 * 1024;

/**
 * Decodes a large line-oriented body (text, json_lines, gelf) in slices cut at newlines, with an
 * event-loop turn between them, so a 60 MiB body does not hold /healthz and other requests for
 * the third of a second its decoding takes. Records never span lines in these formats (JSON
 * strings hold no raw newline). A JSON body is sliced by lines only when its first line is a whole
 * object (json_lines or gelf); a JSON array by its elements; a pretty-printed object in one piece.
 */
async function decodeLineSlices(text: string, decode: (text: string, batch: EntryBatch) => void, batch: EntryBatch): Promise<void> {
  if (text.length <= SLICE_CHARS) return decode(text, batch);
  if (decode === decodeJsonBody && !firstLineIsObject(text)) {
    // Fluent Bit's `json` array, element by element; anything else in one piece.
    if (!(await decodeJsonArrayInSlices(text, batch, SLICE_CHARS))) decode(text, batch);
    return;
  }
  let from = 0;
  while (from < text.length) {
    let to = text.indexOf('\n', Math.min(from + SLICE_CHARS, text.length - 1));
    to = to < 0 ? text.length : to + 1;
    decode(text.slice(from, to), batch);
    from = to;
    if (from < text.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function firstLineIsObject(text: string): boolean {
  const nl = text.indexOf('\n');
  if (nl < 0) return false;
  const line = text.slice(0, nl).trim();
  if (line.charCodeAt(0) !== 123 || line.charCodeAt(line.length - 1) !== 125) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** One line per log line; a final newline does not make an extra empty line. */
function decodeTextBody(text: string, batch: EntryBatch): void {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    batch.addLine(text.slice(start, lineEnd));
    start = end + 1;
  }
}
