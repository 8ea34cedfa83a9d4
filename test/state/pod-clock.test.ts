import t from 'tap';
import { MAX_FUTURE_SKEW_MS, PodClock } from '../../src/state/pod-clock.js';

const T = Date.parse('2023-03-15T09:42:06+09:00');
const ARRIVAL = Date.parse('2025-01-01T00:00:00Z');

void t.test('the clock is the newest event time advanced by arrival time', async (t) => {
  const c = new PodClock(T, ARRIVAL);
  t.equal(c.at(ARRIVAL), T);
  t.equal(c.at(ARRIVAL + 90_000), T + 90_000, 'a quiet pod still ages');
  t.equal(c.place(T + 1000, ARRIVAL + 10), T + 1000, 'an in-order event is counted at its own time');
  t.equal(c.at(ARRIVAL + 10), T + 1000, 'and moves the clock');
  t.equal(c.place(T - 30_000, ARRIVAL + 20), T - 30_000, 'an older event keeps its time');
  t.equal(c.at(ARRIVAL + 20), T + 1010, 'and does not move the clock back');
  t.equal(c.at(ARRIVAL - 5000), T + 1010, 'an arrival clock that steps back does not run the pod clock back');
});

void t.test('a lead within the skew limit moves the clock', async (t) => {
  const c = new PodClock(T, ARRIVAL);
  t.equal(c.place(T + MAX_FUTURE_SKEW_MS, ARRIVAL), T + MAX_FUTURE_SKEW_MS);
  t.equal(c.at(ARRIVAL), T + MAX_FUTURE_SKEW_MS);
});

void t.test('one far-future timestamp is counted at the current clock and does not move it', async (t) => {
  const c = new PodClock(T, ARRIVAL);
  t.equal(c.place(T + 9 * 3_600_000, ARRIVAL + 5), T + 5);
  t.equal(c.at(ARRIVAL + 5), T + 5);
  t.equal(c.place(T + 2000, ARRIVAL + 6), T + 2000, 'the next ordinary event is on the old timeline');
});

void t.test('a second far-ahead event near the first confirms a real jump', async (t) => {
  const c = new PodClock(T, ARRIVAL);
  const later = T + 3_600_000;
  t.equal(c.place(later, ARRIVAL), T, 'first: held back');
  t.equal(c.place(T + 500, ARRIVAL + 1), T + 500, 'an ordinary event in between does not cancel the candidate');
  t.equal(c.place(later + 1000, ARRIVAL + 2), later + 1000, 'second: accepted');
  t.equal(c.at(ARRIVAL + 2), later + 1000);
});

void t.test('two unrelated outliers do not confirm each other', async (t) => {
  const c = new PodClock(T, ARRIVAL);
  c.place(T + 3_600_000, ARRIVAL);
  t.equal(c.place(T + 9 * 3_600_000, ARRIVAL + 1), T + 1);
  t.equal(c.at(ARRIVAL + 1), T + 1);
});

void t.test('a non-finite event time is counted at the clock', async (t) => {
  const c = new PodClock(NaN, ARRIVAL);
  t.equal(c.at(ARRIVAL), ARRIVAL, 'a pod first seen without a time starts on arrival time');
  t.equal(c.place(Infinity, ARRIVAL + 3), ARRIVAL + 3);
});
