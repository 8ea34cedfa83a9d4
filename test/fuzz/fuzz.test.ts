/**
 * The fuzz suite (issue 8): generated and mutated request bodies (every format x encoding) and
 * line streams (every framing) through the real decoders, line reader and pipeline. In `npm test`
 * it runs briefly with a fixed seed; `npm run fuzz` runs it at length (FUZZ_RUNS inputs in all,
 * FUZZ_SEED to vary) and also counts inputs that took over a second.
 */
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import t, { type Test } from 'tap';
import { createClassifier } from '../../src/classify/create-classifier.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { LogRecord, RawEntry } from '../../src/model/record.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { decodeBody, type DecodeOptions } from '../../src/sources/http/decode-body.js';
import type { EntryBatch } from '../../src/sources/http/entry-batch.js';
import { decodeJsonArrayInSlices } from '../../src/sources/http/json-body.js';
import { HttpInputError } from '../../src/sources/http/input-error.js';
import { PodInterner } from '../../src/sources/http/pod-interner.js';
import { readLineBatches } from '../../src/sources/line-batches.js';
import { SelfTelemetry } from '../../src/telemetry/self-telemetry.js';
import { generatedBody, generatedLines, message, type GeneratedBody } from './generators.js';

const LONG = process.env.FUZZ_RUNS !== undefined;
const TOTAL = LONG ? Number(process.env.FUZZ_RUNS) : 600;
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
/** Shares of the inputs: bodies, line streams, byte streams for the line reader. */
const RUNS = { bodies: Math.round(TOTAL * 0.6), lines: Math.round(TOTAL * 0.3), reader: Math.round(TOTAL * 0.1) };
const HANG_MS = 1000;

const config = loadConfig();
const classifier = createClassifier(config.pipeline.classify);

/**
 * Time per input. A hang is an input that burns more than HANG_MS of CPU (the process's CPU
 * time, all threads: zlib's pool included): wall time also counts waiting for a core, which on a
 * shared machine (and under `nice -n 19`, as the long run is meant to be started) says nothing
 * about the input. The slowest wall time is reported too.
 */
class Clock {
  inputs = 0;
  hangs = 0;
  maxCpuMs = 0;
  maxWallMs = 0;
  async time<T>(f: () => Promise<T> | T): Promise<T> {
    const wall = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    try {
      return await f();
    } finally {
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      const wallMs = Number(process.hrtime.bigint() - wall) / 1e6;
      this.inputs++;
      if (cpuMs > this.maxCpuMs) this.maxCpuMs = cpuMs;
      if (wallMs > this.maxWallMs) this.maxWallMs = wallMs;
      if (cpuMs > HANG_MS) this.hangs++;
    }
  }
}

function summary(t: Test, name: string, clock: Clock, extra: string): void {
  t.comment(
    `${name}: ${clock.inputs} inputs, 0 crashes, ${clock.hangs} over ${HANG_MS} ms of CPU, slowest ${clock.maxCpuMs.toFixed(1)} ms CPU (${clock.maxWallMs.toFixed(1)} ms wall); ${extra}`,
  );
  if (LONG) t.equal(clock.hangs, 0, `${name}: no input over ${HANG_MS} ms`);
}

const decodeOpts = (): DecodeOptions => ({
  maxDecompressedBytes: config.input.http.maxDecompressedBytes,
  maxRecords: config.input.http.maxRecordsPerRequest,
  messageKeys: config.input.http.messageKeys,
  dateKeys: config.input.http.dateKeys,
  interner: new PodInterner(100),
});

t.test('request bodies: every format x encoding, whole or mutated', async (t) => {
  const clock = new Clock();
  const statuses = new Map<string, number>();
  const slow: GeneratedBody[] = [];
  let reconciled = 0;
  await fc.assert(
    fc.asyncProperty(generatedBody, async (g) => {
      let batch;
      const hangsBefore = clock.hangs;
      try {
        batch = await clock.time(() => decodeBody({ body: g.body, contentType: g.contentType, contentEncoding: g.encoding }, decodeOpts()));
      } catch (err) {
        // Only a clear answer for the sender, never anything else.
        if (!(err instanceof HttpInputError) || ![400, 413, 415].includes(err.status)) throw err;
        statuses.set(String(err.status), (statuses.get(String(err.status)) ?? 0) + 1);
        if (clock.hangs > hangsBefore) slow.push(g);
        if (!g.mutated) throw new Error(`a well-formed ${g.format}/${g.encoding} body was refused: ${err.message}`);
        return;
      }
      statuses.set('200', (statuses.get('200') ?? 0) + 1);
      if (clock.hangs > hangsBefore) slow.push(g);
      if (g.mutated) return;
      // What was sent is what was taken: every record, in order, and nothing counted bad.
      const lines = batch.entries.map((e) => e.line);
      if (batch.invalid !== 0 || lines.length !== g.messages.length || lines.some((l, i) => l !== g.messages[i])) {
        throw new Error(`${g.format}/${g.encoding}: sent ${g.messages.length}, got ${lines.length} (+${batch.invalid} invalid)`);
      }
      reconciled++;
    }),
    { numRuns: RUNS.bodies, seed: SEED, endOnFailure: true },
  );
  for (const g of slow.slice(0, 20)) t.comment(`slow body: ${g.format}/${g.encoding}, ${g.body.length} bytes, mutated ${g.mutated}: ${g.body.subarray(0, 400).toString('hex')}`);
  summary(t, 'bodies', clock, `answers ${JSON.stringify(Object.fromEntries(statuses))}, ${reconciled} well-formed bodies reconciled record for record`);
});

