const MINUTE = 60_000;
const QUARTER_HOUR = 15 * MINUTE;
/** Zone offsets run from UTC-12 to UTC+14. */
const MAX_ZONE_OFFSET = 14 * 60 * MINUTE;

/**
 * The time a record is counted at: the line's own time, or the runtime's (CRI, Fluent Bit,
 * OTLP) when the line has none. Most servers write their time without a zone (nginx's error
 * log, Python logging, log4j) in the container's local time; when that is not UTC the line's
 * time is off from the runtime's by a whole zone offset, and counting it would put a server's
 * crashes hours away from the container restarts around them. So a line time that differs from
 * the runtime's by a multiple of 15 minutes (within a minute, up to 14 h) is read as a local
 * time, and the runtime's time is used. Any other difference is kept (a file replayed through a
 * shipper that stamps read time: the line's time is the event's).
 */
export function eventTime(lineMs: number | undefined, transportMs: number | undefined): number | undefined {
  if (lineMs === undefined) return transportMs;
  if (transportMs === undefined) return lineMs;
  const diff = Math.abs(lineMs - transportMs);
  if (diff < QUARTER_HOUR - MINUTE || diff > MAX_ZONE_OFFSET + MINUTE) return lineMs;
  const rest = diff % QUARTER_HOUR;
  return rest <= MINUTE || QUARTER_HOUR - rest <= MINUTE ? transportMs : lineMs;
}
