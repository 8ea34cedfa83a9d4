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
 * `bodyOwned`: nothing else uses `body` after this request (see EntryPacker.lend).
 */
export function decodeMsgpackBody(body: Buffer, batch: EntryBatch, bodyOwned = false): void {
  if (body.length === 0) return;
  const reader = readerFor(batch);
  let rest = body;
  if (reader.usable) {
    // The messages stay where they are in the body (bodyOwned: it may go to a worker as it is).
    batch.lendBody(body, bodyOwned);
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

/**
 * Every event through msgpackr, from the event the lean reader stopped at: one event at a time,
 * so an event msgpackr cannot take (a field nested thousands deep overflows its recursion) is
 * counted bad and the rest of the batch kept. A body that stops mid-event can never succeed: 400.
 */
export function decodeWithMsgpackr(body: Buffer, batch: EntryBatch): void {
  let pos = 0;
  while (pos < body.length) {
    const end = valueEnd(body, pos);
    if (end < 0) throw malformed('invalid msgpack body: truncated or invalid event');
    let event: unknown;
    try {
      event = unpackr.unpack(body.subarray(pos, end));
    } catch (err) {
      if (err instanceof HttpInputError) throw err;
      batch.addInvalid();
      pos = end;
      continue;
    }
    addEvent(event, batch);
    pos = end;
  }
}

/**
 * Offset after the msgpack value at `pos`, or -1 when it is truncated or uses the reserved byte.
 * Iterative (a count of values still to skip), so nesting depth costs nothing.
 */
export function valueEnd(b: Buffer, pos: number): number {
  let pending = 1;
  const end = b.length;
  while (pending > 0) {
    if (pos >= end) return -1;
    const t = b[pos];
    pending--;
    if (t <= 0x7f || t >= 0xe0 || t === 0xc0 || t === 0xc2 || t === 0xc3) pos += 1;
    else if (t <= 0x8f) {
      pending += 2 * (t & 0x0f);
      pos += 1;
    } else if (t <= 0x9f) {
      pending += t & 0x0f;
      pos += 1;
    }
    else if (t <= 0xbf) pos += 1 + (t & 0x1f);
    else {
      const need = (n: number) => pos + n <= end;
      switch (t) {
        case 0xc4: case 0xd9: if (!need(2)) return -1; pos += 2 + b[pos + 1]; break;
        case 0xc5: case 0xda: if (!need(3)) return -1; pos += 3 + b.readUInt16BE(pos + 1); break;
        case 0xc6: case 0xdb: if (!need(5)) return -1; pos += 5 + b.readUInt32BE(pos + 1); break;
        case 0xc7: if (!need(3)) return -1; pos += 3 + b[pos + 1]; break;
        case 0xc8: if (!need(4)) return -1; pos += 4 + b.readUInt16BE(pos + 1); break;
        case 0xc9: if (!need(6)) return -1; pos += 6 + b.readUInt32BE(pos + 1); break;
        case 0xca: pos += 5; break;
        case 0xcb: case 0xcf: case 0xd3: pos += 9; break;
        case 0xcc: case 0xd0: pos += 2; break;
        case 0xcd: case 0xd1: pos += 3; break;
        case 0xce: case 0xd2: pos += 5; break;
        case 0xd4: pos += 3; break;
        case 0xd5: pos += 4; break;
        case 0xd6: pos += 6; break;
        case 0xd7: pos += 10; break;
        case 0xd8: pos += 18; break;
        case 0xdc: if (!need(3)) return -1; pending += b.readUInt16BE(pos + 1); pos += 3; break;
        case 0xdd: if (!need(5)) return -1; pending += b.readUInt32BE(pos + 1); pos += 5; break;
        case 0xde: if (!need(3)) return -1; pending += 2 * b.readUInt16BE(pos + 1); pos += 3; break;
        case 0xdf: if (!need(5)) return -1; pending += 2 * b.readUInt32BE(pos + 1); pos += 5; break;
        default: return -1; // 0xc1, reserved
      }
    }
    // A count larger than the bytes left can never be satisfied: stop now, not after looping on it.
    if (pending > end - pos + 1) return -1;
  }
  return pos > end ? -1 : pos;
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
