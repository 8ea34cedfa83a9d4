import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';

void t.test('go-kit / logrus text logfmt', async (t) => {
  t.same(parseAppLine('time=2023-03-15T00:42:07Z level=warn msg="disk \\"data\\" almost full" path=/data used=93%'), {
    timeMs: Date.UTC(2023, 2, 15, 0, 42, 7), severityNumber: 13, levelText: 'warn', message: 'disk "data" almost full', format: 'logfmt',
  });
  t.same(parseAppLine('ts=1678840927.5 caller=main.go:12 level=error msg=shutdown err="context canceled"'), {
    timeMs: 1678840927500, severityNumber: 17, levelText: 'error', message: 'shutdown', format: 'logfmt',
  });
  t.same(parseAppLine('t=2023-03-15T09:42:07+0900 lvl=info msg="HTTP Server Listen" logger=http.server'), {
    timeMs: Date.UTC(2023, 2, 15, 0, 42, 7), severityNumber: 9, levelText: 'info', message: 'HTTP Server Listen', format: 'logfmt',
  });
});

void t.test('logfmt without msg keeps the line as message', async (t) => {
  const l = 'level=debug component=cache hits=12';
  t.same(parseAppLine(l), { timeMs: undefined, severityNumber: 5, levelText: 'debug', message: l, format: 'logfmt' });
});

void t.test('text that only has an = is not logfmt', async (t) => {
  for (const l of ['value=3 is too large', 'a=1 b=2', 'x="unterminated level=error', 'setting foo=bar']) {
    t.equal(parseAppLine(l).format, 'plain', l);
  }
});

void t.test('the first of each field wins; other quoted values are skipped whole', async (t) => {
  t.same(parseAppLine('level=warn note="a \\"b\\" level=x" level=error msg=first message=second t=1678840927'), {
    timeMs: 1678840927000, severityNumber: 13, levelText: 'warn', message: 'first', format: 'logfmt',
  });
});
