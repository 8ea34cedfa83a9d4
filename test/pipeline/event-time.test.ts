import t from 'tap';
import { eventTime } from '../../src/pipeline/event-time.js';

const T = Date.UTC(2024, 3, 3, 10, 0, 1);
const H = 3600_000;

t.test("a zone-less line time in the container's local zone yields to the runtime's time", async (t) => {
  // nginx's error log in UTC+1 read as UTC: one hour before the CRI timestamp of the same write.
  t.equal(eventTime(T - H, T), T);
  t.equal(eventTime(T + 5.5 * H + 300, T), T, 'India, half-hour zone, a few ms of buffering');
  t.equal(eventTime(T + 5.75 * H, T), T, 'Nepal, quarter-hour zone');
  t.equal(eventTime(T - 12 * H - 20_000, T), T, 'UTC-12, the line written 20 s before it was stamped');
});

t.test("the line's time is kept otherwise", async (t) => {
  t.equal(eventTime(T - 800, T), T - 800, 'the same instant, buffered');
  t.equal(eventTime(T - 7 * 60_000, T), T - 7 * 60_000, 'minutes apart: not a zone');
  t.equal(eventTime(T - H - 10 * 60_000, T), T - H - 10 * 60_000, 'an hour and ten minutes: not a zone');
  t.equal(eventTime(T - 3 * 24 * H, T), T - 3 * 24 * H, 'a file replayed days later by a shipper that stamps read time');
  t.equal(eventTime(T, undefined), T, 'no runtime time');
  t.equal(eventTime(undefined, T), T, 'no line time');
  t.equal(eventTime(undefined, undefined), undefined);
});
