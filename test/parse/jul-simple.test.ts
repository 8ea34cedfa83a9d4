import t from 'tap';
import { parseAppLine } from '../../src/parse/app-line.js';
import { parseJulSimple } from '../../src/parse/jul-simple.js';
import { julLevelLineSeverity } from '../../src/parse/jul-header.js';
import { isJulHeaderLine, isJulLevelLine } from '../../src/group/jul-shapes.js';
import { Severity } from '../../src/model/severity.js';

/*
 * java.util.logging's SimpleFormatter default format (`%1$tb %1$td, %1$tY %1$tl:%1$tM:%1$tS %1$Tp
 * %2$s%n%4$s: %5$s%6$s%n`): the time and the source on one line, `LEVEL: message` on the next.
 */
void t.test('the pair: time from the header, level and message from the second line, the class as logger', async (t) => {
  t.same(parseJulSimple('Mar 15, 2023 9:42:07 PM org.apache.catalina.startup.Catalina start\nINFO: Server startup in 1234 ms'), {
    timeMs: Date.UTC(2023, 2, 15, 21, 42, 7), severityNumber: Severity.INFO, levelText: 'INFO', message: 'Server startup in 1234 ms',
    format: 'jul', logger: 'org.apache.catalina.startup.Catalina', thread: undefined, pid: undefined,
  });
  const severe = parseJulSimple('Mar 05, 2023 12:03:09 AM hudson.model.listeners.RunListener report\nSEVERE: RunListener failed\nmore');
  t.same([severe?.timeMs, severe?.severityNumber, severe?.message], [Date.UTC(2023, 2, 5, 0, 3, 9), Severity.ERROR, 'RunListener failed']);
  t.equal(parseJulSimple('Mar 05, 2023 12:03:09 PM a.B run\nWARNING: x')?.timeMs, Date.UTC(2023, 2, 5, 12, 3, 9), '12 PM is noon');
  // JBoss LogManager's level names through the same formatter (Quarkus, WildFly).
  t.equal(parseJulSimple('Mar 05, 2023 8:36:50 AM io.quarkus.runtime.ApplicationLifecycleManager run\nERROR: Failed to start application')?.severityNumber, Severity.ERROR);
});

void t.test('the header alone is read without a level; its source is the message', async (t) => {
  const h = parseAppLine('Mar 15, 2023 9:42:07 PM org.apache.coyote.AbstractProtocol pause', Date.UTC(2023, 2, 16));
  t.same([h.format, h.severityNumber, h.message, h.logger], ['jul', 0, 'org.apache.coyote.AbstractProtocol pause', 'org.apache.coyote.AbstractProtocol']);
  t.equal(parseJulSimple('Mar 15, 2023 9:42:07 PM a.B run\nnot a level line')?.severityNumber, 0);
});

void t.test('other lines are not headers, and only level names open the second line', async (t) => {
  for (const line of [
    'Mar 15, 2023 9:42:07 PM',
    'Mar 15, 2023 13:42:07 PM a.B run',
    'Mar 15, 2023 9:42:07 PM a.B run with words',
    'Mar 15 09:42:07 host sshd[1]: Accepted publickey',
    'Mar 15, 2023 at 9:42 the service was restarted',
    'Marker 15, 2023 9:42:07 PM a.B run',
  ]) {
    t.notOk(isJulHeaderLine(line), line);
  }
  t.equal(julLevelLineSeverity('SEVERE: x'), Severity.ERROR);
  t.equal(julLevelLineSeverity('FINEST: x'), Severity.TRACE);
  t.equal(julLevelLineSeverity('Caused by: x'), 0);
  t.equal(julLevelLineSeverity('NOTE: x'), 0);
  t.ok(isJulHeaderLine('Mar 15, 2023 9:42:07 PM org.apache.catalina.startup.Catalina start'));
  t.ok(isJulLevelLine('CONFIG: x'));
  t.notOk(isJulLevelLine('Caused by: x'));
});
