import t from 'tap';
import { parseRaySpdlog } from '../../src/parse/ray-spdlog.js';
import { Severity } from '../../src/model/severity.js';

// Ray's spdlog pattern `[%Y-%m-%d %H:%M:%S,%e %L %P %t] `.
void t.test('level letter, pid and thread id come off', async (t) => {
  const l = parseRaySpdlog('[2024-01-02 03:04:05,678 E 123 456] core_worker.cc:201: Failed to register worker to Raylet: IOError');
  t.same([l?.format, l?.severityNumber, l?.pid, l?.timeMs, l?.message],
    ['ray', Severity.ERROR, 123, Date.UTC(2024, 0, 2, 3, 4, 5, 678), 'core_worker.cc:201: Failed to register worker to Raylet: IOError']);
  t.equal(parseRaySpdlog('[2024-01-02 03:04:05,678 W 7 7] (raylet) node_manager.cc:12: The node is running low on memory')?.severityNumber, Severity.WARN);
  t.equal(parseRaySpdlog('[2024-01-02 03:04:05,678 C 7 9] logging.cc:9: RAY_CHECK failed')?.severityNumber, Severity.FATAL);
});

void t.test('look-alikes stay out', async (t) => {
  t.equal(parseRaySpdlog('[2024-01-02 03:04:05,678] INFO something'), undefined);
  t.equal(parseRaySpdlog('[2024-01-02 03:04:05,678 X 7 7] unknown letter'), undefined);
});
