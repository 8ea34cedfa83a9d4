import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

const REF = Date.UTC(2023, 2, 15, 12, 0, 0);

void t.test('klog header: letter, month/day, time, thread, file:line', async (t) => {
  t.same(parseAppLine('E0315 09:42:07.123456   12345 reflector.go:138] k8s.io/client-go: Failed to watch *v1.Pod: unauthorized', REF), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7) + 123.456, severityNumber: 17, levelText: 'E',
    message: 'k8s.io/client-go: Failed to watch *v1.Pod: unauthorized', format: 'klog',
  });
  t.equal(parseAppLine('I0315 09:42:07.000001       1 server.go:42] Serving securely', REF).severityNumber, 9);
  t.equal(parseAppLine('W0315 09:42:07.000001       1 warnings.go:70] deprecated', REF).severityNumber, 13);
  t.equal(parseAppLine('F0315 09:42:07.000001       1 main.go:9] cannot start', REF).severityNumber, 21);
});

void t.test('year comes from the reference time; a date past it is last year', async (t) => {
  t.equal(parseAppLine('I1231 23:59:59.000000 1 a.go:1] x', Date.UTC(2024, 0, 1, 0, 0, 5)).timeMs, Date.UTC(2023, 11, 31, 23, 59, 59));
  t.equal(parseAppLine('I0101 00:00:01.000000 1 a.go:1] x', Date.UTC(2024, 0, 1, 0, 0, 5)).timeMs, Date.UTC(2024, 0, 1, 0, 0, 1));
  const now = parseAppLine('I0101 00:00:01.000000 1 a.go:1] x').timeMs ?? 0;
  t.ok(new Date(now).getUTCFullYear() >= new Date().getUTCFullYear() - 1, 'no reference: the clock year');
});

void t.test('klog look-alikes', async (t) => {
  t.equal(parseAppLine('E1399 09:42:07.123456 1 a.go:1] x', REF).format, 'plain');
  t.equal(parseAppLine('I0315 is not a header', REF).format, 'plain');
});

void t.test('klog header edges read as the header grammar says', async (t) => {
  t.equal(parseAppLine('I0315 09:42:07.1234567890 1 a.go:1] ten fraction digits', REF).format, 'plain');
  t.equal(parseAppLine('I0315 09:42:07. 1 a.go:1] no fraction digits', REF).format, 'plain');
  t.equal(parseAppLine('I0315 09:42:07 1  a.go:1] two spaces after the thread', REF).format, 'plain');
  t.equal(parseAppLine('I0315 09:42:07 1 a.go:1 no bracket', REF).format, 'plain');
  t.same(parseAppLine('W0315 09:42:07 77 a.go:1]no space', REF), {
    timeMs: Date.UTC(2023, 2, 15, 9, 42, 7), severityNumber: 13, levelText: 'W', message: 'no space', format: 'klog',
  });
  t.equal(parseAppLine('I0315 09:42:07.5 1 a.go:1] x', REF).timeMs, Date.UTC(2023, 2, 15, 9, 42, 7, 500));
});

void t.test('the cached reference year follows the reference', async (t) => {
  const line = 'I0315 09:42:07.000000 1 a.go:1] x';
  t.equal(parseAppLine(line, Date.UTC(2023, 5, 1)).timeMs, Date.UTC(2023, 2, 15, 9, 42, 7));
  t.equal(parseAppLine(line, Date.UTC(2025, 5, 1)).timeMs, Date.UTC(2025, 2, 15, 9, 42, 7));
  t.equal(parseAppLine(line, Date.UTC(2023, 11, 31, 23, 59, 59)).timeMs, Date.UTC(2023, 2, 15, 9, 42, 7));
});

void t.test("glog's year-first header (log_year_in_prefix) dates the line on its own; the message keeps file:line]", async (t) => {
  const l = parseAppLine('W20250514 18:49:28.506024     1 dfly_main.cc:791] SWAP is enabled. Consider disabling it when running Dragonfly.', REF);
  t.same([l.format, l.severityNumber, l.timeMs, l.message], ['klog', 13, Date.UTC(2025, 4, 14, 18, 49, 28) + 506.024, 'dfly_main.cc:791] SWAP is enabled. Consider disabling it when running Dragonfly.']);
  t.equal(parseAppLine('F20240328 05:40:32.391830 78788 transaction.cc:499] Check failed: run_count_ > 0', REF).severityNumber, 21);
  t.equal(parseAppLine('I2025051 18:49:28.505877 1 a.cc:1] seven date digits', REF).format, 'plain');
  t.equal(parseAppLine('I20251399 18:49:28.505877 1 a.cc:1] month 13', REF).format, 'plain');
});
