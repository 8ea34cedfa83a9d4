/**
 * Cheap timestamp parsing for the per-line hot path. Hand-rolled over char codes because
 * `Date.parse` and regexes cost several times more. Most lines in a stream share the same day,
 * so the day's `Date.UTC` is cached, keyed by the numbers already read: comparing a cached
 * prefix string (`startsWith`) costs more than reading the digits again.
 */

let cachedYear = -1;
let cachedMonth = -1;
let cachedDay = -1;
let cachedDayMs = 0;

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1000;
}

/** Two digits as a number; negative when either is not a digit. */
export function twoDigits(s: string, i: number): number {
  return digit(s, i) * 10 + digit(s, i + 1);
}

/** `Date.UTC(year, month - 1, day)`, cached for the next line of the same day. */
function dayMs(year: number, month: number, day: number): number {
  if (day === cachedDay && month === cachedMonth && year === cachedYear) return cachedDayMs;
  cachedYear = year;
  cachedMonth = month;
  cachedDay = day;
  cachedDayMs = Date.UTC(year, month - 1, day);
  return cachedDayMs;
}

/**
 * Parses `YYYY-MM-DD[T ]HH:MM:SS[.,fraction][Z|±HH:MM|±HHMM]` between `start` and `end` into ms
 * since the epoch; a single space before the offset is accepted (gunicorn's `%z`). A missing zone
 * is read as UTC (container clocks). Returns NaN when the text is not such a time.
 */
export function parseIsoTime(s: string, start = 0, end = s.length): number {
  if (end - start < 19) return NaN;
  const base = secondMs(s, start);
  return base === base ? withFractionAndZone(s, start + 19, end, base) : NaN;
}

/** ms of `YYYY-MM-DD[T ]HH:MM:SS` at `start`. */
function secondMs(s: string, start: number): number {
  const century = twoDigits(s, start);
  const yy = twoDigits(s, start + 2);
  const month = twoDigits(s, start + 5);
  const day = twoDigits(s, start + 8);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  if (s.charCodeAt(start + 4) !== 45 || s.charCodeAt(start + 7) !== 45) return NaN;
  const sep = s.charCodeAt(start + 10);
  if (sep !== 84 && sep !== 32 && sep !== 116) return NaN;
  const h = twoDigits(s, start + 11);
  const m = twoDigits(s, start + 14);
  const sec = twoDigits(s, start + 17);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return NaN;
  if (s.charCodeAt(start + 13) !== 58 || s.charCodeAt(start + 16) !== 58) return NaN;
  return dayMs(century * 100 + yy, month, day) + h * 3_600_000 + m * 60_000 + sec * 1000;
}

/** Adds the optional `.fraction` and applies the optional zone, from `i` to `end`. */
function withFractionAndZone(s: string, from: number, end: number, base: number): number {
  let ms = base;
  let i = from;
  const c = s.charCodeAt(i);
  if (i < end && (c === 46 || c === 44)) {
    i++;
    let frac = 0;
    let scale = 1;
    while (i < end) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (scale < 1e9) {
        frac = frac * 10 + d;
        scale *= 10;
      }
      i++;
    }
    if (scale === 1) return NaN;
    ms += (frac * 1000) / scale;
  }
  if (i === end) return ms;
  if (s.charCodeAt(i) === 32) i++;
  const z = s.charCodeAt(i);
  if ((z === 90 || z === 122) && i + 1 === end) return ms;
  if (z !== 43 && z !== 45) return NaN;
  const oh = twoDigits(s, i + 1);
  const colon = s.charCodeAt(i + 3) === 58 ? 1 : 0;
  const om = twoDigits(s, i + 3 + colon);
  if (oh < 0 || om < 0 || i + 5 + colon !== end) return NaN;
  const offset = (oh * 60 + om) * 60_000;
  return z === 43 ? ms - offset : ms + offset;
}

const DAY_MS = 86_400_000;

/** The UTC year of the last reference time and its bounds: one `Date` per year, not per line. */
let refYear = 0;
let refYearStart = 0;
let refYearEnd = -1;

function utcYear(refMs: number): number {
  if (refMs >= refYearStart && refMs < refYearEnd) return refYear;
  const y = new Date(refMs).getUTCFullYear();
  // Date.UTC reads years 0..99 as 19xx: only cache the years it reads as they are.
  if (y >= 1000 && y <= 9999) {
    refYear = y;
    refYearStart = Date.UTC(y, 0, 1);
    refYearEnd = Date.UTC(y + 1, 0, 1);
  }
  return y;
}

/**
 * A year-less month/day/time (klog, RFC 3164 syslog) in UTC, in the year of `refMs`; a time more
 * than a day after the reference is last year's (a December line read in January).
 */
export function timeWithoutYear(
  refMs: number, month: number, day: number, h: number, m: number, s: number, fracMs: number,
): number {
  const year = utcYear(refMs);
  let t = dayMs(year, month, day) + h * 3_600_000 + m * 60_000 + s * 1000 + fracMs;
  if (t > refMs + DAY_MS) t = Date.UTC(year - 1, month - 1, day, h, m, s) + fracMs;
  return t;
}

/**
 * A time of day with no date (the classic Notebook's `%H:%M:%S`), on the reference time's UTC
 * day; a time more than half a day after the reference is the day before's (23:59 read at 00:01).
 */
export function timeWithoutDate(refMs: number, clockMs: number): number {
  const t = Math.floor(refMs / DAY_MS) * DAY_MS + clockMs;
  return t > refMs + DAY_MS / 2 ? t - DAY_MS : t;
}

/**
 * Epoch numbers come in seconds (zap, Fluent Bit `date`), milliseconds (pino, Fluent Bit
 * `epoch_ms`), micro- or nanoseconds; the magnitude tells which (seconds stay below 1e11 until
 * the year 5138).
 */
export function epochToMs(n: number): number {
  if (!Number.isFinite(n) || n < 0) return NaN;
  if (n < 1e11) return n * 1000;
  if (n < 1e14) return n;
  if (n < 1e17) return n / 1000;
  return n / 1e6;
}

/** A time value from a JSON document: an epoch number or an ISO-8601 string. */
export function timeFromJsonValue(v: unknown): number | undefined {
  let ms = NaN;
  if (typeof v === 'number') ms = epochToMs(v);
  else if (typeof v === 'string') ms = parseIsoTime(v);
  return ms === ms ? ms : undefined;
}
