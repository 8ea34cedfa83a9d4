import t from 'tap';
import { epochToMs, parseIsoTime, timeFromJsonValue } from '../../src/decode/timestamp.js';

void t.test('RFC 3339 with nanoseconds, Z and offsets', async (t) => {
  t.equal(parseIsoTime('2023-03-15T00:42:06.000000000Z'), Date.UTC(2023, 2, 15, 0, 42, 6));
  t.equal(parseIsoTime('2023-03-15T00:42:06.123456789Z'), Date.UTC(2023, 2, 15, 0, 42, 6) + 123.456789);
  t.equal(parseIsoTime('2023-03-15T09:42:06+09:00'), Date.UTC(2023, 2, 15, 0, 42, 6));
  t.equal(parseIsoTime('2023-03-14T20:42:06.5-04:00'), Date.UTC(2023, 2, 15, 0, 42, 6, 500));
  t.equal(parseIsoTime('2023-03-15T00:42:06+00:00'), Date.UTC(2023, 2, 15, 0, 42, 6));
});

void t.test('gunicorn, python asctime and java.sql forms', async (t) => {
  t.equal(parseIsoTime('2023-03-15 09:42:07 +0900'), Date.UTC(2023, 2, 15, 0, 42, 7));
  t.equal(parseIsoTime('2023-03-15 09:42:07,123'), Date.UTC(2023, 2, 15, 9, 42, 7, 123));
  t.equal(parseIsoTime('2026-11-24 15:36:59.480804'), Date.UTC(2026, 10, 24, 15, 36, 59) + 480.804);
});

void t.test('the day cache does not leak between different days', async (t) => {
  t.equal(parseIsoTime('2023-03-15T23:59:59Z'), Date.UTC(2023, 2, 15, 23, 59, 59));
  t.equal(parseIsoTime('2023-03-16T00:00:00Z'), Date.UTC(2023, 2, 16));
  t.equal(parseIsoTime('2023-03-15T00:00:00Z'), Date.UTC(2023, 2, 15));
});

void t.test('a range inside a longer string', async (t) => {
  const line = '2023-03-15T00:42:06.000000000Z stderr F x';
  t.equal(parseIsoTime(line, 0, 30), Date.UTC(2023, 2, 15, 0, 42, 6));
  t.equal(parseIsoTime('[2023-03-15 09:42:07 +0900] [9]', 1, 26), Date.UTC(2023, 2, 15, 0, 42, 7));
});

void t.test('not a time is NaN', async (t) => {
  for (const s of ['', 'hello', '2023-13-15T00:42:06Z', '2023-03-15T25:42:06Z', '2023-03-15T00:42:06Q',
    '2023-03-15T00:42:06.Z', '2023/03/15 00:42:06', '2023-03-15T00:42:06+9', '2023-03-15X00:42:06Z']) {
    t.ok(Number.isNaN(parseIsoTime(s)), s);
  }
});

void t.test('epoch numbers by magnitude', async (t) => {
  t.equal(epochToMs(1678840926.5), 1678840926500);
  t.equal(epochToMs(1795534614878), 1795534614878);
  t.equal(epochToMs(1678840926123456), 1678840926123.456);
  t.equal(epochToMs(1.678840926123456e18), 1678840926123.456);
  t.ok(Number.isNaN(epochToMs(-1)));
  t.equal(timeFromJsonValue('2023-03-15T00:42:06Z'), Date.UTC(2023, 2, 15, 0, 42, 6));
  t.equal(timeFromJsonValue(true), undefined);
  t.equal(timeFromJsonValue('yesterday'), undefined);
});

void t.test('every year digit must be a digit', async (t) => {
  // The digits are read by char code; a non-digit in the year once slipped through as year 10xx.
  for (const s of ['20x3-03-15T00:42:06Z', '2O23-03-15T00:42:06Z', '202 -03-15T00:42:06Z', 'x023-03-15T00:42:06Z']) {
    t.ok(Number.isNaN(parseIsoTime(s)), s);
  }
  t.equal(parseIsoTime('1999-12-31T23:59:59Z'), Date.UTC(1999, 11, 31, 23, 59, 59));
});
