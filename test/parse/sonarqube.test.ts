import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';
import { Severity } from '../../src/model/severity.js';

/* SonarQube's LogbackHelper pattern: `yyyy.MM.dd HH:mm:ss LEVEL process[id][logger] message`. */
void t.test('time, level and logger from the header; the process key and request id leave the message', async (t) => {
  const l = parseAppLine('2022.09.14 06:12:41 WARN  app[][o.s.a.p.AbstractManagedProcess] Process exited with exit value [web]: 1');
  t.same([l.format, l.timeMs, l.severityNumber, l.levelText, l.logger, l.message], [
    'sonarqube', Date.UTC(2022, 8, 14, 6, 12, 41), Severity.WARN, 'WARN', 'o.s.a.p.AbstractManagedProcess', 'Process exited with exit value [web]: 1',
  ]);
  const w = parseAppLine('2022.09.14 06:12:40 ERROR web[AYM3xk1][o.s.s.p.PlatformImpl] Web server startup failed');
  t.same([w.severityNumber, w.logger, w.message], [Severity.ERROR, 'o.s.s.p.PlatformImpl', 'Web server startup failed']);
  t.equal(parseAppLine('2022.09.14 06:12:39 INFO  es[][o.e.n.Node] started').message, 'started');
});

void t.test('other dotted dates are not this format', async (t) => {
  for (const line of ['2022.09.14 06:12:41 something else', '2022.09.14 06:12:41.123456 [ 42 ] {} <Error> Application: x', '2022.13.14 06:12:41 INFO  app[][a.B] x']) {
    t.not(parseAppLine(line).format, 'sonarqube', line);
  }
});
