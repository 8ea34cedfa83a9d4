import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

// CockroachDB's crdb-v1 header (pkg/util/log, docs/generated/logformats.md): klog's letter, a six-digit date.

void t.test('crdb-v1 without a goroutine id (2016 beta builds) and with one', async (t) => {
  t.same(parseAppLine('E160622 14:16:14.654867 raft/log.go:308  [group 903] entries[1:632) is unavailable from storage'), {
    timeMs: Date.UTC(2016, 5, 22, 14, 16, 14, 654), severityNumber: 17, levelText: 'E',
    message: '[group 903] entries[1:632) is unavailable from storage', format: 'cockroach', logger: 'raft/log.go', thread: undefined, pid: undefined,
  });
  const w = parseAppLine('W171026 14:02:38.849368 21 gossip/gossip.go:1277  [n?] no incoming or outgoing connections');
  t.equal(w.format, 'cockroach');
  t.equal(w.severityNumber, 13);
  t.equal(w.message, '[n?] no incoming or outgoing connections');
  const f = parseAppLine('F171026 14:02:41.398505 600 util/log/log.go:39  unexpected panic: runtime error: invalid memory address or nil pointer dereference');
  t.equal(f.severityNumber, 21);
  t.equal(f.message, 'unexpected panic: runtime error: invalid memory address or nil pointer dereference');
});

void t.test('crdb-v1-count: a channel before the file, the redactable marker, the counter', async (t) => {
  const line = parseAppLine('I210116 21:49:17.073282 14 1@server/node.go:464 ⋮ [n1] 23  started with engine type 2');
  t.equal(line.format, 'cockroach');
  t.equal(line.severityNumber, 9);
  t.equal(line.timeMs, Date.UTC(2021, 0, 16, 21, 49, 17, 73));
  t.equal(line.message, '[n1] 23  started with engine type 2');
});

void t.test('klog stays klog; a six-digit date that is no date is not read', async (t) => {
  t.equal(parseAppLine('E0315 09:42:07.123456   12345 file.go:123] msg', Date.UTC(2023, 2, 16)).format, 'klog');
  t.equal(parseAppLine('E161322 14:16:14.654867 raft/log.go:308  x').format, 'plain', 'month 13');
  t.equal(parseAppLine('I160622 14:16:14.654867 started the node').format, 'plain', 'no Go file');
});
