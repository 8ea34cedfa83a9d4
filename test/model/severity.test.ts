import t from 'tap';
import { severityText, Severity } from '../../src/model/severity.js';

t.test('severity text follows the OpenTelemetry ranges', async (t) => {
  t.equal(severityText(Severity.INFO), 'INFO');
  t.equal(severityText(Severity.WARN), 'WARN');
  t.equal(severityText(Severity.ERROR + 1), 'ERROR2');
  t.equal(severityText(24), 'FATAL4');
  t.equal(severityText(0), 'UNSPECIFIED');
});