t.test('JSON arrays element by element agree with JSON.parse, whole or mutated', async (t) => {
  const clock = new Clock();
  let agreed = 0;
  const arrays = fc.tuple(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 2 }), fc.string({ maxLength: 3 }));
  await fc.assert(
    fc.asyncProperty(arrays, async ([values, pretty, cuts, junk]) => {
      let text = JSON.stringify(values, null, pretty ? 1 : undefined);
      for (const c of cuts) text = text.slice(0, c % (text.length + 1)) + junk + text.slice(c % (text.length + 1));
      const batch = { added: [] as unknown[], addRecord(v: unknown) { this.added.push(v); } };
      const ok = await clock.time(() => decodeJsonArrayInSlices(text, batch as unknown as EntryBatch, 7));
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (ok) {
        if (!Array.isArray(parsed)) throw new Error(`accepted what JSON.parse refuses: ${text}`);
        if (JSON.stringify(batch.added) !== JSON.stringify(parsed)) throw new Error(`disagrees with JSON.parse on ${text}`);
        agreed++;
      } else if (batch.added.length > 0) {
        throw new Error('added records and then gave up');
      }
    }),
    { numRuns: Math.round(RUNS.bodies / 6), seed: SEED + 3, endOnFailure: true },
  );
  summary(t, 'json arrays', clock, `${agreed} accepted, each equal to JSON.parse`);
});

t.test('line streams: every framing through the pipeline, every line in exactly one record', async (t) => {
  const clock = new Clock();
  let lines = 0;
  await fc.assert(
    fc.asyncProperty(generatedLines, async (g) => {
      const out: LogRecord[] = [];
      const telemetry = new SelfTelemetry();
      const pipeline = new Pipeline({ config: config.pipeline, classifier, telemetry, defaultPod: { namespace: 'fuzz', pod: 'p', container: 'c' } }, (r) => out.push(...r));
      await clock.time(() => {
        pipeline.process(g.lines.map((line): RawEntry => ({ line, streamKey: 'fuzz' })));
        pipeline.flush();
      });
      const physical = out.filter((r) => !r.synthetic).reduce((n, r) => n + r.lineCount, 0);
      const expected = g.framing === 'cri_partial' ? g.messages.length : g.lines.length;
      if (physical !== expected) throw new Error(`${g.framing}: ${expected} lines in, ${physical} out`);
      lines += g.lines.length;
    }),
    { numRuns: RUNS.lines, seed: SEED + 1, endOnFailure: true },
  );
  summary(t, 'line streams', clock, `${lines} lines, each in exactly one record`);
});

t.test('byte streams: the line reader on any bytes in any chunking, lines bounded', async (t) => {
  const clock = new Clock();
  const max = 300;
  const chunked = fc.record({
    text: fc.array(fc.oneof(message, fc.constantFrom('\n', '\r\n', '\n\n', '\u00e9', '\ud83d\ude80')), { maxLength: 40 }).map((a) => a.join('')),
    raw: fc.uint8Array({ maxLength: 200 }),
    cuts: fc.array(fc.nat(), { maxLength: 6 }),
  });
  await fc.assert(
    fc.asyncProperty(chunked, async ({ text, raw, cuts }) => {
      const bytes = Buffer.concat([Buffer.from(text), Buffer.from(raw)]);
      const at = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
      const got: string[] = [];
      await clock.time(async () => {
        const input = new PassThrough();
        const reader = readLineBatches(input, { maxLineBytes: max, onBatch: (b) => (got.push(...b), true) });
        let from = 0;
        for (const c of [...at, bytes.length]) {
          input.write(bytes.subarray(from, c));
          from = c;
        }
        input.end();
        await reader.done;
      });
      const newlines = bytes.filter((b) => b === 10).length;
      const expected = newlines + (bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? 1 : 0);
      if (got.length !== expected) throw new Error(`${expected} lines in, ${got.length} out`);
      if (got.some((l) => l.length > max + 1)) throw new Error('a line past the bound');
    }),
    { numRuns: RUNS.reader, seed: SEED + 2, endOnFailure: true },
  );
  summary(t, 'byte streams', clock, 'line counts match the newlines');
});
