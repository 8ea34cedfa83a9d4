import t from 'tap';
import { parseTimeRow, timeRowMs } from '../../src/parse/time-row.js';
import { Severity } from '../../src/model/severity.js';

/* A viewer's row with only the date and time, and the event's row under it (TrueNAS SCALE app events). */
void t.test("the pair: the row's time, the event row's level words and text", async (t) => {
  const p = parseTimeRow('2023-11-02 7:05:09\nReadiness probe failed: Get "http://10.1.2.3:8080/health": context deadline exceeded');
  t.same([p?.format, p?.timeMs, p?.message], ['time-row', Date.UTC(2023, 10, 2, 7, 5, 9), 'Readiness probe failed: Get "http://10.1.2.3:8080/health": context deadline exceeded']);
  t.equal(parseTimeRow('2023-11-02 17:05:09\nERROR could not bind socket')?.severityNumber, Severity.ERROR);
});

void t.test('only a date and time alone make the row', async (t) => {
  t.equal(timeRowMs('2023-11-02T07:05:09.5Z'), Date.UTC(2023, 10, 2, 7, 5, 9, 500));
  t.equal(timeRowMs('2023-11-02 07:05 +01:00'), Date.UTC(2023, 10, 2, 6, 5));
  for (const line of ['2023-11-02 07:05:09 started', '2023-11-02', '2023-11-02 7', '2023-13-02 07:05:09']) t.ok(Number.isNaN(timeRowMs(line)), line);
});
