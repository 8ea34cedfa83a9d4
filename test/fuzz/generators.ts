/**
 * Generated inputs for the fuzz suite: every body format Fluent Bit's http output sends (and
 * text/plain) under every Content-Encoding, and every line framing logsift reads, each either
 * well-formed (so counts must reconcile) or mutated (so only "no crash, a clear answer" holds).
 */
import fc from 'fast-check';
import { deflateSync, gzipSync } from 'node:zlib';
import { Packr } from 'msgpackr';
import snappy from 'snappyjs';
import { zstdOfBytes } from '../helpers/zstd-frames.js';

export const FORMATS = ['json', 'json_lines', 'json_stream', 'gelf', 'msgpack', 'msgpack_v2', 'text'] as const;
export const ENCODINGS = ['identity', 'gzip', 'deflate', 'zstd', 'snappy'] as const;
export type Format = (typeof FORMATS)[number];
export type Encoding = (typeof ENCODINGS)[number];

const packr = new Packr({ useRecords: false });

/** A log message: plain words, unicode, control characters, JSON-ish punctuation, long runs. */
export const message = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('[2023-03-15 09:42:37 +0900] [1] [CRITICAL] WORKER TIMEOUT (pid:9)', 'Traceback (most recent call last):', '  File "/app/x.py", line 1, in <module>', '\tat com.example.Main.main(Main.java:5)', 'I0315 09:42:07.123456       1 main.go:10] started', '{"level":"error","msg":"boom"}', 'level=warn msg="slow"') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', '{', '"', '\\', ' ', 'x.'), fc.integer({ min: 100, max: 3000 })).map(([c, n]) => c.repeat(n)) },
).map((m) => m.replace(/[\r\n]/g, ' '));

export interface GeneratedBody {
  format: Format;
  encoding: Encoding;
  messages: string[];
  body: Buffer;
  contentType: string;
  mutated: boolean;
}

function encodeFormat(format: Format, messages: string[]): { text: Buffer; contentType: string } {
  const recs = messages.map((m, i) => ({ date: 1700000000 + i, log: m, kubernetes: { namespace_name: 'fuzz', pod_name: `pod-${i % 3}`, container_name: 'c' } }));
  switch (format) {
    case 'json':
      return { text: Buffer.from(JSON.stringify(recs)), contentType: 'application/json' };
    case 'json_lines':
      return { text: Buffer.from(recs.map((r) => JSON.stringify(r) + '\n').join('')), contentType: 'application/x-ndjson' };
    case 'json_stream':
      return { text: Buffer.from(recs.map((r) => JSON.stringify(r)).join('')), contentType: 'application/json' };
    case 'gelf':
      return { text: Buffer.from(messages.map((m, i) => JSON.stringify({ version: '1.1', host: 'h', short_message: m, timestamp: 1700000000 + i }) + '\n').join('')), contentType: 'application/json' };
    case 'msgpack':
      return { text: Buffer.concat(recs.map((r, i) => packr.pack([1700000000 + i, r]))), contentType: 'application/msgpack' };
    case 'msgpack_v2':
      return { text: Buffer.concat(recs.map((r, i) => packr.pack([[1700000000 + i, {}], r]))), contentType: 'application/msgpack' };
    case 'text':
      return { text: Buffer.from(messages.map((m) => m + '\n').join('')), contentType: 'text/plain' };
  }
}

function encode(encoding: Encoding, data: Buffer): Buffer {
  switch (encoding) {
    case 'identity':
      return data;
    case 'gzip':
      return gzipSync(data);
    case 'deflate':
      return deflateSync(data);
    case 'zstd':
      return zstdOfBytes(data);
    case 'snappy':
      return Buffer.from(snappy.compress(data));
  }
}

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'duplicate'; at: number; length: number };

/** Byte-level damage: flips, truncation, insertion, duplication. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
);

function mutate(body: Buffer, ms: readonly Mutation[]): Buffer {
  let b = Buffer.from(body);
  for (const m of ms) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === 'flip') b[at] = m.value;
    else if (m.kind === 'truncate') b = b.subarray(0, at);
    else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
    else b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + m.length), b.subarray(at)]);
  }
  return b;
}

export const generatedBody: fc.Arbitrary<GeneratedBody> = fc
  .record({
    format: fc.constantFrom(...FORMATS),
    encoding: fc.constantFrom(...ENCODINGS),
    messages: fc.array(message, { minLength: 1, maxLength: 12 }),
    mutations: fc.oneof({ weight: 1, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
    damageBeforeEncoding: fc.boolean(),
  })
  .map(({ format, encoding, messages, mutations, damageBeforeEncoding }) => {
    const { text, contentType } = encodeFormat(format, messages);
    const body = damageBeforeEncoding ? encode(encoding, mutate(text, mutations)) : mutate(encode(encoding, text), mutations);
    return { format, encoding, messages, body, contentType, mutated: mutations.length > 0 };
  });

/** Line framings logsift reads from files, stdin and text bodies. */
export const FRAMINGS = ['raw', 'cri', 'cri_partial', 'docker', 'fluent_bit'] as const;

export interface GeneratedLines {
  framing: (typeof FRAMINGS)[number];
  /** Logical lines (what a reader of the application's output saw). */
  messages: string[];
  /** Physical lines as logsift reads them. */
  lines: string[];
}

function criTime(i: number): string {
  return `2023-03-15T00:42:${String(i % 60).padStart(2, '0')}.123456789Z`;
}

export const generatedLines: fc.Arbitrary<GeneratedLines> = fc
  .record({ framing: fc.constantFrom(...FRAMINGS), messages: fc.array(message, { minLength: 1, maxLength: 20 }), pieceSize: fc.integer({ min: 1, max: 64 }) })
  .map(({ framing, messages, pieceSize }) => {
    const lines: string[] = [];
    messages.forEach((m, i) => {
      if (framing === 'raw') lines.push(m);
      else if (framing === 'cri') lines.push(`${criTime(i)} stdout F ${m}`);
      else if (framing === 'docker') lines.push(JSON.stringify({ log: m + '\n', stream: 'stderr', time: '2023-03-15T00:42:07.000000000Z' }));
      else if (framing === 'fluent_bit') lines.push(JSON.stringify({ date: 1700000000 + i, log: m, kubernetes: { namespace_name: 'fuzz', pod_name: 'p', container_name: 'c' } }));
      else {
        // Split into P pieces ending with an F, as the kubelet does for long lines.
        const pieces: string[] = [];
        for (let at = 0; at < m.length; at += pieceSize) pieces.push(m.slice(at, at + pieceSize));
        if (pieces.length === 0) pieces.push('');
        pieces.forEach((p, j) => lines.push(`${criTime(i)} stdout ${j === pieces.length - 1 ? 'F' : 'P'} ${p}`));
      }
    });
    return { framing, messages, lines };
  });
