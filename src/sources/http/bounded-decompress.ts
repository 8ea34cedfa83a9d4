import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { uncompress as snappyUncompress } from 'snappyjs';
import { InflateBudget, InflateBudgetBusy, sharedInflateBudget } from '../inflate-budget.js';
import { decodeOffThread, WorkerUnavailable, type WorkerCodec } from './inflate-worker.js';
import { HttpInputError, malformed, tooLarge, unsupported } from './input-error.js';
import { planZstd } from './zstd-frames.js';
import { checkSnappyBlock } from './snappy-block.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** Bodies that inflate to at least this many bytes are decoded on the worker thread (zstd, snappy). */
const OFF_THREAD_BYTES = 1024 * 1024;
/** What a deflate body is assumed to inflate to before it proves otherwise (logs compress 10-40x). */
const ASSUMED_RATIO = 32;
const MIN_RESERVATION = 64 * 1024;

export interface DecompressOptions {
  /** Shared budget of bytes being inflated at once; default: the process-wide one. */
  budget?: InflateBudget;
}

/**
 * Decompresses a request body (`Content-Encoding`) without ever holding more than `limit`
 * output bytes: gzip/deflate stop at zlib's `maxOutputLength`, a zstd body's frame and block
 * headers are checked (window, declared and possible sizes) before decoding, a snappy block's
 * declared length before anything is allocated. Each body first reserves what it may inflate to
 * from the shared budget (waiting its turn), and the pure-JavaScript decoders run on a worker
 * thread for large bodies. Throws HttpInputError: 413 past the limit, 400 for corrupt data, 415
 * for an unknown encoding, 503 when the budget stays exhausted.
 */
export async function decompressBody(body: Buffer, encoding: string, limit: number, opts: DecompressOptions = {}): Promise<Buffer> {
  switch (encoding) {
    case '':
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return zlibBounded(gunzipAsync, body, limit, 'gzip', opts);
    case 'deflate':
      return zlibBounded(inflateAsync, body, limit, 'deflate', opts);
    case 'zstd': {
      const plan = planZstd(body, limit);
      return withBudget(opts, plan.outputBound, () => decodeJs('zstd', body, plan.outputBound, limit));
    }
    case 'snappy': {
      const declared = snappyDeclaredLength(body);
      if (declared < 0) throw malformed('invalid snappy block: bad length header');
      if (declared > limit) throw decompressedTooLarge(limit);
      checkSnappyBlock(body, declared, varintBytes(body));
      return withBudget(opts, declared, () => decodeJs('snappy', body, declared, limit));
    }
    default:
      throw unsupported(`unsupported Content-Encoding "${encoding.slice(0, 40)}" (gzip, deflate, zstd, snappy, identity)`);
  }
}

async function withBudget<T>(opts: DecompressOptions, bytes: number, work: () => Promise<T>): Promise<T> {
  const budget = opts.budget ?? sharedInflateBudget();
  let release: () => void;
  try {
    release = await budget.acquire(bytes);
  } catch (err) {
    if (err instanceof InflateBudgetBusy) throw new HttpInputError(503, 'busy', err.message);
    throw err;
  }
  try {
    return await work();
  } finally {
    release();
  }
}

type ZlibFn = (buf: Buffer, opts: { maxOutputLength: number; chunkSize: number }) => Promise<Buffer>;

/**
 * zlib's output chunk for a body: the 16 KiB default means one thread-pool round trip per 16 KiB
 * of output, which tripled the cost of inflating a 600 KiB batch. Logs compress about 20-40x.
 */
function inflateChunkSize(compressedBytes: number, limit: number): number {
  return Math.max(64 * 1024, Math.min(compressedBytes * 32, 1024 * 1024, limit));
}

/**
 * What a gzip/deflate body reserves first: a gzip member's trailer states its size (mod 2^32),
 * deflate states nothing. The first attempt is capped at that reservation; a body that inflates
 * past it (a lying trailer, several gzip members) is tried again holding the whole limit, so the
 * budget is never exceeded and an honest body is inflated once.
 */
function firstReservation(body: Buffer, name: string, limit: number): number {
  let guess = body.length * ASSUMED_RATIO;
  if (name === 'gzip' && body.length >= 18) {
    const isize = body.readUInt32LE(body.length - 4);
    guess = isize >= body.length / 1032 ? isize : limit;
  }
  return Math.min(limit, Math.max(MIN_RESERVATION, guess));
}

async function zlibBounded(fn: ZlibFn, body: Buffer, limit: number, name: string, opts: DecompressOptions): Promise<Buffer> {
  const first = firstReservation(body, name, limit);
  const attempt = (cap: number) =>
    withBudget(opts, cap, async () => {
      try {
        return await fn(body, { maxOutputLength: cap, chunkSize: inflateChunkSize(body.length, cap) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
        throw malformed(`invalid ${name} data: ${(err as Error).message}`);
      }
    });
  const out = (await attempt(first)) ?? (first < limit ? await attempt(limit) : undefined);
  if (out === undefined) throw decompressedTooLarge(limit);
  return out;
}

function decompressedTooLarge(limit: number) {
  return tooLarge(`body inflates past the decompressed limit of ${limit} bytes`);
}

/** zstd (fzstd) or snappy (snappyjs) on a body whose output is known to be at most `bound`. */
async function decodeJs(codec: WorkerCodec, body: Buffer, bound: number, limit: number): Promise<Buffer> {
  let out: Buffer;
  try {
    if (bound >= OFF_THREAD_BYTES) {
      out = await decodeOffThread(codec, body, limit);
    } else {
      const u = codec === 'zstd' ? zstdDecompress(body) : snappyUncompress(body, limit);
      out = Buffer.from(u.buffer, u.byteOffset, u.byteLength);
    }
  } catch (err) {
    if (err instanceof WorkerUnavailable) throw err;
    // The body was bounded before decoding, so anything the decoder throws is corrupt data.
    throw malformed(`invalid ${codec} data: ${(err as Error).message}`);
  }
  if (out.length > limit) throw decompressedTooLarge(limit);
  return out;
}

/** Bytes of the length varint at the start of a snappy block. */
function varintBytes(body: Buffer): number {
  let n = 0;
  while (n < body.length && n < 5 && body[n] & 0x80) n++;
  return n + 1;
}

/** The raw snappy block starts with its uncompressed length as a little-endian base-128 varint. */
export function snappyDeclaredLength(body: Buffer): number {
  let result = 0;
  let scale = 1;
  for (let i = 0; i < body.length && i < 5; i++) {
    const b = body[i];
    result += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return result;
    scale *= 128;
  }
  return -1;
}
