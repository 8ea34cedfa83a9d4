import { Unpackr, addExtension } from 'msgpackr';
import type { EntryBatch } from './entry-batch.js';
import { FluentEventReader, eventTimeMs } from './fluent-event-reader.js';
import { HttpInputError, malformed } from './input-error.js';

/**
 * Fluent Bit's EventTime: ext type 0, uint32 BE seconds + uint32 BE nanoseconds. Decoded
 * straight to ms since the epoch (a double keeps about a microsecond). msgpackr's extension
 * table is process-wide; nothing else in logsift uses ext type 0.
 */
addExtension({
  type: 0,
  unpack(data: Buffer): number {
    if (data.length !== 8) return NaN;
    return data.readUInt32BE(0) * 1000 + data.readUInt32BE(4) / 1e6;
  },
});

// Plain objects for maps (msgpackr's records extension is not part of Fluent Bit's format).
// Strings with invalid UTF-8 decode with U+FFFD, as Fluent Bit's own JSON writer does.
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });

/**
 * Decodes Fluent Bit's event format: a sequence (no outer array) of `[[EventTime, meta], record]`
 * (v2, Fluent Bit 2.1+) or `[time, record]` (older senders, and `Format msgpack` from forward).
 * A body that stops mid-record can never succeed, so it is refused whole (400) rather than
 * half-accepted: the sender would re-send it whole and duplicate the first half.
 */
export function decodeMsgpackBody(body: Buffer, batch: EntryBatch): void {
  if (body.length === 0) return;
  const reader = readerFor(batch);
  let rest = body;
  if (reader.usable) {
    const { done, offset } = reader.read(body, batch);
    if (done) return;
    rest = body.subarray(offset);
  }
  decodeWithMsgpackr(rest, batch);
}

let cachedReader: FluentEventReader | undefined;
let cachedMessageKeys: readonly string[] | undefined;
let cachedDateKeys: readonly string[] | undefined;

/** One reader per key configuration (in practice one per process). */
function readerFor(batch: EntryBatch): FluentEventReader {
  if (cachedReader === undefined || cachedMessageKeys !== batch.messageKeys || cachedDateKeys !== batch.dateKeys) {
    cachedReader = new FluentEventReader(batch.messageKeys, batch.dateKeys);
    cachedMessageKeys = batch.messageKeys;
    cachedDateKeys = batch.dateKeys;
  }
  return cachedReader;
}

/** Every event through msgpackr: what the lean reader does not model, from the event it stopped at. */
export function decodeWithMsgpackr(body: Buffer, batch: EntryBatch): void {
  try {
    unpackr.unpackMultiple(body, (event: unknown) => {
      addEvent(event, batch);
    });
  } catch (err) {
    if (err instanceof HttpInputError) throw err;
    throw malformed(`invalid msgpack body: ${(err as Error).message.slice(0, 200)}`);
  }
}

function addEvent(event: unknown, batch: EntryBatch): void {
  if (!Array.isArray(event) || event.length < 2) {
    batch.addInvalid();
    return;
  }
  const header: unknown = event[0];
  let time: unknown = header;
  if (Array.isArray(header)) time = header[0];
  batch.addRecord(event[1], typeof time === 'number' ? eventTimeMs(time) : undefined);
}
